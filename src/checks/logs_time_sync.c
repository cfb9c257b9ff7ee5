/* logs.time_sync (item 2-11): log timestamps are evidence only when the clock follows a reliable
 * source — chrony, systemd-timesyncd or ntpd/ntpsec enabled with a configured server; on a live
 * host also whether the kernel clock is synchronised now (adjtimex, read-only). */
#include "logs_sources.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/platform.h"
#include "../core/rootfs.h"
#include "../core/xalloc.h"
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct daemon_state {
	const char *name;
	bool installed, enabled;
	size_t sources; /* real (not local-clock) sources */
	char detail[512];
	char conf[128];
};

static void ts_issues(struct check_result *r, const struct ts_config *c)
{
	for (size_t i = 0; i < c->n_issues; i++) {
		logs_issue_finding(r, c->issues[i].file, c->issues[i].line, c->issues[i].why);
	}
}

static void ts_sources_evidence(struct check_result *r, const struct ts_config *c)
{
	for (size_t i = 0; i < c->n_sources && i < 16; i++)
		result_evidence(r, c->sources[i].file, _("line %u: %s %s%s"), c->sources[i].line,
				c->sources[i].directive, c->sources[i].address,
				c->sources[i].local_clock ? _(" (the local clock: no reference)") : "");
}

/* ---- chrony / ntpd includes --------------------------------------------------------------- */

struct ts_io {
	struct audit_context *ctx;
	struct ts_config *cfg;
	enum ts_format format;
};

static void ts_include(void *ud, struct ts_config *cfg, enum ts_include_kind kind,
		       char *const *args, size_t n_args, const char *from, unsigned line);

static void ts_read(struct ts_io *io, const char *path, enum ts_format format)
{
	struct file_buf b;
	int rc = rootfs_read_file(io->ctx->root, path, LOGS_CONF_MAX, &b);
	if (rc < 0) {
		char why[300];
		msg_snprintf(why, sizeof why, "cannot read %s: %s", path, rootfs_strerror(rc));
		ts_config_issue(io->cfg, io->cfg->n_files ? io->cfg->files[0] : path, 0, why);
		return;
	}
	ts_config_parse(io->cfg, format, path, b.data, b.len, ts_include, io);
	file_buf_free(&b);
}

struct glob_ud {
	struct ts_io *io;
	enum ts_format format;
};

static void glob_cb(void *ud, const char *path)
{
	struct glob_ud *g = ud;
	ts_read(g->io, path, g->format);
}

static void ts_include(void *ud, struct ts_config *cfg, enum ts_include_kind kind,
		       char *const *args, size_t n_args, const char *from, unsigned line)
{
	(void)cfg;
	(void)from;
	(void)line;
	struct ts_io *io = ud;
	if (kind == TS_INC_INCLUDE) {
		struct glob_ud g = { io, io->format };
		logs_glob(io->ctx, args[0], glob_cb, &g);
		return;
	}
	if (kind == TS_INC_SOURCEDIR) {
		char pat[1024];
		msg_snprintf(pat, sizeof pat, "%s/*.sources", args[0]);
		struct glob_ud g = { io, TS_CHRONY_SOURCES };
		logs_glob(io->ctx, pat, glob_cb, &g);
		return;
	}
	/* confdir: *.conf of up to 10 directories; a name in an earlier directory hides later ones,
	 * the files are read sorted by name (chrony conf.c search_dirs) */
	char *paths[256];
	const char *names[256];
	size_t n = 0;
	for (size_t d = 0; d < n_args && d < 10; d++) {
		DIR *dir;
		if (rootfs_open_dir(io->ctx->root, args[d], &dir) < 0)
			continue;
		struct dirent *e;
		while ((e = readdir(dir)) != NULL && n < 256) {
			if (fnmatch("*.conf", e->d_name, FNM_PERIOD) != 0)
				continue;
			bool seen = false;
			for (size_t k = 0; k < n; k++)
				if (strcmp(names[k], e->d_name) == 0)
					seen = true;
			if (seen)
				continue;
			paths[n] = xasprintf("%s/%s", args[d], e->d_name);
			names[n] = strrchr(paths[n], '/') + 1;
			n++;
		}
		closedir(dir);
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *tp = paths[j];
			const char *tn = names[j];
			paths[j] = paths[j - 1];
			names[j] = names[j - 1];
			paths[j - 1] = tp;
			names[j - 1] = tn;
		}
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (rootfs_stat(io->ctx->root, paths[i], &st) == 0 && S_ISREG(st.st_mode))
			ts_read(io, paths[i], TS_CHRONY);
		free(paths[i]);
	}
}

static void judge_ntp_daemon(struct audit_context *ctx, struct check_result *r,
			     struct daemon_state *d, const char *const *bins, size_t nbins,
			     const char *const *units, size_t nunits, const char *const *confs,
			     size_t nconfs, enum ts_format format)
{
	d->installed = logs_program_installed(ctx, bins, nbins);
	if (!d->installed)
		return;
	for (size_t i = 0; i < nunits && !d->enabled; i++) {
		enum logs_unit u = logs_unit_enabled(ctx, units[i], d->detail, sizeof d->detail);
		d->enabled = u == LOGS_UNIT_ON;
		if (u != LOGS_UNIT_ABSENT)
			break;
	}
	result_evidence(r, NULL, "%s", d->detail);
	const char *conf = logs_first_existing(ctx, confs, nconfs);
	if (!conf) {
		result_evidence(r, confs[0], _("%s: no configuration file"), d->name);
		return;
	}
	msg_snprintf(d->conf, sizeof d->conf, "%s", conf);
	struct ts_config cfg;
	ts_config_init(&cfg);
	struct ts_io io = { ctx, &cfg, format };
	ts_read(&io, conf, format);
	ts_issues(r, &cfg);
	ts_sources_evidence(r, &cfg);
	d->sources = ts_config_real_sources(&cfg);
	if (cfg.has_local_stratum)
		result_evidence(r, conf, _("serves its own clock when no source is reachable "
					   "(local / fudge 127.127.1.0)"));
	ts_config_free(&cfg);
}

/* systemd-timesyncd: NTP= and FallbackNTP= lists ("" resets); the compiled-in fallback applies
 * when FallbackNTP= is never assigned (Debian: 0-3.debian.pool.ntp.org). */
static void judge_timesyncd(struct audit_context *ctx, struct check_result *r,
			    struct daemon_state *d)
{
	static const char *const bins[] = { "/usr/lib/systemd/systemd-timesyncd",
					    "/lib/systemd/systemd-timesyncd" };
	d->installed = logs_program_installed(ctx, bins, 2);
	if (!d->installed)
		return;
	enum logs_unit u = logs_unit_enabled(ctx, "systemd-timesyncd.service", d->detail,
					     sizeof d->detail);
	d->enabled = u == LOGS_UNIT_ON;
	result_evidence(r, NULL, "%s", d->detail);
	struct sdconf c;
	size_t files = logs_load_systemd_conf(ctx, "timesyncd.conf", &c);
	for (size_t i = 0; i < c.n_issues; i++) {
		logs_issue_finding(r, c.issues[i].file, c.issues[i].line, c.issues[i].why);
	}
	size_t ntp = 0, fallback = 0;
	bool fallback_assigned = false;
	const struct sdconf_entry *last_ntp = NULL, *last_fb = NULL;
	for (size_t i = 0; i < c.n; i++) {
		const struct sdconf_entry *e = &c.entries[i];
		if (strcmp(e->section, "Time") != 0)
			continue;
		size_t *count = NULL;
		if (strcmp(e->key, "NTP") == 0) {
			count = &ntp;
			last_ntp = e;
		} else if (strcmp(e->key, "FallbackNTP") == 0) {
			count = &fallback;
			fallback_assigned = true;
			last_fb = e;
		}
		if (!count)
			continue;
		if (!*e->value) {
			*count = 0;
			continue;
		}
		char *copy = xstrdup(e->value), *save = NULL;
		for (char *w = strtok_r(copy, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
			(*count)++;
		free(copy);
	}
	if (last_ntp)
		result_evidence(r, last_ntp->file, _("line %u: NTP=%s"), last_ntp->line, last_ntp->value);
	if (last_fb)
		result_evidence(r, last_fb->file, _("line %u: FallbackNTP=%s"), last_fb->line,
				last_fb->value);
	d->sources = ntp + fallback;
	if (!fallback_assigned) {
		d->sources += 1;
		result_evidence(r, NULL, _("FallbackNTP not set: timesyncd's compiled-in servers apply "
					   "(Debian: 0-3.debian.pool.ntp.org)"));
	}
	result_evidence(r, NULL, _("timesyncd.conf: %zu file(s) read"), files);
	snprintf(d->conf, sizeof d->conf, "/etc/systemd/timesyncd.conf");
	sdconf_free(&c);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	struct daemon_state chrony = { .name = "chrony" }, timesyncd = { .name = "systemd-timesyncd" },
			    ntpd = { .name = "ntpd" };
	static const char *const chrony_bins[] = { "/usr/sbin/chronyd", "/sbin/chronyd" };
	static const char *const chrony_units[] = { "chrony.service", "chronyd.service" };
	static const char *const chrony_confs[] = { "/etc/chrony/chrony.conf", "/etc/chrony.conf" };
	judge_ntp_daemon(ctx, r, &chrony, chrony_bins, 2, chrony_units, 2, chrony_confs, 2,
			 TS_CHRONY);
	judge_timesyncd(ctx, r, &timesyncd);
	static const char *const ntp_bins[] = { "/usr/sbin/ntpd", "/sbin/ntpd" };
	static const char *const ntp_units[] = { "ntpsec.service", "ntp.service", "ntpd.service" };
	static const char *const ntp_confs[] = { "/etc/ntpsec/ntp.conf", "/etc/ntp.conf" };
	judge_ntp_daemon(ctx, r, &ntpd, ntp_bins, 2, ntp_units, 3, ntp_confs, 2, TS_NTP);

	struct daemon_state *all[] = { &chrony, &timesyncd, &ntpd };
	size_t good = 0, enabled = 0;
	const char *good_name = NULL;
	for (size_t i = 0; i < 3; i++) {
		struct daemon_state *d = all[i];
		if (!d->installed)
			continue;
		if (d->enabled)
			enabled++;
		if (d->enabled && d->sources > 0) {
			good++;
			good_name = d->name;
		} else if (d->enabled) {
			struct finding *f = result_finding(r, FINDING_FAIL, d->name,
				_("enabled but no time source is configured"));
			finding_evidence(f, d->conf[0] ? d->conf : NULL, _("no server, pool or peer"));
		} else {
			struct finding *f = result_finding(r, FINDING_INFO, d->name,
							   _("installed but not enabled"));
			finding_evidence(f, NULL, "%s", d->detail);
		}
	}
	if (enabled > 1) {
		result_finding(r, FINDING_WARN, _("time synchronisation"),
			       _("%zu time daemons are enabled: they adjust the same clock against "
				 "each other"), enabled);
	}
	if (good == 0) {
		result_finding(r, FINDING_FAIL, _("time synchronisation"),
			_("no enabled time daemon (chrony, systemd-timesyncd, ntpd) with a configured "
			  "source: log timestamps cannot be trusted as evidence"));
		result_reason(r, _("the clock is not synchronised to a time source"));
		return;
	}

	if (ctx->live) {
		bool synced;
		long maxerr;
		int rc = platform_clock_synchronized(&synced, &maxerr);
		if (rc < 0) {
			result_evidence(r, "adjtimex()", _("kernel clock status unavailable: %s"),
					kensa_strerror(-rc));
		} else if (!synced) {
			struct finding *f = result_finding(r, FINDING_WARN, _("kernel clock"),
				_("not synchronised now (STA_UNSYNC): the time daemon has not reached "
				  "its source"));
			finding_evidence(f, "adjtimex()", _("maximum error %ld µs"), maxerr);
		} else {
			result_evidence(r, "adjtimex()", _("kernel clock synchronised (maximum error "
							   "%ld µs)"), maxerr);
		}
		if (timesyncd.enabled)
			result_evidence(r, "/run/systemd/timesync/synchronized",
					rootfs_exists(ctx->root, "/run/systemd/timesync/synchronized")
						? _("present: timesyncd has synchronised since boot")
						: _("absent: timesyncd has not synchronised since boot"));
	} else {
		result_evidence(r, NULL, _("whether the clock is synchronised now is only known on a "
					   "live host"));
	}
	result_reason(r, _("%s is enabled with a configured time source"), good_name);
}

const struct check check_logs_time_sync = {
	.id = "logs.time_sync",
	.title = N_("The clock is synchronised to a reliable time source"),
	.remediation = N_("Enable one time daemon with a reachable server: chrony ('server' or "
			  "'pool' in /etc/chrony/chrony.conf or /etc/chrony/sources.d/*.sources, "
			  "systemctl enable --now chrony) or systemd-timesyncd (NTP= in "
			  "/etc/systemd/timesyncd.conf.d/*.conf, systemctl enable --now "
			  "systemd-timesyncd); use the clinic's or the vendor's NTP server where the "
			  "network blocks the internet."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
