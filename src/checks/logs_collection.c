/* logs.collection (item 2-11): login and authentication events are recorded somewhere that
 * survives a reboot — the persistent journal, a syslog daemon's auth/authpriv rule writing a
 * file or forwarding to a log host — with auditd, sshd's LogLevel and the login records
 * (wtmp/btmp/lastlog, or wtmpdb/lastlog2) as the rest of the evidence. */
#include "logs_sources.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/processes.h"
#include "../core/rootfs.h"
#include "../core/sshd_effective.h"
#include "../core/xalloc.h"
#include "../parsers/auditd_conf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const fac_names[RS_NFAC] = { "auth", "authpriv" };

static void sdconf_issues(struct check_result *r, const struct sdconf *c)
{
	for (size_t i = 0; i < c->n_issues; i++) {
		logs_issue_finding(r, c->issues[i].file, c->issues[i].line, c->issues[i].why);
	}
}

static const char *storage_name(enum journald_storage s)
{
	switch (s) {
	case STORAGE_PERSISTENT: return "persistent";
	case STORAGE_VOLATILE: return "volatile";
	case STORAGE_NONE: return "none";
	case STORAGE_AUTO: break;
	}
	return "auto";
}

/* On the live host a collector counts only while it runs (a persistent journal directory or an
 * enabled unit is not a running daemon); offline, what starts at boot decides. */
struct live_view {
	bool live;
	int err;              /* listing /proc failed: nothing is known to run */
	struct process *procs;
	size_t n;
};

/* Is the collector running? Evidence either way; always true offline. */
static bool collector_runs(const struct live_view *lv, struct check_result *r, const char *unit,
			   const char *comm)
{
	if (!lv->live)
		return true;
	if (lv->err) {
		result_evidence(r, "/proc", _("%s: cannot tell whether it runs (%s): not counted"),
				unit, rootfs_strerror(lv->err));
		return false;
	}
	const struct process *p = processes_find_service(lv->procs, lv->n, unit, comm);
	if (p) {
		char src[64];
		snprintf(src, sizeof src, "/proc/%ld", p->pid);
		result_evidence(r, src, _("%s is running: pid %ld (%s)%s%s"), unit, p->pid, p->comm,
				p->unit[0] ? _(" in ") : "", p->unit);
		return true;
	}
	result_evidence(r, "/proc", _("%s is not running on this host"), unit);
	return false;
}

/* What one syslog daemon does with auth/authpriv messages. */
struct syslog_verdict {
	const char *daemon;
	bool configured, installed, enabled, has_input;
	bool running; /* live: a process runs as its service; offline: true */
	bool counts;  /* enabled (offline) or running (live) */
	bool persisted[RS_NFAC]; /* a definite rule to a persistent file or a remote host */
	bool maybe[RS_NFAC];     /* only a conditional rule */
	char enable_detail[512];
};

static void judge_dests(struct check_result *r, const struct rs_dest *d, size_t n,
			struct syslog_verdict *v)
{
	for (size_t i = 0; i < n; i++) {
		const struct rs_dest *x = &d[i];
		if (x->reach[RS_AUTH] == RS_NO && x->reach[RS_AUTHPRIV] == RS_NO)
			continue;
		bool persistent = (x->kind == RS_DEST_FILE && (x->target[0] == '?' ||
							       logs_path_persistent(x->target))) ||
				  x->kind == RS_DEST_REMOTE;
		char who[64] = "";
		for (int f = 0; f < RS_NFAC; f++) {
			if (x->reach[f] == RS_NO)
				continue;
			if (*who)
				strcat(who, ",");
			strcat(who, fac_names[f]);
			if (x->reach[f] == RS_MAYBE)
				strcat(who, "?");
			if (persistent && x->reach[f] == RS_YES)
				v->persisted[f] = true;
			if (persistent && x->reach[f] == RS_MAYBE)
				v->maybe[f] = true;
		}
		const char *kind = x->kind == RS_DEST_FILE	   ? _("file")
				   : x->kind == RS_DEST_REMOTE ? _("remote/database")
							       : _("not a stored record");
		result_evidence(r, x->file, _("line %u: %s -> %s %s%s"), x->line, who, kind, x->target,
				persistent ? "" : _(" (not persistent)"));
	}
}

static void judge_rsyslog(struct audit_context *ctx, struct check_result *r,
			  const struct journald_settings *j, const struct live_view *lv,
			  struct syslog_verdict *v)
{
	static const char *const bins[] = { "/usr/sbin/rsyslogd", "/sbin/rsyslogd" };
	memset(v, 0, sizeof *v);
	v->daemon = "rsyslog";
	v->installed = logs_program_installed(ctx, bins, 2);
	struct rsyslog_config rs;
	v->configured = logs_load_rsyslog(ctx, &rs);
	if (!v->installed && !v->configured) {
		rsyslog_free(&rs);
		return;
	}
	enum logs_unit u = logs_unit_enabled(ctx, "rsyslog.service", v->enable_detail,
					     sizeof v->enable_detail);
	v->enabled = u == LOGS_UNIT_ON;
	result_evidence(r, NULL, "%s", v->enable_detail);
	v->running = collector_runs(lv, r, "rsyslog.service", "rsyslogd");
	v->counts = lv->live ? v->running : v->enabled;
	for (size_t i = 0; i < rs.n_issues; i++) {
		logs_issue_finding(r, rs.issues[i].file, rs.issues[i].line, rs.issues[i].why);
	}
	/* Under systemd, imuxsock reads the socket journald forwards to (ForwardToSyslog); imjournal
	 * reads the journal files themselves. */
	if (rs.imjournal)
		v->has_input = true;
	if (rs.imuxsock && (!j->installed || j->forward_to_syslog))
		v->has_input = true;
	result_evidence(r, "/etc/rsyslog.conf", _("inputs: imuxsock %s, imjournal %s%s"),
			rs.imuxsock ? _("loaded") : _("not loaded"),
			rs.imjournal ? _("loaded") : _("not loaded"),
			rs.imuxsock && j->installed && !j->forward_to_syslog
				? _(" (journald ForwardToSyslog=no: imuxsock receives nothing)")
				: "");
	judge_dests(r, rs.dests, rs.n_dests, v);
	rsyslog_free(&rs);
}

static void judge_syslog_ng(struct audit_context *ctx, struct check_result *r,
			    const struct live_view *lv, struct syslog_verdict *v)
{
	static const char *const bins[] = { "/usr/sbin/syslog-ng", "/sbin/syslog-ng" };
	memset(v, 0, sizeof *v);
	v->daemon = "syslog-ng";
	v->installed = logs_program_installed(ctx, bins, 2);
	struct syslog_ng_config sng;
	v->configured = logs_load_syslog_ng(ctx, &sng);
	if (!v->installed && !v->configured) {
		syslog_ng_free(&sng);
		return;
	}
	enum logs_unit u = logs_unit_enabled(ctx, "syslog-ng.service", v->enable_detail,
					     sizeof v->enable_detail);
	v->enabled = u == LOGS_UNIT_ON;
	result_evidence(r, NULL, "%s", v->enable_detail);
	v->running = collector_runs(lv, r, "syslog-ng.service", "syslog-ng");
	v->counts = lv->live ? v->running : v->enabled;
	v->has_input = true; /* system() reads the journal or /dev/log itself */
	for (size_t i = 0; i < sng.n_issues; i++) {
		logs_issue_finding(r, sng.issues[i].file, sng.issues[i].line, sng.issues[i].why);
	}
	judge_dests(r, sng.dests, sng.n_dests, v);
	syslog_ng_free(&sng);
}

static bool syslog_effective(const struct syslog_verdict *v, int fac)
{
	return v->installed && v->counts && v->has_input && v->persisted[fac];
}

/* ---- auditd ------------------------------------------------------------------------------- */

struct rules_ctx {
	struct audit_context *ctx;
	struct audit_rules_count total;
	size_t files;
};

static void count_rules_file(void *ud, const char *path)
{
	struct rules_ctx *c = ud;
	struct file_buf b;
	if (rootfs_read_file(c->ctx->root, path, LOGS_CONF_MAX, &b) < 0)
		return;
	struct audit_rules_count n;
	audit_rules_count(b.data, b.len, &n);
	c->total.watches += n.watches;
	c->total.syscalls += n.syscalls;
	c->files++;
	file_buf_free(&b);
}

static void judge_auditd(struct audit_context *ctx, struct check_result *r,
			 const struct live_view *lv)
{
	static const char *const bins[] = { "/usr/sbin/auditd", "/sbin/auditd" };
	if (!logs_program_installed(ctx, bins, 2)) {
		result_evidence(r, NULL, _("auditd is not installed (optional: it records file and "
					   "system-call access)"));
		return;
	}
	char detail[512];
	enum logs_unit u = logs_unit_enabled(ctx, "auditd.service", detail, sizeof detail);
	result_evidence(r, NULL, "%s", detail);
	bool running = collector_runs(lv, r, "auditd.service", "auditd");
	if (lv->live && !running) {
		struct finding *f = result_finding(r, FINDING_WARN, "auditd",
						   _("installed but not running: no audit records are written"));
		finding_evidence(f, NULL, "%s", detail);
	} else if (!lv->live && u != LOGS_UNIT_ON) {
		struct finding *f = result_finding(r, FINDING_WARN, "auditd",
						   _("installed but not enabled: no audit records are written"));
		finding_evidence(f, NULL, "%s", detail);
	}
	struct file_buf b;
	int rc = rootfs_read_file(ctx->root, "/etc/audit/auditd.conf", LOGS_CONF_MAX, &b);
	if (rc == 0) {
		struct auditd_conf ac;
		auditd_conf_parse(b.data, b.len, &ac);
		file_buf_free(&b);
		if (ac.bad_line) {
			struct finding *f = result_finding(r, FINDING_WARN, "/etc/audit/auditd.conf",
				_("line %u: %s (auditd refuses to start)"), ac.bad_line, ac.bad_why);
			finding_evidence(f, "/etc/audit/auditd.conf", _("line %u"), ac.bad_line);
		}
		if (!ac.write_logs) {
			struct finding *f = result_finding(r, FINDING_WARN, "auditd",
							   _("write_logs = no: audit events are not written to disk"));
			finding_evidence(f, "/etc/audit/auditd.conf", _("line %u"), ac.write_logs_line);
		}
	} else if (rc != -ENOENT) {
		result_evidence(r, "/etc/audit/auditd.conf", "%s", rootfs_strerror(rc));
	}
	struct rules_ctx rc2 = { ctx, { 0, 0, 0, 0 }, 0 };
	logs_glob(ctx, "/etc/audit/rules.d/*.rules", count_rules_file, &rc2);
	const char *rules_src = "/etc/audit/rules.d";
	if (rc2.total.watches + rc2.total.syscalls == 0) {
		/* augenrules builds audit.rules from rules.d; a hand-written audit.rules also loads */
		count_rules_file(&rc2, "/etc/audit/audit.rules");
		rules_src = "/etc/audit/audit.rules";
	}
	result_evidence(r, rules_src, _("%zu watch rule(s), %zu system-call rule(s)"),
			rc2.total.watches, rc2.total.syscalls);
	if (rc2.total.watches + rc2.total.syscalls == 0) {
		struct finding *f = result_finding(r, FINDING_WARN, "auditd",
			_("no audit rules (-w/-a): only logins and auditd's own events are recorded, "
			  "no file or system-call access"));
		finding_evidence(f, rules_src, _("no -w or -a lines"));
	}
}

/* ---- sshd LogLevel ---------------------------------------------------------------------------- */

static int sshd_level_rank(const char *v)
{
	static const char *const levels[] = { "QUIET", "FATAL", "ERROR", "INFO", "VERBOSE",
					      "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3" };
	for (int i = 0; i < 9; i++)
		if (strcasecmp(v, levels[i]) == 0)
			return i;
	return -1;
}

static void judge_sshd(struct audit_context *ctx, struct check_result *r)
{
	struct sshd_effective e;
	sshd_effective_load(ctx, &e, NULL); /* the configuration as sshd reads it, Include too */
	if (!e.present)
		return;
	if (e.fatal_why && e.fatal_line) {
		struct finding *f = result_finding(r, FINDING_WARN, e.fatal_file,
			_("line %u is malformed: sshd refuses to start with it"), e.fatal_line);
		finding_evidence(f, e.fatal_file, _("line %u"), e.fatal_line);
	}
	const struct sshd_setting *s = sshd_effective_first(&e, "loglevel");
	if (!s) {
		result_evidence(r, SSHD_CONFIG_PATH, _("LogLevel not set: INFO (sshd default)"));
		sshd_effective_free(&e);
		return;
	}
	int rank = sshd_level_rank(s->value);
	if (rank < 0) {
		struct finding *f = result_finding(r, FINDING_WARN, s->file,
			_("line %u: unknown LogLevel '%s': sshd refuses to start"), s->line, s->value);
		finding_evidence(f, s->file, _("line %u"), s->line);
	} else if (rank < 3) {
		struct finding *f = result_finding(r, FINDING_WARN, "sshd",
			_("LogLevel %s is below INFO: SSH logins and failed attempts are not logged"),
			s->value);
		finding_evidence(f, s->file, _("line %u: LogLevel %s"), s->line, s->value);
	} else {
		result_evidence(r, s->file, _("line %u: LogLevel %s"), s->line, s->value);
	}
	sshd_effective_free(&e);
}

/* ---- login records -------------------------------------------------------------------------- */

static void judge_login_records(struct audit_context *ctx, struct check_result *r)
{
	struct stat st;
	bool wtmpdb = rootfs_stat(ctx->root, "/var/lib/wtmpdb/wtmp.db", &st) == 0;
	bool lastlog2 = rootfs_stat(ctx->root, "/var/lib/lastlog/lastlog2.db", &st) == 0;
	bool wtmp = rootfs_stat(ctx->root, "/var/log/wtmp", &st) == 0 && S_ISREG(st.st_mode);
	bool btmp = rootfs_stat(ctx->root, "/var/log/btmp", &st) == 0 && S_ISREG(st.st_mode);
	bool lastlog = rootfs_stat(ctx->root, "/var/log/lastlog", &st) == 0;
	if (wtmpdb)
		result_evidence(r, "/var/lib/wtmpdb/wtmp.db",
				_("present: login history (wtmpdb, Debian 13 and later)"));
	if (lastlog2)
		result_evidence(r, "/var/lib/lastlog/lastlog2.db", _("present: last logins (lastlog2)"));
	if (wtmp)
		result_evidence(r, "/var/log/wtmp", _("present: login/logout history"));
	if (!wtmp && !wtmpdb) {
		struct finding *f = result_finding(r, FINDING_WARN, "/var/log/wtmp",
			_("no login history: neither wtmp nor wtmpdb exists (who logged in when, "
			  "for how long)"));
		finding_evidence(f, "/var/log/wtmp", _("absent"));
		finding_remedy(f, _("Create the login history: install -m 664 -g utmp /dev/null /var/log/wtmp (or install wtmpdb)."));
	}
	if (btmp) {
		result_evidence(r, "/var/log/btmp", _("present: failed logins"));
	} else if (!wtmpdb) {
		struct finding *f = result_finding(r, FINDING_WARN, "/var/log/btmp",
			_("no record of failed logins: btmp is absent (login and sshd only write it "
			  "when it exists)"));
		finding_evidence(f, "/var/log/btmp", _("absent"));
		finding_remedy(f, _("Create the failed-login record: install -m 660 -g utmp /dev/null /var/log/btmp."));
	}
	if (lastlog)
		result_evidence(r, "/var/log/lastlog", _("present: last login per account"));
	else if (!lastlog2)
		result_evidence(r, "/var/log/lastlog", _("absent: no last-login index"));
}

/* ---- verdict -------------------------------------------------------------------------------- */

static void run(struct audit_context *ctx, struct check_result *r)
{
	struct journald_settings j;
	logs_load_journald(ctx, &j);
	sdconf_issues(r, &j.conf);
	struct live_view lv = { .live = ctx->live };
	if (ctx->live)
		lv.err = processes_collect(ctx->root, &lv.procs, &lv.n);
	bool journal_ok = false, journald_runs = true;
	if (j.installed) {
		char detail[512];
		enum logs_unit u = logs_unit_enabled(ctx, "systemd-journald.service", detail,
						     sizeof detail);
		bool masked = strstr(detail, "masked") != NULL;
		result_evidence(r, j.storage_at ? j.storage_at->file : "/etc/systemd/journald.conf",
				_("journald Storage=%s%s; /var/log/journal %s: journal %s"),
				storage_name(j.storage),
				j.storage_at ? "" : _(" (default)"),
				j.var_log_journal ? _("exists") : _("absent"),
				j.persistent ? _("persistent") : _("lost at reboot"));
		if (j.storage_at)
			result_evidence(r, j.storage_at->file, _("line %u: Storage=%s"),
					j.storage_at->line, j.storage_at->value);
		if (j.max_level_store < 6)
			result_evidence(r, NULL, _("journald MaxLevelStore below info: login messages "
						   "are not stored"));
		journald_runs = collector_runs(&lv, r, "systemd-journald.service", "systemd-journal");
		journal_ok = j.persistent && j.max_level_store >= 6 && !masked && journald_runs;
		(void)u;
	} else {
		result_evidence(r, NULL, _("systemd-journald is not installed"));
	}

	struct syslog_verdict rs, sng;
	judge_rsyslog(ctx, r, &j, &lv, &rs);
	judge_syslog_ng(ctx, r, &lv, &sng);
	const struct syslog_verdict *daemons[2] = { &rs, &sng };

	bool persisted[RS_NFAC], maybe[RS_NFAC];
	for (int f = 0; f < RS_NFAC; f++) {
		persisted[f] = journal_ok;
		maybe[f] = false;
		for (int d = 0; d < 2; d++) {
			persisted[f] |= syslog_effective(daemons[d], f);
			maybe[f] |= daemons[d]->installed && daemons[d]->counts && daemons[d]->maybe[f];
		}
	}
	for (int d = 0; d < 2; d++) {
		const struct syslog_verdict *v = daemons[d];
		if (!v->installed && !v->configured)
			continue;
		if (v->configured && !v->installed) {
			result_evidence(r, NULL, _("%s configuration present but the program is not "
						   "installed"), v->daemon);
			continue;
		}
		if (!v->counts) {
			struct finding *f = result_finding(r, journal_ok ? FINDING_INFO : FINDING_WARN,
							   v->daemon, "%s",
				!lv.live ? _("installed but not enabled: its log files are not written")
				: v->enabled ? _("enabled but not running on this host: its log files are "
						 "not being written")
					     : _("not enabled and not running: its log files are not "
						 "written"));
			finding_evidence(f, NULL, "%s", v->enable_detail);
		} else if (!v->has_input) {
			struct finding *f = result_finding(r, journal_ok ? FINDING_INFO : FINDING_WARN,
							   v->daemon,
				_("receives no local messages (no imuxsock with journald forwarding, "
				  "no imjournal)"));
			finding_evidence(f, "/etc/rsyslog.conf", _("inputs"));
		} else if (!v->persisted[RS_AUTH] && !v->persisted[RS_AUTHPRIV] && !journal_ok) {
			result_finding(r, FINDING_WARN, v->daemon,
				_("no rule writes auth or authpriv messages to a file or a log host"));
		}
	}

	if (!persisted[RS_AUTH] && !persisted[RS_AUTHPRIV]) {
		struct finding *f = result_finding(r, FINDING_FAIL, _("authentication log"),
			_("login and authentication events are not kept across a reboot: the journal "
			  "is %s and no enabled syslog daemon writes auth/authpriv to a file or a log "
			  "host%s"),
			!j.installed ? _("absent")
			: !journald_runs ? _("not being written (systemd-journald is not running)")
			: j.persistent ? _("not storing them") : _("volatile"),
			maybe[RS_AUTH] || maybe[RS_AUTHPRIV] ? _(" (only conditional rules)") : "");
		finding_evidence(f, j.storage_at ? j.storage_at->file : "/etc/systemd/journald.conf",
				 "Storage=%s", storage_name(j.storage));
		if (j.installed) /* the journal is there: making it persistent is the short way */
			finding_remedy(f, _("Keep the journal on disk: mkdir /var/log/journal, or Storage=persistent in /etc/systemd/journald.conf.d/; or have a syslog daemon write auth,authpriv to a file or a log host."));
		else
			finding_remedy(f, _("Install and enable a syslog daemon (rsyslog) with an 'auth,authpriv.* /var/log/auth.log' rule, or forwarding to a log host."));
	} else {
		for (int f = 0; f < RS_NFAC; f++) {
			if (persisted[f])
				continue;
			struct finding *x = result_finding(r, FINDING_WARN, fac_names[f],
				_("%s messages are not kept persistently (%s): "
				  "sshd logs to auth on Debian, PAM to authpriv"),
				fac_names[f], maybe[f] ? _("only a conditional rule") : _("no rule"));
			finding_evidence(x, NULL, _("facility %s"), fac_names[f]);
		}
	}

	judge_auditd(ctx, r, &lv);
	judge_sshd(ctx, r);
	judge_login_records(ctx, r);

	if (persisted[RS_AUTH] || persisted[RS_AUTHPRIV]) {
		/* joined with xasprintf, which keeps the phrase's identity (core/msg.h) */
		char *where = journal_ok ? xasprintf("%s", _("the persistent journal")) : NULL;
		for (int d = 0; d < 2; d++)
			if (syslog_effective(daemons[d], RS_AUTH) ||
			    syslog_effective(daemons[d], RS_AUTHPRIV)) {
				char *next = where ? xasprintf("%s, %s", where, daemons[d]->daemon)
						   : xasprintf("%s", daemons[d]->daemon);
				free(where);
				where = next;
			}
		result_reason(r, _("authentication events are kept by %s"), where ? where : "");
		free(where);
	} else {
		result_reason(r, _("authentication events are not kept across a reboot"));
	}
	free(lv.procs);
	logs_journald_free(&j);
}

const struct check check_logs_collection = {
	.id = "logs.collection",
	.title = N_("Login and authentication events are recorded persistently"),
	.remediation = N_("Keep the journal on disk (mkdir /var/log/journal, or Storage=persistent in "
			  "/etc/systemd/journald.conf.d/), or install and enable rsyslog with an "
			  "'auth,authpriv.* /var/log/auth.log' rule or forwarding to a log host; keep "
			  "sshd LogLevel at INFO or VERBOSE; keep /var/log/wtmp and /var/log/btmp; "
			  "enable auditd with rules where file access must be traced."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
