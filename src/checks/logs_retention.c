/* logs.retention (item 2-11): how many days of each access log are kept — the auth log, wtmp,
 * btmp (logrotate), the persistent journal (journald limits), the audit log (auditd.conf) —
 * against the profile's [logs] retention_days, with the oldest record actually on disk as
 * evidence ("configured 28 days, oldest file on disk 27 days"). */
#include "logs_sources.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/timefmt.h"
#include "../core/xalloc.h"
#include "../parsers/auditd_conf.h"
#include "../parsers/journal_header.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

struct tally {
	long long required;
	size_t sources, short_ones, unknown;
	double shortest;
	char shortest_name[256];
};

static void note_days(struct tally *t, const char *name, double days)
{
	if (t->shortest < 0 || days < t->shortest) {
		t->shortest = days;
		msg_snprintf(t->shortest_name, sizeof t->shortest_name, "%s", name);
	}
}

static const char *where(const struct lr_origin *o, char *buf, size_t len)
{
	if (!o->file)
		msg_snprintf(buf, len, "%s", _("logrotate built-in default"));
	else
		msg_snprintf(buf, len, "%s:%u", o->file, o->line);
	return buf;
}

/* ---- evidence on disk -------------------------------------------------------------------------- */

/* The oldest rotated copy of PATH in its directory: NAME.N[.ext] or NAME-DATE[.ext] (dateext). */
static bool oldest_rotated(struct audit_context *ctx, const char *path, char *name_out,
			   size_t name_len, time_t *mtime_out, size_t *count_out)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return false;
	char dir[512];
	snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	const char *base = slash + 1;
	size_t bl = strlen(base);
	DIR *d;
	if (rootfs_open_dir(ctx->root, *dir ? dir : "/", &d) < 0)
		return false;
	bool found = false;
	size_t count = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, base, bl) != 0)
			continue;
		const char *rest = e->d_name + bl;
		if ((rest[0] != '.' && rest[0] != '-') || !isdigit((unsigned char)rest[1]))
			continue;
		char full[1024];
		msg_snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
		struct stat st;
		if (rootfs_stat(ctx->root, full, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		count++;
		if (!found || st.st_mtime < *mtime_out) {
			*mtime_out = st.st_mtime;
			msg_snprintf(name_out, name_len, "%s", full);
			found = true;
		}
		if (count > 10000)
			break;
	}
	closedir(d);
	*count_out = count;
	return found;
}

static void disk_evidence(struct audit_context *ctx, struct check_result *r, struct finding *f,
			  const char *path)
{
	char oldest[1024];
	time_t mt = 0;
	size_t n = 0;
	if (oldest_rotated(ctx, path, oldest, sizeof oldest, &mt, &n)) {
		long long age = ((long long)ctx->now - (long long)mt) / 86400;
		char when[32];
		format_time(mt, when, sizeof when);
		if (f)
			finding_evidence(f, oldest, _("on disk: %zu rotated file(s); oldest modified %s "
						      "(%lld days ago)"), n, when, age);
		else
			result_evidence(r, oldest, _("on disk: %zu rotated file(s); oldest modified %s "
						     "(%lld days ago)"), n, when, age);
	} else {
		if (f)
			finding_evidence(f, path, _("on disk: no rotated copies"));
		else
			result_evidence(r, path, _("on disk: no rotated copies"));
	}
}

/* ---- logrotate-managed files ------------------------------------------------------------------ */

static void judge_rotated_file(struct audit_context *ctx, struct check_result *r,
			       const struct logrotate_config *lr, bool have_logrotate,
			       const char *path, struct tally *t)
{
	t->sources++;
	const struct lr_block *b = have_logrotate ? logrotate_find(lr, path) : NULL;
	if (!b) {
		result_evidence(r, path, have_logrotate
				? _("no logrotate rule: never rotated, kept until deleted by hand")
				: _("logrotate is not configured: never rotated"));
		disk_evidence(ctx, r, NULL, path);
		return;
	}
	struct lr_retention ret;
	logrotate_retention(&b->opt, &ret);
	char w1[600], w2[600];
	if (ret.kind == LR_KEEP_SIZE_ONLY) {
		t->unknown++;
		struct finding *f = result_finding(r, FINDING_WARN, path,
			_("rotated by size only (size %lld bytes, rotate %ld): how many days that keeps "
			  "depends on the log volume, not on the configuration"),
			b->opt.size, b->opt.rotate);
		finding_evidence(f, b->at.file, _("line %u: block for %s"), b->at.line, path);
		finding_evidence(f, NULL, _("rotation criterion from %s"),
				 where(&b->opt.criterion_at, w1, sizeof w1));
		finding_remedy(f, _("Rotate %s by time in %s (line %u): e.g. 'weekly' with 'rotate %lld', or add 'maxage %lld'."),
			       path, b->at.file, b->at.line, (t->required + 6) / 7, t->required);
		disk_evidence(ctx, r, f, path);
		return;
	}
	if (ret.kind == LR_KEEP_FOREVER) {
		result_evidence(r, b->at.file, _("line %u: %s: rotate -1 without maxage, rotated logs "
						 "are never removed"), b->at.line, path);
		disk_evidence(ctx, r, NULL, path);
		return;
	}
	note_days(t, path, ret.days);
	char what[256];
	if (ret.maxage_limited)
		msg_snprintf(what, sizeof what, _("maxage %ld (%s)"), b->opt.maxage,
			 where(&b->opt.maxage_at, w1, sizeof w1));
	else
		msg_snprintf(what, sizeof what, _("%s × rotate %ld (%s; %s)"),
			 logrotate_criterion_name(b->opt.criterion), b->opt.rotate,
			 where(&b->opt.criterion_at, w1, sizeof w1),
			 where(&b->opt.rotate_at, w2, sizeof w2));
	if (ret.days < (double)t->required) {
		t->short_ones++;
		struct finding *f = result_finding(r, FINDING_FAIL, path,
			_("kept %.0f days (%s), fewer than the %lld required"), floor(ret.days), what,
			t->required);
		finding_evidence(f, b->at.file, _("line %u: block for %s"), b->at.line, path);
		finding_remedy(f, _("Keep %s at least %lld days in %s (line %u): e.g. 'weekly' with 'rotate %lld'."),
			       path, t->required, b->at.file, b->at.line, (t->required + 6) / 7);
		disk_evidence(ctx, r, f, path);
	} else if (ret.maxsize_may_shorten) {
		t->unknown++;
		struct finding *f = result_finding(r, FINDING_WARN, path,
			_("kept up to %.0f days (%s), but maxsize %lld can rotate it sooner"),
			floor(ret.days), what, b->opt.maxsize);
		finding_evidence(f, b->opt.maxsize_at.file, _("line %u: maxsize"),
				 b->opt.maxsize_at.line);
		finding_remedy(f, _("Remove 'maxsize' for %s in %s (line %u), or raise it, so that time decides the rotation."),
			       path, b->opt.maxsize_at.file, b->opt.maxsize_at.line);
		disk_evidence(ctx, r, f, path);
	} else {
		result_evidence(r, b->at.file, _("line %u: %s kept %.0f days (%s)"), b->at.line, path,
				floor(ret.days), what);
		disk_evidence(ctx, r, NULL, path);
	}
}

/* ---- the journal -------------------------------------------------------------------------- */

struct journal_scan {
	size_t files, bad;
	uint64_t bytes;
	uint64_t head_usec, tail_usec; /* oldest first entry, newest last entry */
	char bad_file[1024];
	char bad_why[96];
};

static void scan_journal_dir(struct audit_context *ctx, const char *dir, struct journal_scan *s)
{
	DIR *d;
	if (rootfs_open_dir(ctx->root, dir, &d) < 0)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		bool journal = (l > 8 && strcmp(e->d_name + l - 8, ".journal") == 0) ||
			       (l > 9 && strcmp(e->d_name + l - 9, ".journal~") == 0);
		if (!journal)
			continue;
		char path[1024];
		msg_snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		int fd;
		struct stat st;
		if (rootfs_open_file(ctx->root, path, &fd, &st) < 0)
			continue;
		unsigned char hdr[JOURNAL_HEADER_MIN];
		ssize_t n = pread(fd, hdr, sizeof hdr, 0); /* the header only, never the file */
		close(fd);
		struct journal_header h;
		const char *why = "short read";
		if (n != (ssize_t)sizeof hdr || !journal_header_parse(hdr, sizeof hdr, &h, &why)) {
			if (!s->bad++) {
				msg_snprintf(s->bad_file, sizeof s->bad_file, "%s", path);
				msg_snprintf(s->bad_why, sizeof s->bad_why, "%s", why);
			}
			continue;
		}
		s->files++;
		s->bytes += (uint64_t)st.st_blocks * 512; /* journald counts disk usage in blocks */
		if (h.n_entries == 0 || h.head_realtime_usec == 0)
			continue;
		if (!s->head_usec || h.head_realtime_usec < s->head_usec)
			s->head_usec = h.head_realtime_usec;
		if (h.tail_realtime_usec > s->tail_usec)
			s->tail_usec = h.tail_realtime_usec;
		if (s->files > 20000)
			break;
	}
	closedir(d);
}

static void judge_journal(struct audit_context *ctx, struct check_result *r, struct tally *t)
{
	struct journald_settings j;
	logs_load_journald(ctx, &j);
	if (!j.installed || !j.persistent) {
		result_evidence(r, "/var/log/journal", j.installed
				? _("journal not persistent (Storage=%s): not a retention source")
				: _("systemd-journald not installed%s"),
				j.installed ? (j.storage == STORAGE_AUTO ? "auto" :
					       j.storage == STORAGE_VOLATILE ? "volatile" : "none") : "");
		logs_journald_free(&j);
		return;
	}
	t->sources++;
	struct journal_scan s;
	memset(&s, 0, sizeof s);
	size_t ndirs;
	DIR *d;
	if (rootfs_open_dir(ctx->root, "/var/log/journal", &d) == 0) {
		struct dirent *e;
		char **dirs = NULL;
		size_t cap = 0;
		ndirs = 0;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			XGROW(dirs, ndirs, cap, ndirs + 1);
			dirs[ndirs++] = xasprintf("/var/log/journal/%s", e->d_name);
			if (ndirs > 64)
				break;
		}
		closedir(d);
		for (size_t i = 0; i < ndirs; i++) {
			scan_journal_dir(ctx, dirs[i], &s);
			free(dirs[i]);
		}
		free(dirs);
	}
	if (s.bad) {
		struct finding *f = result_finding(r, FINDING_WARN, s.bad_file,
			_("%zu journal file(s) with an unreadable header (%s)"), s.bad, s.bad_why);
		finding_evidence(f, s.bad_file, "%s", s.bad_why);
	}
	double oldest_days = -1, span_days = 0;
	if (s.head_usec) {
		oldest_days = ((double)ctx->now - (double)s.head_usec / 1e6) / 86400.0;
		span_days = (double)(s.tail_usec - s.head_usec) / 1e6 / 86400.0;
		char when[32];
		format_time((int64_t)(s.head_usec / 1000000), when, sizeof when);
		result_evidence(r, "/var/log/journal",
				_("on disk: %zu journal file(s), %.1f MiB, oldest entry %s (%.0f days "
				  "ago), spanning %.1f days"),
				s.files, (double)s.bytes / 1048576.0, when, floor(oldest_days), span_days);
	} else {
		result_evidence(r, "/var/log/journal", _("on disk: no journal entries yet"));
	}
	double limit = -1; /* configured time bound in days, -1 none */
	if (j.max_retention_usec) {
		limit = (double)j.max_retention_usec / 1e6 / 86400.0;
		if (limit < (double)t->required) {
			t->short_ones++;
			note_days(t, "journal", limit);
			struct finding *f = result_finding(r, FINDING_FAIL, _("journal"),
				_("MaxRetentionSec=%s removes entries after %.0f days, fewer than the "
				  "%lld required"), j.max_retention_at->value, floor(limit), t->required);
			finding_evidence(f, j.max_retention_at->file, _("line %u: MaxRetentionSec=%s"),
					 j.max_retention_at->line, j.max_retention_at->value);
			finding_remedy(f, _("Raise MaxRetentionSec= in %s (line %u) to at least %lldday, or remove it."),
				       j.max_retention_at->file, j.max_retention_at->line, t->required);
			logs_journald_free(&j);
			return;
		}
		result_evidence(r, j.max_retention_at->file, _("line %u: MaxRetentionSec=%s (%.0f days)"),
				j.max_retention_at->line, j.max_retention_at->value, floor(limit));
	}
	/* Otherwise the journal is bounded by space (SystemMaxUse, by default 10% of its file system,
	 * at most 4 GiB): estimate from its growth so far. */
	uint64_t cap_bytes = j.system_max_use;
	const char *cap_src = NULL;
	char capbuf[128];
	if (cap_bytes) {
		msg_snprintf(capbuf, sizeof capbuf, "SystemMaxUse=%s", j.system_max_use_at->value);
		cap_src = capbuf;
	} else if (ctx->live) {
		int fd;
		if (rootfs_open_dir(ctx->root, "/var/log/journal", &d) == 0) {
			fd = dirfd(d);
			struct statvfs vfs;
			if (fstatvfs(fd, &vfs) == 0) {
				uint64_t fs = (uint64_t)vfs.f_blocks * vfs.f_frsize;
				cap_bytes = fs / 10;
				if (cap_bytes > 4ULL << 30)
					cap_bytes = 4ULL << 30;
				msg_snprintf(capbuf, sizeof capbuf,
					 _("SystemMaxUse default: 10%% of %.1f GiB, at most 4 GiB"),
					 (double)fs / 1073741824.0);
				cap_src = capbuf;
			}
			closedir(d);
		}
	}
	if (oldest_days >= (double)t->required) {
		note_days(t, "journal", oldest_days);
		result_evidence(r, "/var/log/journal", _("holds %.0f days already (%lld required)"),
				floor(oldest_days), t->required);
		logs_journald_free(&j);
		return;
	}
	if (cap_bytes && s.bytes > 0 && span_days >= 1) {
		double est = span_days * (double)cap_bytes / (double)s.bytes;
		if (limit > 0 && est > limit)
			est = limit;
		note_days(t, "journal", est);
		if (est < (double)t->required) {
			t->unknown++;
			struct finding *f = result_finding(r, FINDING_WARN, _("journal"),
				_("space-bounded: at its growth so far (%.1f MiB in %.1f days) %s keeps "
				  "about %.0f days, fewer than the %lld required"),
				(double)s.bytes / 1048576.0, span_days, cap_src, floor(est), t->required);
			finding_evidence(f, j.system_max_use_at ? j.system_max_use_at->file
								: "/var/log/journal", "%s", cap_src);
			finding_remedy(f, _("Bound the journal by time: set MaxRetentionSec=%lldday and a SystemMaxUse= large enough for it in /etc/systemd/journald.conf.d/."),
				       t->required);
		} else {
			result_evidence(r, "/var/log/journal",
					_("space-bounded: at its growth so far %s keeps about %.0f days"),
					cap_src, floor(est));
		}
	} else {
		t->unknown++;
		struct finding *f = result_finding(r, FINDING_WARN, _("journal"),
			_("space-bounded (SystemMaxUse%s) without MaxRetentionSec: how many days it keeps "
			  "cannot be told yet (%s)"),
			/* xgettext:no-c-format */
			cap_src ? "" : _(", default 10% of its file system"),
			!s.head_usec ? _("no entries on disk")
			: span_days < 1 ? _("less than a day of entries to measure growth")
					: _("the file system size is only known on a live host"));
		if (oldest_days < 0)
			finding_evidence(f, "/var/log/journal", _("no entries on disk"));
		else
			finding_evidence(f, "/var/log/journal", _("oldest entry %.0f days ago"),
					 floor(oldest_days));
		finding_remedy(f, _("Bound the journal by time: set MaxRetentionSec=%lldday and a SystemMaxUse= large enough for it in /etc/systemd/journald.conf.d/."),
			       t->required);
	}
	logs_journald_free(&j);
}

/* ---- the audit log -------------------------------------------------------------------------- */

static void judge_audit(struct audit_context *ctx, struct check_result *r, struct tally *t)
{
	static const char *const bins[] = { "/usr/sbin/auditd", "/sbin/auditd" };
	if (!logs_program_installed(ctx, bins, 2))
		return;
	struct auditd_conf ac;
	struct file_buf b;
	int rc = rootfs_read_file(ctx->root, "/etc/audit/auditd.conf", LOGS_CONF_MAX, &b);
	if (rc == 0) {
		auditd_conf_parse(b.data, b.len, &ac);
		file_buf_free(&b);
	} else {
		auditd_conf_parse("", 0, &ac);
		result_evidence(r, "/etc/audit/auditd.conf", _("%s: auditd's built-in defaults"),
				rootfs_strerror(rc));
	}
	if (!ac.write_logs)
		return;
	t->sources++;
	const char *conf = "/etc/audit/auditd.conf";
	switch (ac.action) {
	case AUDITD_ROTATE:
		break;
	case AUDITD_ACTION_INVALID:
		t->unknown++;
		finding_remedy(result_finding(r, FINDING_WARN, ac.log_file,
					      _("max_log_file_action not understood: auditd refuses to start")),
			       _("Set max_log_file_action in %s to keep_logs (or rotate with enough num_logs)."),
			       conf);
		return;
	default:
		result_evidence(r, conf, _("line %u: max_log_file_action = %s: %s is never deleted by "
					   "auditd"), ac.action_line, auditd_action_name(ac.action),
				ac.log_file);
		disk_evidence(ctx, r, NULL, ac.log_file);
		return;
	}
	if (ac.max_log_file_mb == 0) {
		result_evidence(r, conf, _("max_log_file = 0: %s is never rotated"), ac.log_file);
		return;
	}
	if (ac.num_logs < 2) {
		t->unknown++;
		struct finding *f = result_finding(r, FINDING_WARN, ac.log_file,
			_("max_log_file_action = ROTATE with num_logs %ld: the log is not kept in "
			  "rotated copies"), ac.num_logs);
		finding_evidence(f, conf, _("line %u: num_logs"), ac.num_logs_line);
		finding_remedy(f, _("For %s, set max_log_file_action = keep_logs in %s, or raise num_logs and max_log_file so that %lld days fit."),
			       ac.log_file, conf, t->required);
		return;
	}
	/* ROTATE: num_logs files of max_log_file MiB — bounded by space. Rotated copies are full,
	 * so their count and the oldest one's age measure the rate. */
	double cap_mib = (double)ac.num_logs * (double)ac.max_log_file_mb;
	char oldest[1024];
	time_t mt;
	size_t n = 0;
	if (oldest_rotated(ctx, ac.log_file, oldest, sizeof oldest, &mt, &n) && n >= 1) {
		double age = ((double)ctx->now - (double)mt) / 86400.0;
		/* n-1 full files were written since the oldest one closed (plus the live one) */
		double written_mib = (double)(n - 1) * (double)ac.max_log_file_mb;
		if (n >= (size_t)ac.num_logs - 1 || (age >= 1 && written_mib > 0)) {
			double est = n >= (size_t)ac.num_logs - 1 ? age
				     : age * cap_mib / (written_mib > 0 ? written_mib : cap_mib);
			note_days(t, ac.log_file, est);
			if (est < (double)t->required) {
				t->unknown++;
				struct finding *f = result_finding(r, FINDING_WARN, ac.log_file,
					_("ROTATE keeps %ld × %ld MiB: at the current volume about %.0f "
					  "days, fewer than the %lld required"),
					ac.num_logs, ac.max_log_file_mb, floor(est), t->required);
				finding_evidence(f, conf, _("line %u: num_logs %ld, line %u: max_log_file %ld"),
						 ac.num_logs_line, ac.num_logs, ac.max_log_file_line,
						 ac.max_log_file_mb);
				finding_remedy(f, _("For %s, set max_log_file_action = keep_logs in %s, or raise num_logs and max_log_file so that %lld days fit."),
					       ac.log_file, conf, t->required);
				disk_evidence(ctx, r, f, ac.log_file);
			} else {
				result_evidence(r, conf, _("ROTATE keeps %ld × %ld MiB: about %.0f days at "
							   "the current volume"), ac.num_logs,
						ac.max_log_file_mb, floor(est));
			}
			return;
		}
	}
	t->unknown++;
	struct finding *f = result_finding(r, FINDING_WARN, ac.log_file,
		_("ROTATE keeps %ld × %ld MiB: how many days that is depends on the audit volume "
		  "and cannot be measured yet"), ac.num_logs, ac.max_log_file_mb);
	finding_evidence(f, conf, _("line %u: max_log_file_action = ROTATE"), ac.action_line);
	finding_remedy(f, _("For %s, set max_log_file_action = keep_logs in %s, or raise num_logs and max_log_file so that %lld days fit."),
		       ac.log_file, conf, t->required);
	disk_evidence(ctx, r, f, ac.log_file);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	struct tally t = { profile_int(ctx->profile, "logs", "retention_days"), 0, 0, 0, -1, "" };
	result_evidence(r, NULL, _("required: %lld days ([logs] retention_days)"), t.required);

	struct logrotate_config lr;
	bool have_lr = logs_load_logrotate(ctx, &lr);
	for (size_t i = 0; i < lr.n_issues; i++) {
		logs_issue_finding(r, lr.issues[i].file, lr.issues[i].line, lr.issues[i].why);
	}
	if (have_lr)
		result_evidence(r, "/etc/logrotate.conf", _("%zu file(s) read, %zu log block(s)"),
				lr.n_files, lr.n_blocks);

	/* The auth log: where the syslog daemon writes auth/authpriv, else the usual names. */
	struct rsyslog_config rs;
	struct syslog_ng_config sng;
	bool have_rs = logs_load_rsyslog(ctx, &rs);
	bool have_sng = logs_load_syslog_ng(ctx, &sng);
	char paths[8][256];
	size_t n = logs_auth_log_paths(have_rs ? &rs : NULL, have_sng ? &sng : NULL, paths, 8);
	rsyslog_free(&rs);
	syslog_ng_free(&sng);
	if (n == 0) {
		static const char *const defaults[] = { "/var/log/auth.log", "/var/log/secure" };
		for (size_t i = 0; i < 2; i++)
			if (rootfs_exists(ctx->root, defaults[i]))
				msg_snprintf(paths[n++], sizeof paths[0], "%s", defaults[i]);
	}
	for (size_t i = 0; i < n; i++)
		judge_rotated_file(ctx, r, &lr, have_lr, paths[i], &t);
	static const char *const records[] = { "/var/log/wtmp", "/var/log/btmp" };
	for (size_t i = 0; i < 2; i++)
		if (rootfs_exists(ctx->root, records[i]))
			judge_rotated_file(ctx, r, &lr, have_lr, records[i], &t);
	logrotate_free(&lr);

	judge_journal(ctx, r, &t);
	judge_audit(ctx, r, &t);

	if (t.sources == 0) {
		finding_remedy(result_finding(r, FINDING_WARN, _("access logs"),
					      _("no access log found to judge: no auth log, wtmp, btmp, "
						"persistent journal or audit log")),
			       _("Record access logs first (see logs.collection), then keep them at least %lld days."),
			       t.required);
		result_reason(r, _("no access log found"));
		return;
	}
	if (t.short_ones)
		result_reason(r, _("%zu log(s) kept fewer than %lld days; shortest %.0f days (%s)"),
			      t.short_ones, t.required, floor(t.shortest), t.shortest_name);
	else if (t.unknown)
		result_reason(r, _("%zu log(s) with a retention that cannot be told from the "
				   "configuration"), t.unknown);
	else if (t.shortest >= 0)
		result_reason(r, _("every access log is kept at least %lld days (shortest %.0f, %s)"),
			      t.required, floor(t.shortest), t.shortest_name);
	else
		result_reason(r, _("every access log is kept without a time limit"));
}

const struct check check_logs_retention = {
	.id = "logs.retention",
	.title = N_("Access logs are kept long enough"),
	.remediation = N_("Keep at least the profile's period: in /etc/logrotate.d/rsyslog (or the "
			  "file rotating the auth log) use e.g. 'weekly' with 'rotate 53' or "
			  "'monthly' with 'rotate 13', the same for /var/log/wtmp and /var/log/btmp; "
			  "set MaxRetentionSec= and a SystemMaxUse= large enough in "
			  "/etc/systemd/journald.conf.d/; for auditd use max_log_file_action = "
			  "keep_logs or enough num_logs; or forward the logs to a log server that "
			  "keeps them."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
