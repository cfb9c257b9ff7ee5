/* backup.evidence (item 3-2): the backup jobs this machine schedules — cron (/etc/crontab,
 * /etc/cron.d, the run-parts directories, per-user crontabs) and systemd timers with their
 * service's ExecStart — that run a backup tool, the backup agents set to start, and the date of
 * the state a tool leaves after a run. Whether the backups are isolated from the network (3-2's
 * point) cannot be seen from the host, so the row stays a person's answer: evidence only. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/rootfs.h"
#include "../core/systemd_units.h"
#include "../core/timefmt.h"
#include "../core/xalloc.h"
#include "../parsers/crontab.h"
#include "../parsers/unit_file.h"
#include "evidence_util.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_CRON_BYTES (1u << 20)
#define MAX_UNIT_BYTES (1u << 20)
#define MAX_DIR_ENTRIES 4096
#define MAX_SHOWN_COMMAND 240

/* The programs that take backups, by the name they run under. */
static const char *const backup_tools[] = {
	"rsync", "borg", "borgmatic", "restic", "duplicity", "duply", "rdiff-backup", "rsnapshot",
	"bconsole", "bareos-fd", "bacula-fd", "amdump", "amcheck", "urbackupclientctl",
	"urbackupclientbackend", "veeamconfig", "veeamservice", NULL,
};

/* Programs whose name says backup but which keep no backup of the data (dpkg's copy of its
 * own database in /var/backups). */
static const char *const not_backups[] = { "dpkg-db-backup", NULL };

/* Words after which the next word is still the command: wrappers and shell keywords. */
static const char *const wrappers[] = { "sudo", "nice", "ionice", "env", "timeout", "flock",
	"chronic", "systemd-inhibit", "nohup", "time", "exec", "then", "do", "else", "!", NULL };

static bool in_list(const char *const *list, const char *w, size_t n)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !memcmp(list[i], w, n))
			return true;
	return false;
}

/* The tool a shell text runs, or NULL: any word (split at blanks and shell punctuation) whose
 * last path component is a backup tool, else a command (the first word of a simple command,
 * after wrappers such as sudo or nice) whose name contains "backup". */
static const char *backup_tool_in(const char *text, char *buf, size_t len)
{
	const char *fallback = NULL;
	const char *p = text;
	bool command_position = true;
	while (*p) {
		while (*p && strchr(" \t;|&()`$\"'<>{}", *p)) {
			if (strchr(";|&(`{", *p))
				command_position = true;
			p++;
		}
		const char *w = p;
		while (*p && !strchr(" \t;|&()`$\"'<>{}", *p))
			p++;
		size_t n = (size_t)(p - w);
		if (!n)
			continue;
		const char *base = w;
		for (const char *q = w; q < p; q++)
			if (*q == '/')
				base = q + 1;
		size_t bn = (size_t)(p - base);
		if (memchr(w, '=', n) || w[0] == '-')
			continue; /* an environment assignment before the command, an option */
		for (size_t i = 0; backup_tools[i]; i++)
			if (strlen(backup_tools[i]) == bn && !memcmp(backup_tools[i], base, bn)) {
				msg_snprintf(buf, len, "%s", backup_tools[i]);
				return buf;
			}
		bool was_command = command_position;
		command_position = in_list(wrappers, base, bn);
		if (fallback || !was_command || bn < 6 || in_list(not_backups, base, bn))
			continue;
		for (const char *q = base; q + 6 <= p; q++)
			if (!strncasecmp(q, "backup", 6)) {
				snprintf(buf, len, "%.*s", (int)(bn < 64 ? bn : 64), base);
				fallback = buf;
				break;
			}
	}
	return fallback;
}

struct tally {
	size_t cron, timers, scripts, agents;
};

static void read_problem(struct check_result *r, const char *path, int rc)
{
	result_evidence(r, path, _("not read: %s"), rootfs_strerror(rc));
}

/* ---- cron ---------------------------------------------------------------------------------- */

static void cron_file(struct audit_context *ctx, struct check_result *r, const char *path,
		      bool system, const char *owner, struct tally *t)
{
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, MAX_CRON_BYTES, &buf);
	if (rc == -ENOENT)
		return;
	if (rc < 0) {
		read_problem(r, path, rc);
		return;
	}
	struct crontab ct;
	crontab_parse(buf.data, buf.len, system, &ct);
	file_buf_free(&buf);
	if (ct.n_bad)
		result_evidence(r, path, _("line %u: %s (%u line(s) that cron skips)"),
				ct.first_bad_line, ct.first_bad_why, ct.n_bad);
	for (size_t i = 0; i < ct.n; i++) {
		const struct crontab_entry *e = &ct.entries[i];
		char tool[80];
		if (!backup_tool_in(e->command, tool, sizeof tool))
			continue;
		t->cron++;
		char *shown = evidence_redact_command(e->command, MAX_SHOWN_COMMAND);
		struct finding *f = result_finding(r, FINDING_INFO, tool,
			_("cron runs it on the schedule \"%s\" as %s"), e->schedule,
			e->user ? e->user : owner);
		finding_evidence(f, path, _("line %u: %s"), e->line, shown);
		free(shown);
	}
	crontab_free(&ct);
}

/* Files of a directory in name order, filtered by crontab_file_name_ok (cron.d and run-parts
 * skip the others), at most MAX_DIR_ENTRIES. */
static size_t dir_names(struct audit_context *ctx, struct check_result *r, const char *dir,
			char ***out)
{
	*out = NULL;
	DIR *d;
	int rc = rootfs_open_dir(ctx->root, dir, &d);
	if (rc < 0) {
		if (rc != -ENOENT)
			read_problem(r, dir, rc);
		return 0;
	}
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < MAX_DIR_ENTRIES) {
		if (!crontab_file_name_ok(de->d_name))
			continue;
		XGROW(*out, n, cap, n + 1);
		(*out)[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
		qsort(*out, n, sizeof **out, evidence_cmp_str);
	return n;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* A run-parts script: the lines (comments aside) that run a backup tool. */
static void run_parts_script(struct audit_context *ctx, struct check_result *r, const char *path,
			     const char *when, struct tally *t)
{
	struct stat st;
	if (rootfs_stat(ctx->root, path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    !(st.st_mode & 0111))
		return; /* run-parts runs executable files only */
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, MAX_CRON_BYTES, &buf);
	if (rc < 0) {
		read_problem(r, path, rc);
		return;
	}
	struct line_iter it;
	line_iter_init(&it, &buf);
	char line[1024];
	bool truncated;
	const char *l;
	struct finding *f = NULL;
	while ((l = line_iter_next(&it, line, sizeof line, &truncated))) {
		while (*l == ' ' || *l == '\t')
			l++;
		char tool[80];
		if (*l == '#' || !backup_tool_in(l, tool, sizeof tool))
			continue;
		if (!f) {
			t->scripts++;
			f = result_finding(r, FINDING_INFO, tool, "%s", when);
		}
		char *shown = evidence_redact_command(l, MAX_SHOWN_COMMAND);
		finding_evidence(f, path, _("line %u: %s"), it.lineno, shown);
		free(shown);
	}
	file_buf_free(&buf);
}

static void check_cron(struct audit_context *ctx, struct check_result *r, struct tally *t)
{
	cron_file(ctx, r, "/etc/crontab", true, NULL, t);
	char **names;
	size_t n = dir_names(ctx, r, "/etc/cron.d", &names);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("/etc/cron.d/%s", names[i]);
		cron_file(ctx, r, path, true, NULL, t);
		free(path);
	}
	free_names(names, n);
	static const struct {
		const char *dir, *when;
	} parts[] = {
		{ "/etc/cron.hourly", N_("cron runs this script every hour (run-parts)") },
		{ "/etc/cron.daily", N_("cron runs this script every day (run-parts)") },
		{ "/etc/cron.weekly", N_("cron runs this script every week (run-parts)") },
		{ "/etc/cron.monthly", N_("cron runs this script every month (run-parts)") },
	};
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
		n = dir_names(ctx, r, parts[k].dir, &names);
		for (size_t i = 0; i < n; i++) {
			char *path = xasprintf("%s/%s", parts[k].dir, names[i]);
			run_parts_script(ctx, r, path, _(parts[k].when), t);
			free(path);
		}
		free_names(names, n);
	}
	const char *spool = "/var/spool/cron/crontabs";
	DIR *d;
	int rc = rootfs_open_dir(ctx->root, spool, &d);
	if (rc == -ENOENT)
		return;
	if (rc < 0) {
		result_evidence(r, spool, _("not read: %s (per-user crontabs are not seen; run as "
					    "root)"), rootfs_strerror(rc));
		return;
	}
	struct dirent *de;
	size_t seen = 0;
	while ((de = readdir(d)) && seen++ < MAX_DIR_ENTRIES) {
		if (de->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", spool, de->d_name);
		cron_file(ctx, r, path, false, de->d_name, t);
		free(path);
	}
	closedir(d);
}

/* ---- systemd timers ------------------------------------------------------------------------ */

static const char *const unit_dirs[] = { "/etc/systemd/system", "/run/systemd/system",
					 "/usr/local/lib/systemd/system", "/lib/systemd/system",
					 "/usr/lib/systemd/system", NULL };

static void timer_job(struct audit_context *ctx, struct check_result *r, const char *timer,
		      struct tally *t)
{
	struct unit_status ts;
	if (systemd_unit_state(ctx, timer, &ts) < 0 || ts.state == UNIT_BAD || !ts.path[0] ||
	    ts.state == UNIT_MASKED || ts.state == UNIT_MASKED_RUNTIME)
		return;
	struct file_buf tb;
	if (rootfs_read_file(ctx->root, ts.path, MAX_UNIT_BYTES, &tb) < 0)
		return;
	char *unit = evidence_unit_value(tb.data, tb.len, "Timer", "Unit");
	char *when = evidence_unit_value(tb.data, tb.len, "Timer", "OnCalendar");
	if (!when)
		when = evidence_unit_value(tb.data, tb.len, "Timer", "OnUnitActiveSec");
	file_buf_free(&tb);
	char service[256];
	if (unit)
		msg_snprintf(service, sizeof service, "%s", unit);
	else {
		char stem[240];
		unit_name_prefix(timer, stem, sizeof stem);
		msg_snprintf(service, sizeof service, "%s.service", stem);
	}
	struct unit_status ss;
	char *exec = NULL;
	if (systemd_unit_state(ctx, service, &ss) == 0 && ss.path[0] && ss.state != UNIT_BAD) {
		struct file_buf sb;
		if (rootfs_read_file(ctx->root, ss.path, MAX_UNIT_BYTES, &sb) == 0) {
			exec = evidence_unit_value(sb.data, sb.len, "Service", "ExecStart");
			file_buf_free(&sb);
		}
	}
	char tool[80];
	if (exec && backup_tool_in(exec, tool, sizeof tool)) {
		t->timers += ts.starts;
		char *shown = evidence_redact_command(exec, MAX_SHOWN_COMMAND);
		struct finding *f = result_finding(r, FINDING_INFO, tool,
			ts.starts ? _("systemd timer %s (%s) starts %s")
				  : _("systemd timer %s is %s, so %s does not run on its own"),
			timer, ts.starts ? (when ? when : _("no OnCalendar")) : unit_state_name(ts.state),
			service);
		finding_evidence(f, ts.path, "%s", unit_state_name(ts.state));
		finding_evidence(f, ss.path, "ExecStart=%s", shown);
		free(shown);
	}
	free(exec);
	free(unit);
	free(when);
}

static void check_timers(struct audit_context *ctx, struct check_result *r, struct tally *t)
{
	char **seen = NULL;
	size_t n = 0, cap = 0;
	for (size_t k = 0; unit_dirs[k]; k++) {
		if (!ctx->live && !strncmp(unit_dirs[k], "/run/", 5))
			continue;
		DIR *d;
		if (rootfs_open_dir(ctx->root, unit_dirs[k], &d) < 0)
			continue;
		struct dirent *de;
		size_t read = 0;
		while ((de = readdir(d)) && read++ < MAX_DIR_ENTRIES) {
			size_t len = strlen(de->d_name);
			if (len < 7 || strcmp(de->d_name + len - 6, ".timer") ||
			    !unit_name_valid(de->d_name) || unit_name_is_template(de->d_name))
				continue;
			bool dup = false;
			for (size_t i = 0; i < n && !dup; i++)
				dup = !strcmp(seen[i], de->d_name);
			if (dup)
				continue;
			XGROW(seen, n, cap, n + 1);
			seen[n++] = xstrdup(de->d_name);
		}
		closedir(d);
	}
	if (n > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
		qsort(seen, n, sizeof *seen, evidence_cmp_str);
	for (size_t i = 0; i < n; i++)
		timer_job(ctx, r, seen[i], t);
	free_names(seen, n);
}

/* ---- agents and their last-run state ------------------------------------------------------- */

/* Backup agents a server drives (the schedule lives on the backup server). */
static const struct {
	const char *unit, *product;
} agents[] = {
	{ "bacula-fd.service", "Bacula" },
	{ "bareos-filedaemon.service", "Bareos" },
	{ "bareos-fd.service", "Bareos" },
	{ "urbackupclientbackend.service", "UrBackup" },
	{ "veeamservice.service", "Veeam Agent for Linux" },
	{ "amanda.socket", "Amanda" },
};

/* Where a tool leaves files after each run; the newest file's modification time is its date. */
static const struct {
	const char *path, *product;
	int depth;
} state_dirs[] = {
	{ "/var/lib/bacula", "Bacula", 1 },
	{ "/var/lib/bareos", "Bareos", 1 },
	{ "/var/log/amanda", "Amanda", 2 },
	{ "/var/urbackup", "UrBackup", 1 },
	{ "/var/log/veeam", "Veeam Agent for Linux", 2 },
	{ "/root/.cache/borg", "borg", 2 },
	{ "/root/.cache/restic", "restic", 2 },
	{ "/root/.cache/duplicity", "duplicity", 2 },
	{ "/var/log/rsnapshot.log", "rsnapshot", 0 },
};

static void newest_in(struct audit_context *ctx, const char *path, int depth, time_t *newest,
		      char *which, size_t len, size_t *budget)
{
	struct stat st;
	if (!*budget || rootfs_lstat(ctx->root, path, &st) < 0)
		return;
	--*budget;
	if (S_ISREG(st.st_mode)) {
		if (st.st_mtime > *newest) {
			*newest = st.st_mtime;
			msg_snprintf(which, len, "%s", path);
		}
		return;
	}
	if (!S_ISDIR(st.st_mode) || depth <= 0)
		return;
	DIR *d;
	if (rootfs_open_dir(ctx->root, path, &d) < 0)
		return;
	struct dirent *de;
	while ((de = readdir(d)) && *budget) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *child = xasprintf("%s/%s", path, de->d_name);
		newest_in(ctx, child, depth - 1, newest, which, len, budget);
		free(child);
	}
	closedir(d);
}

static void check_agents(struct audit_context *ctx, struct check_result *r, struct tally *t)
{
	for (size_t i = 0; i < sizeof agents / sizeof agents[0]; i++) {
		struct unit_status st;
		if (systemd_unit_state(ctx, agents[i].unit, &st) < 0 || st.state == UNIT_NOT_FOUND)
			continue;
		t->agents += st.starts;
		struct finding *f = result_finding(r, FINDING_INFO, agents[i].product,
			st.starts ? _("backup agent %s starts at boot: its schedule is kept on the "
				      "backup server")
				  : _("backup agent %s is installed but does not start (%s)"),
			agents[i].unit, unit_state_name(st.state));
		finding_evidence(f, st.path[0] ? st.path : NULL, "%s", unit_state_name(st.state));
	}
	for (size_t i = 0; i < sizeof state_dirs / sizeof state_dirs[0]; i++) {
		time_t newest = 0;
		char which[512] = "";
		size_t budget = MAX_DIR_ENTRIES;
		newest_in(ctx, state_dirs[i].path, state_dirs[i].depth, &newest, which, sizeof which,
			  &budget);
		if (!which[0])
			continue;
		char when[32];
		format_time((int64_t)newest, when, sizeof when);
		result_evidence(r, which, _("%s: last written %s (the newest file it keeps after a "
					    "run)"), state_dirs[i].product, when);
	}
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	struct tally t = { 0 };
	check_cron(ctx, r, &t);
	check_timers(ctx, r, &t);
	check_agents(ctx, r, &t);
	size_t jobs = t.cron + t.timers + t.scripts;
	const char *isolation = _("whether the backups are kept apart from the network cannot be "
				  "seen from this host");
	if (jobs || t.agents)
		result_manual(r, _("%zu scheduled backup job(s) (cron %zu, run-parts scripts %zu, "
				   "systemd timers %zu), %zu backup agent(s) starting; %s: answer "
				   "item 3-2 in the site file"), jobs, t.cron, t.scripts, t.timers,
			      t.agents, isolation);
	else
		result_manual(r, _("no backup job is scheduled on this host (another machine may "
				   "take its backups); %s: answer item 3-2 in the site file"),
			      isolation);
}

const struct check check_backup_evidence = {
	.id = "backup.evidence",
	.title = N_("Backups are taken and kept apart from the network (evidence)"),
	.remediation = N_("Schedule backups of the data needed to continue care, keep a copy "
			  "offline or on a separate network, and record the last restore test; "
			  "answer item 3-2 in the site file."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
