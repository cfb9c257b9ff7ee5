/* I/O for the logs.* checks: every read goes through rootfs with LOGS_CONF_MAX as the bound;
 * include and drop-in orders follow the programs that read the files. */
#include "logs_sources.h"
#include "../core/context.h"
#include "../core/filecache.h"
#include "../core/i18n.h"
#include "../core/result.h"
#include "../core/rootfs.h"
#include "../core/systemd_units.h"
#include "../core/xalloc.h"
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular-file names in dir matching pattern (NULL: all), sorted. */
static char **list_dir(struct audit_context *ctx, const char *dir, const char *pattern,
		       size_t *n_out)
{
	*n_out = 0;
	DIR *d;
	if (rootfs_open_dir(ctx->root, dir, &d) < 0)
		return NULL;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
			continue;
		if (pattern && fnmatch(pattern, e->d_name, FNM_PERIOD) != 0)
			continue;
		XGROW(names, n, cap, n + 1);
		names[n++] = xstrdup(e->d_name);
		if (n >= 4096)
			break; /* a bound on hostile directories */
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	*n_out = n;
	return names;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

size_t logs_glob(struct audit_context *ctx, const char *pattern, logs_file_fn fn, void *ud)
{
	const char *slash = strrchr(pattern, '/');
	if (!slash)
		return 0;
	char dir[4096];
	snprintf(dir, sizeof dir, "%.*s", (int)(slash - pattern), pattern);
	if (!*dir)
		snprintf(dir, sizeof dir, "/");
	const char *base = slash + 1;
	bool wild = strpbrk(base, "*?[") != NULL;
	if (!*base || wild) {
		size_t n;
		char **names = list_dir(ctx, dir, *base ? base : NULL, &n);
		size_t count = 0;
		for (size_t i = 0; i < n; i++) {
			char *path = xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", names[i]);
			struct stat st;
			if (rootfs_stat(ctx->root, path, &st) == 0 && S_ISREG(st.st_mode)) {
				fn(ud, path);
				count++;
			}
			free(path);
		}
		free_names(names, n);
		return count;
	}
	struct stat st;
	if (rootfs_stat(ctx->root, pattern, &st) != 0)
		return 0;
	if (S_ISDIR(st.st_mode)) {
		char all[4096];
		msg_snprintf(all, sizeof all, "%s/", pattern);
		return logs_glob(ctx, all, fn, ud);
	}
	fn(ud, pattern);
	return 1;
}

const char *logs_first_existing(struct audit_context *ctx, const char *const *paths, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (rootfs_stat(ctx->root, paths[i], &st) == 0 && S_ISREG(st.st_mode))
			return paths[i];
	}
	return NULL;
}

bool logs_program_installed(struct audit_context *ctx, const char *const *paths, size_t n)
{
	return logs_first_existing(ctx, paths, n) != NULL;
}

enum logs_unit logs_unit_enabled(struct audit_context *ctx, const char *unit, char *detail,
				 size_t detail_len)
{
	struct unit_status st;
	int rc = systemd_unit_state(ctx, unit, &st);
	if (rc < 0) {
		msg_snprintf(detail, detail_len, "%s: %s", unit, rootfs_strerror(rc));
		return LOGS_UNIT_UNKNOWN;
	}
	if (st.via[0]) /* the state word is systemctl's own (is-enabled); the rest is ours */
		msg_snprintf(detail, detail_len, _("%s: %s (via %s)"), unit, unit_state_name(st.state),
			 st.via);
	else
		msg_snprintf(detail, detail_len, "%s: %s", unit, unit_state_name(st.state));
	if (st.state == UNIT_NOT_FOUND)
		return LOGS_UNIT_ABSENT;
	if (st.state == UNIT_BAD)
		return LOGS_UNIT_UNKNOWN;
	return st.starts ? LOGS_UNIT_ON : LOGS_UNIT_OFF;
}

/* ---- systemd configuration files ---------------------------------------------------------- */

static bool masked(struct audit_context *ctx, const char *path)
{
	struct stat st;
	if (rootfs_lstat(ctx->root, path, &st) != 0)
		return false;
	if (S_ISLNK(st.st_mode)) {
		char target[256];
		if (rootfs_readlink(ctx->root, path, target, sizeof target) >= 0 &&
		    strcmp(target, "/dev/null") == 0)
			return true;
	}
	return S_ISREG(st.st_mode) && st.st_size == 0;
}

static void read_sdconf(struct audit_context *ctx, const char *path, struct sdconf *out)
{
	struct file_buf b;
	int rc = rootfs_read_file(ctx->root, path, LOGS_CONF_MAX, &b);
	if (rc < 0) {
		char why[300];
		msg_snprintf(why, sizeof why, "cannot read: %s", rootfs_strerror(rc));
		sdconf_parse(out, path, "", 0); /* registers the file name for the issue */
		XGROW(out->issues, out->n_issues, out->cap_issues, out->n_issues + 1);
		out->issues[out->n_issues].file = out->files[out->n_files - 1];
		out->issues[out->n_issues].line = 0;
		out->issues[out->n_issues].why = xstrdup(why);
		out->n_issues++;
		return;
	}
	sdconf_parse(out, path, b.data, b.len);
	file_buf_free(&b);
}

size_t logs_load_systemd_conf(struct audit_context *ctx, const char *name, struct sdconf *out)
{
	static const char *const dirs[] = { "/etc/systemd", "/run/systemd", "/usr/local/lib/systemd",
					    "/usr/lib/systemd", "/lib/systemd" };
	size_t ndirs = sizeof dirs / sizeof dirs[0];
	size_t read = 0;
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < ndirs; i++) {
		char path[512];
		msg_snprintf(path, sizeof path, "%s/%s", dirs[i], name);
		struct stat st;
		if (rootfs_stat(ctx->root, path, &st) == 0 && S_ISREG(st.st_mode)) {
			read_sdconf(ctx, path, out);
			read++;
			break;
		}
	}
	/* Drop-ins: union of names, first directory wins a name, then sorted by name. */
	char **names = NULL, **paths = NULL;
	size_t n = 0, cap = 0, pcap = 0;
	for (size_t i = 0; i < ndirs; i++) {
		char dir[512];
		msg_snprintf(dir, sizeof dir, "%s/%s.d", dirs[i], name);
		size_t k;
		char **entries = list_dir(ctx, dir, "*.conf", &k);
		for (size_t j = 0; j < k; j++) {
			bool seen = false;
			for (size_t m = 0; m < n; m++)
				if (strcmp(names[m], entries[j]) == 0)
					seen = true;
			if (seen)
				continue;
			XGROW(names, n, cap, n + 1);
			XGROW(paths, n, pcap, n + 1);
			names[n] = xstrdup(entries[j]);
			paths[n] = xasprintf("%s/%s", dir, entries[j]);
			n++;
		}
		free_names(entries, k);
	}
	/* sort (name, path) pairs by name */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
			t = paths[j];
			paths[j] = paths[j - 1];
			paths[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++) {
		if (!masked(ctx, paths[i])) {
			read_sdconf(ctx, paths[i], out);
			read++;
		}
		free(names[i]);
		free(paths[i]);
	}
	free(names);
	free(paths);
	return read;
}

static const struct sdconf_entry *journal_key(const struct journald_settings *j, const char *key)
{
	const struct sdconf_entry *e = sdconf_get(&j->conf, "Journal", key);
	return e && *e->value ? e : NULL; /* an empty assignment restores the default */
}

static void conf_issue(struct sdconf *c, const struct sdconf_entry *e, const char *why)
{
	XGROW(c->issues, c->n_issues, c->cap_issues, c->n_issues + 1);
	c->issues[c->n_issues].file = e->file;
	c->issues[c->n_issues].line = e->line;
	c->issues[c->n_issues].why = xasprintf("%s=%s: %s", e->key, e->value, why);
	c->n_issues++;
}

void logs_load_journald(struct audit_context *ctx, struct journald_settings *j)
{
	memset(j, 0, sizeof *j);
	static const char *const bins[] = { "/usr/lib/systemd/systemd-journald",
					    "/lib/systemd/systemd-journald" };
	j->installed = logs_program_installed(ctx, bins, 2);
	j->n_files = logs_load_systemd_conf(ctx, "journald.conf", &j->conf);
	struct stat st;
	j->var_log_journal = rootfs_stat(ctx->root, "/var/log/journal", &st) == 0 &&
			     S_ISDIR(st.st_mode);
	j->storage = STORAGE_AUTO;
	const struct sdconf_entry *e = journal_key(j, "Storage");
	if (e) {
		if (strcmp(e->value, "auto") == 0)
			j->storage = STORAGE_AUTO;
		else if (strcmp(e->value, "persistent") == 0)
			j->storage = STORAGE_PERSISTENT;
		else if (strcmp(e->value, "volatile") == 0)
			j->storage = STORAGE_VOLATILE;
		else if (strcmp(e->value, "none") == 0)
			j->storage = STORAGE_NONE;
		else
			conf_issue(&j->conf, e, "unknown storage, journald keeps the previous value");
		j->storage_at = e;
	}
	j->persistent = j->storage == STORAGE_PERSISTENT ||
			(j->storage == STORAGE_AUTO && j->var_log_journal);
	/* Debian and RHEL ship journald.conf with "#ForwardToSyslog=yes" / "=no" as the built-in
	 * default differs by build; Debian's systemd keeps the old default "yes". Use the vendor
	 * file's commented default line when present, else yes. */
	j->forward_to_syslog = true;
	static const char *const mains[] = { "/etc/systemd/journald.conf",
					      "/usr/lib/systemd/journald.conf" };
	const char *main_file = logs_first_existing(ctx, mains, 2);
	struct file_buf b;
	if (main_file && rootfs_read_file(ctx->root, main_file, LOGS_CONF_MAX, &b) == 0) {
		if (strstr(b.data, "\n#ForwardToSyslog=no"))
			j->forward_to_syslog = false;
		file_buf_free(&b);
	}
	e = journal_key(j, "ForwardToSyslog");
	if (e) {
		int yes = sd_parse_boolean(e->value);
		if (yes < 0)
			conf_issue(&j->conf, e, "not a boolean, ignored");
		else
			j->forward_to_syslog = yes;
		j->forward_at = e;
	}
	j->max_level_store = 7;
	j->max_level_syslog = 7;
	if ((e = journal_key(j, "MaxLevelStore"))) {
		int l = sd_parse_log_level(e->value);
		if (l < 0)
			conf_issue(&j->conf, e, "not a log level, ignored");
		else
			j->max_level_store = l;
	}
	if ((e = journal_key(j, "MaxLevelSyslog"))) {
		int l = sd_parse_log_level(e->value);
		if (l < 0)
			conf_issue(&j->conf, e, "not a log level, ignored");
		else
			j->max_level_syslog = l;
	}
	if ((e = journal_key(j, "MaxRetentionSec"))) {
		if (!sd_parse_timespan(e->value, &j->max_retention_usec))
			conf_issue(&j->conf, e, "not a time span, ignored");
		else
			j->max_retention_at = e;
		if (j->max_retention_usec == SD_USEC_INFINITY)
			j->max_retention_usec = 0;
	}
	if ((e = journal_key(j, "SystemMaxUse"))) {
		if (!sd_parse_size(e->value, &j->system_max_use))
			conf_issue(&j->conf, e, "not a size, ignored");
		else
			j->system_max_use_at = e;
	}
	j->max_file_usec = 2629800ULL * 1000000ULL; /* MaxFileSec default: 1month */
	if ((e = journal_key(j, "MaxFileSec"))) {
		if (!sd_parse_timespan(e->value, &j->max_file_usec))
			conf_issue(&j->conf, e, "not a time span, ignored");
	}
}

void logs_journald_free(struct journald_settings *j)
{
	sdconf_free(&j->conf);
}

/* ---- syslog daemons and logrotate ----------------------------------------------------------- */

/* Each program's configuration with its includes is one source: it may read at most its
 * parser's file count and SOURCE_BYTES_MAX bytes, counted before reading (a file included again
 * costs again, from memory: parsing it twice is the cost), and every file is read from disk once
 * per audit (filecache). Includes that fan out stop at the budget in linear time. */
#define SOURCE_BYTES_MAX (4u << 20)

static void budget_init(struct read_budget *b, size_t files)
{
	b->files_left = files;
	b->bytes_left = SOURCE_BYTES_MAX;
	b->exhausted = false;
}

/* The one issue a spent budget gets; *reported keeps it to one. */
static void budget_why(const struct read_budget *b, size_t files, char *why, size_t len)
{
	if (b->files_left == 0)
		snprintf(why, len, "more than %zu configuration files: the rest are not read", files);
	else
		snprintf(why, len, "more than %u MiB of configuration: the rest is not read",
			 SOURCE_BYTES_MAX >> 20);
}

struct rs_ctx {
	struct audit_context *ctx;
	struct rsyslog_config *cfg;
	struct read_budget budget;
	bool budget_reported;
};

static void rs_include(void *ud, struct rsyslog_config *cfg, const char *pattern, bool optional,
		       const char *from, unsigned line);

static void rs_file(void *ud, const char *path)
{
	struct rs_ctx *r = ud;
	if (r->budget_reported)
		return; /* spent: the rest is not even opened */
	struct cached_file f;
	int rc = filecache_read(r->ctx, path, LOGS_CONF_MAX, &r->budget, &f);
	if (rc == -FILECACHE_EBUDGET) {
		if (!r->budget_reported) {
			char why[128];
			budget_why(&r->budget, RS_MAX_FILES, why, sizeof why);
			rsyslog_issue(r->cfg, r->cfg->n_files ? r->cfg->files[0] : path, 0, why);
		}
		r->budget_reported = true;
		return;
	}
	if (rc < 0) {
		char why[300];
		msg_snprintf(why, sizeof why, "cannot read %s: %s", path, rootfs_strerror(rc));
		rsyslog_issue(r->cfg, r->cfg->n_files ? r->cfg->files[0] : path, 0,
			      why);
		return;
	}
	rsyslog_parse(r->cfg, path, f.data, f.len, rs_include, r);
	filecache_release(&f);
}

static void rs_include(void *ud, struct rsyslog_config *cfg, const char *pattern, bool optional,
		       const char *from, unsigned line)
{
	struct rs_ctx *r = ud;
	if (r->budget_reported)
		return; /* spent: not even looked up */
	char abs[1024];
	msg_snprintf(abs, sizeof abs, "%s%s", pattern[0] == '/' ? "" : "/", pattern);
	size_t n = logs_glob(r->ctx, abs, rs_file, r);
	if (n == 0 && !optional && !strpbrk(pattern, "*?[")) {
		char why[1100];
		msg_snprintf(why, sizeof why, "included file %s not found", pattern);
		rsyslog_issue(cfg, from, line, why);
	}
}

bool logs_load_rsyslog(struct audit_context *ctx, struct rsyslog_config *cfg)
{
	rsyslog_init(cfg);
	struct rs_ctx r = { .ctx = ctx, .cfg = cfg };
	budget_init(&r.budget, RS_MAX_FILES);
	struct stat st;
	if (rootfs_stat(ctx->root, "/etc/rsyslog.conf", &st) != 0)
		return false;
	rs_file(&r, "/etc/rsyslog.conf");
	return true;
}

struct sng_ctx {
	struct audit_context *ctx;
	struct syslog_ng_config *cfg;
	struct read_budget budget;
	bool budget_reported;
};

static void sng_include(void *ud, struct syslog_ng_config *cfg, const char *pattern,
			const char *from, unsigned line);

static void sng_file(void *ud, const char *path)
{
	struct sng_ctx *s = ud;
	if (s->budget_reported)
		return; /* spent: the rest is not even opened */
	struct cached_file f;
	int rc = filecache_read(s->ctx, path, LOGS_CONF_MAX, &s->budget, &f);
	if (rc == -FILECACHE_EBUDGET) {
		if (!s->budget_reported) {
			char why[128];
			budget_why(&s->budget, SNG_MAX_FILES, why, sizeof why);
			syslog_ng_issue(s->cfg, s->cfg->n_files ? s->cfg->files[0] : path, 0, why);
		}
		s->budget_reported = true;
		return;
	}
	if (rc < 0) {
		char why[300];
		msg_snprintf(why, sizeof why, "cannot read %s: %s", path, rootfs_strerror(rc));
		syslog_ng_issue(s->cfg, s->cfg->n_files ? s->cfg->files[0] : path, 0, why);
		return;
	}
	syslog_ng_parse(s->cfg, path, f.data, f.len, sng_include, s);
	filecache_release(&f);
}

static void sng_include(void *ud, struct syslog_ng_config *cfg, const char *pattern,
			const char *from, unsigned line)
{
	(void)cfg;
	(void)from;
	(void)line;
	struct sng_ctx *s = ud;
	if (s->budget_reported)
		return; /* spent: not even looked up */
	if (pattern[0] == '/') {
		logs_glob(s->ctx, pattern, sng_file, s);
		return;
	}
	/* relative: syslog-ng's include-path (the configuration directory, then the SCL) */
	static const char *const dirs[] = { "/etc/syslog-ng", "/usr/share/syslog-ng/include" };
	for (size_t i = 0; i < 2; i++) {
		char abs[1024];
		msg_snprintf(abs, sizeof abs, "%s/%s", dirs[i], pattern);
		if (logs_glob(s->ctx, abs, sng_file, s))
			return;
	}
}

bool logs_load_syslog_ng(struct audit_context *ctx, struct syslog_ng_config *cfg)
{
	syslog_ng_init(cfg);
	struct sng_ctx s = { .ctx = ctx, .cfg = cfg };
	budget_init(&s.budget, SNG_MAX_FILES);
	struct stat st;
	if (rootfs_stat(ctx->root, "/etc/syslog-ng/syslog-ng.conf", &st) != 0)
		return false;
	sng_file(&s, "/etc/syslog-ng/syslog-ng.conf");
	syslog_ng_resolve(cfg);
	return true;
}

struct lr_ctx {
	struct audit_context *ctx;
	struct logrotate_config *cfg;
	struct read_budget budget;
	bool budget_reported;
};

static void lr_include(void *ud, struct logrotate_config *cfg, const char *path,
		       const char *from, unsigned line);

/* logrotate ignores, when run as root, a file writable by group or others, and one not owned by
 * root: only the mode is judged offline (an unpacked image may belong to its unpacker). The mode
 * and owner are those of the descriptor the contents were read from. */
static void lr_file(struct lr_ctx *l, const char *path, const char *from, unsigned line)
{
	if (l->budget_reported)
		return; /* spent: the rest is not even opened */
	struct cached_file f;
	int rc = filecache_read(l->ctx, path, 0xffffff, &l->budget, &f);
	if (rc == -FILECACHE_EBUDGET) {
		if (!l->budget_reported) {
			char why[128];
			budget_why(&l->budget, LR_MAX_FILES, why, sizeof why);
			logrotate_issue(l->cfg, from, line, why);
		}
		l->budget_reported = true;
		return;
	}
	if (rc < 0) {
		char why[300];
		msg_snprintf(why, sizeof why, "cannot read %s: %s", path, rootfs_strerror(rc));
		logrotate_issue(l->cfg, from, line, why);
		return;
	}
	if (f.st.st_mode & 0022) {
		char why[300];
		msg_snprintf(why, sizeof why, "%s is writable by group or others: logrotate ignores it",
			 path);
		logrotate_issue(l->cfg, from, line, why);
	} else if (l->ctx->live && f.st.st_uid != 0) {
		char why[300];
		msg_snprintf(why, sizeof why, "%s is not owned by root: logrotate ignores it", path);
		logrotate_issue(l->cfg, from, line, why);
	} else {
		logrotate_parse(l->cfg, path, f.data, f.len, lr_include, l);
	}
	filecache_release(&f);
}

static void lr_include(void *ud, struct logrotate_config *cfg, const char *path,
		       const char *from, unsigned line)
{
	struct lr_ctx *l = ud;
	if (l->budget_reported)
		return; /* spent: not even looked up */
	struct stat st;
	int rc = rootfs_stat(l->ctx->root, path, &st);
	if (rc < 0) {
		char why[300];
		msg_snprintf(why, sizeof why, "cannot stat %s: %s", path, rootfs_strerror(rc));
		logrotate_issue(cfg, from, line, why);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		lr_file(l, path, from, line);
		return;
	}
	size_t n;
	char **names = list_dir(l->ctx, path, NULL, &n); /* sorted like logrotate's qsort/strcoll (C) */
	for (size_t i = 0; i < n && !l->budget_reported; i++) {
		if (logrotate_taboo(cfg, names[i]))
			continue;
		char full[1024];
		msg_snprintf(full, sizeof full, "%s/%s", path, names[i]);
		struct stat fst;
		if (rootfs_stat(l->ctx->root, full, &fst) == 0 && S_ISREG(fst.st_mode))
			lr_file(l, full, from, line);
	}
	free_names(names, n);
}

bool logs_load_logrotate(struct audit_context *ctx, struct logrotate_config *cfg)
{
	logrotate_init(cfg);
	struct stat st;
	if (rootfs_stat(ctx->root, "/etc/logrotate.conf", &st) != 0)
		return false;
	struct lr_ctx l = { .ctx = ctx, .cfg = cfg };
	budget_init(&l.budget, LR_MAX_FILES);
	lr_file(&l, "/etc/logrotate.conf", "/etc/logrotate.conf", 0);
	return true;
}

size_t logs_auth_log_paths(const struct rsyslog_config *rs, const struct syslog_ng_config *sng,
			   char paths[][256], size_t max)
{
	size_t n = 0;
	const struct rs_dest *lists[2] = { rs ? rs->dests : NULL, sng ? sng->dests : NULL };
	size_t counts[2] = { rs ? rs->n_dests : 0, sng ? sng->n_dests : 0 };
	for (int l = 0; l < 2; l++)
		for (size_t i = 0; i < counts[l] && n < max; i++) {
			const struct rs_dest *d = &lists[l][i];
			if (d->kind != RS_DEST_FILE || d->target[0] != '/')
				continue;
			if (d->reach[RS_AUTH] == RS_NO && d->reach[RS_AUTHPRIV] == RS_NO)
				continue;
			if (!logs_path_persistent(d->target))
				continue;
			bool dup = false;
			for (size_t k = 0; k < n; k++)
				if (strcmp(paths[k], d->target) == 0)
					dup = true;
			if (!dup)
				msg_snprintf(paths[n++], 256, "%s", d->target);
		}
	return n;
}

bool logs_path_persistent(const char *path)
{
	static const char *const volatile_prefixes[] = { "/run/", "/dev/", "/tmp/", "/var/run/",
							 "/proc/", "/sys/" };
	for (size_t i = 0; i < sizeof volatile_prefixes / sizeof volatile_prefixes[0]; i++)
		if (strncmp(path, volatile_prefixes[i], strlen(volatile_prefixes[i])) == 0)
			return false;
	return path[0] == '/';
}

void logs_issue_finding(struct check_result *r, const char *file, unsigned line, const char *why)
{
	struct finding *f;
	if (line) {
		f = result_finding(r, FINDING_WARN, file, _("line %u: %s"), line, why);
		finding_evidence(f, file, _("line %u"), line);
	} else {
		f = result_finding(r, FINDING_WARN, file, "%s", why);
		finding_evidence(f, file, "%s", why);
	}
}
