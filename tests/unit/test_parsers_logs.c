/* Check suite: the parsers behind logs.collection, logs.retention and logs.time_sync —
 * systemd conf files, journal headers, logrotate, rsyslog, syslog-ng, auditd, chrony/ntpd —
 * on the real Debian 12 files and on malformed input. */
#include "testutil.h"
#include "parsers/auditd_conf.h"
#include "parsers/journal_header.h"
#include "parsers/logrotate_conf.h"
#include "parsers/rsyslog_conf.h"
#include "parsers/syslog_ng_conf.h"
#include "parsers/systemd_conf.h"
#include "parsers/time_sources.h"
#include <fnmatch.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Debian 12 (bookworm) files, verbatim from logrotate 3.21.0-1, rsyslog 8.2302.0-1+deb12u2,
 * util-linux 2.38.1-5 (wtmp/btmp), auditd 3.0.9-1 and chrony 4.3-2. */
static const char DEB_LOGROTATE_CONF[] =
	"# see \"man logrotate\" for details\n"
	"\n"
	"# global options do not affect preceding include directives\n"
	"\n"
	"# rotate log files weekly\n"
	"weekly\n"
	"\n"
	"# keep 4 weeks worth of backlogs\n"
	"rotate 4\n"
	"\n"
	"# create new (empty) log files after rotating old ones\n"
	"create\n"
	"\n"
	"# use date as a suffix of the rotated file\n"
	"#dateext\n"
	"\n"
	"# uncomment this if you want your log files compressed\n"
	"#compress\n"
	"\n"
	"# packages drop log rotation information into this directory\n"
	"include /etc/logrotate.d\n"
	"\n"
	"# system-specific logs may also be configured here.\n"
;

static const char DEB_LR_RSYSLOG[] =
	"/var/log/syslog\n"
	"/var/log/mail.log\n"
	"/var/log/kern.log\n"
	"/var/log/auth.log\n"
	"/var/log/user.log\n"
	"/var/log/cron.log\n"
	"{\n"
	"\trotate 4\n"
	"\tweekly\n"
	"\tmissingok\n"
	"\tnotifempty\n"
	"\tcompress\n"
	"\tdelaycompress\n"
	"\tsharedscripts\n"
	"\tpostrotate\n"
	"\t\t/usr/lib/rsyslog/rsyslog-rotate\n"
	"\tendscript\n"
	"}\n"
;

static const char DEB_LR_WTMP[] =
	"# no packages own wtmp -- we'll rotate it here\n"
	"/var/log/wtmp {\n"
	"    missingok\n"
	"    monthly\n"
	"    create 0664 root utmp\n"
	"    minsize 1M\n"
	"    rotate 1\n"
	"}\n"
;

static const char DEB_LR_BTMP[] =
	"# no packages own btmp -- we'll rotate it here\n"
	"/var/log/btmp {\n"
	"    missingok\n"
	"    monthly\n"
	"    create 0660 root utmp\n"
	"    rotate 1\n"
	"}\n"
;

static const char DEB_RSYSLOG_CONF[] =
	"# /etc/rsyslog.conf configuration file for rsyslog\n"
	"#\n"
	"# For more information install rsyslog-doc and see\n"
	"# /usr/share/doc/rsyslog-doc/html/configuration/index.html\n"
	"\n"
	"\n"
	"#################\n"
	"#### MODULES ####\n"
	"#################\n"
	"\n"
	"module(load=\"imuxsock\") # provides support for local system logging\n"
	"module(load=\"imklog\")   # provides kernel logging support\n"
	"#module(load=\"immark\")  # provides --MARK-- message capability\n"
	"\n"
	"# provides UDP syslog reception\n"
	"#module(load=\"imudp\")\n"
	"#input(type=\"imudp\" port=\"514\")\n"
	"\n"
	"# provides TCP syslog reception\n"
	"#module(load=\"imtcp\")\n"
	"#input(type=\"imtcp\" port=\"514\")\n"
	"\n"
	"\n"
	"###########################\n"
	"#### GLOBAL DIRECTIVES ####\n"
	"###########################\n"
	"\n"
	"#\n"
	"# Set the default permissions for all log files.\n"
	"#\n"
	"$FileOwner root\n"
	"$FileGroup adm\n"
	"$FileCreateMode 0640\n"
	"$DirCreateMode 0755\n"
	"$Umask 0022\n"
	"\n"
	"#\n"
	"# Where to place spool and state files\n"
	"#\n"
	"$WorkDirectory /var/spool/rsyslog\n"
	"\n"
	"#\n"
	"# Include all config files in /etc/rsyslog.d/\n"
	"#\n"
	"$IncludeConfig /etc/rsyslog.d/*.conf\n"
	"\n"
	"\n"
	"###############\n"
	"#### RULES ####\n"
	"###############\n"
	"\n"
	"#\n"
	"# Log anything besides private authentication messages to a single log file\n"
	"#\n"
	"*.*;auth,authpriv.none\t\t-/var/log/syslog\n"
	"\n"
	"#\n"
	"# Log commonly used facilities to their own log file\n"
	"#\n"
	"auth,authpriv.*\t\t\t/var/log/auth.log\n"
	"cron.*\t\t\t\t-/var/log/cron.log\n"
	"kern.*\t\t\t\t-/var/log/kern.log\n"
	"mail.*\t\t\t\t-/var/log/mail.log\n"
	"user.*\t\t\t\t-/var/log/user.log\n"
	"\n"
	"#\n"
	"# Emergencies are sent to everybody logged in.\n"
	"#\n"
	"*.emerg\t\t\t\t:omusrmsg:*\n"
;

static const char DEB_AUDITD_CONF[] =
	"#\n"
	"# This file controls the configuration of the audit daemon\n"
	"#\n"
	"\n"
	"local_events = yes\n"
	"write_logs = yes\n"
	"log_file = /var/log/audit/audit.log\n"
	"log_group = adm\n"
	"log_format = ENRICHED\n"
	"flush = INCREMENTAL_ASYNC\n"
	"freq = 50\n"
	"max_log_file = 8\n"
	"num_logs = 5\n"
	"priority_boost = 4\n"
	"name_format = NONE\n"
	"##name = mydomain\n"
	"max_log_file_action = ROTATE\n"
	"space_left = 75\n"
	"space_left_action = SYSLOG\n"
	"verify_email = yes\n"
	"action_mail_acct = root\n"
	"admin_space_left = 50\n"
	"admin_space_left_action = SUSPEND\n"
	"disk_full_action = SUSPEND\n"
	"disk_error_action = SUSPEND\n"
	"use_libwrap = yes\n"
	"##tcp_listen_port = 60\n"
	"tcp_listen_queue = 5\n"
	"tcp_max_per_addr = 1\n"
	"##tcp_client_ports = 1024-65535\n"
	"tcp_client_max_idle = 0\n"
	"transport = TCP\n"
	"krb5_principal = auditd\n"
	"##krb5_key_file = /etc/audit/audit.key\n"
	"distribute_network = no\n"
	"q_depth = 2000\n"
	"overflow_action = SYSLOG\n"
	"max_restarts = 10\n"
	"plugin_dir = /etc/audit/plugins.d\n"
	"end_of_event_timeout = 2\n"
;

static const char DEB_CHRONY_CONF[] =
	"# Welcome to the chrony configuration file. See chrony.conf(5) for more\n"
	"# information about usable directives.\n"
	"\n"
	"# Include configuration files found in /etc/chrony/conf.d.\n"
	"confdir /etc/chrony/conf.d\n"
	"\n"
	"# Use Debian vendor zone.\n"
	"pool 2.debian.pool.ntp.org iburst\n"
	"\n"
	"# Use time sources from DHCP.\n"
	"sourcedir /run/chrony-dhcp\n"
	"\n"
	"# Use NTP sources found in /etc/chrony/sources.d.\n"
	"sourcedir /etc/chrony/sources.d\n"
	"\n"
	"# This directive specify the location of the file containing ID/key pairs for\n"
	"# NTP authentication.\n"
	"keyfile /etc/chrony/chrony.keys\n"
	"\n"
	"# This directive specify the file into which chronyd will store the rate\n"
	"# information.\n"
	"driftfile /var/lib/chrony/chrony.drift\n"
	"\n"
	"# Save NTS keys and cookies.\n"
	"ntsdumpdir /var/lib/chrony\n"
	"\n"
	"# Uncomment the following line to turn logging on.\n"
	"#log tracking measurements statistics\n"
	"\n"
	"# Log files location.\n"
	"logdir /var/log/chrony\n"
	"\n"
	"# Stop bad estimates upsetting machine clock.\n"
	"maxupdateskew 100.0\n"
	"\n"
	"# This directive enables kernel synchronisation (every 11 minutes) of the\n"
	"# real-time clock. Note that it can't be used along with the 'rtcfile' directive.\n"
	"rtcsync\n"
	"\n"
	"# Step the system clock instead of slewing it if the adjustment is larger than\n"
	"# one second, but only in the first three clock updates.\n"
	"makestep 1 3\n"
	"\n"
	"# Get TAI-UTC offset and leap seconds from the system tz database.\n"
	"# This directive must be commented out when using time sources serving\n"
	"# leap-smeared time.\n"
	"leapsectz right/UTC\n"
;

/* ---- systemd conf ----------------------------------------------------------------------- */

START_TEST(sdconf_sections_continuation_and_override)
{
	const char *main = "# comment\n[Journal]\n#Storage=auto\nStorage=volatile\n"
			   "SystemMaxUse=1G\nForwardToSyslog=\\\n  no\n; other comment\n";
	const char *dropin = "[Journal]\nStorage=persistent\nSystemMaxUse=\n";
	struct sdconf c;
	memset(&c, 0, sizeof c);
	sdconf_parse(&c, "/etc/systemd/journald.conf", main, strlen(main));
	sdconf_parse(&c, "/etc/systemd/journald.conf.d/10-x.conf", dropin, strlen(dropin));
	const struct sdconf_entry *e = sdconf_get(&c, "Journal", "Storage");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->value, "persistent");
	ck_assert_str_eq(e->file, "/etc/systemd/journald.conf.d/10-x.conf");
	ck_assert_uint_eq(e->line, 2);
	e = sdconf_get(&c, "Journal", "ForwardToSyslog");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->value, "no");
	ck_assert_uint_eq(e->line, 6);
	e = sdconf_get(&c, "Journal", "SystemMaxUse");
	ck_assert_str_eq(e->value, ""); /* reset to the default by the drop-in */
	ck_assert_uint_eq(c.n_issues, 0);
	sdconf_free(&c);
}
END_TEST

START_TEST(sdconf_malformed_lines)
{
	const char *bad = "Storage=auto\n[Journal\n[Journal]\nno equals here\n=value\n\0[Journal]\n";
	struct sdconf c;
	memset(&c, 0, sizeof c);
	sdconf_parse(&c, "x.conf", bad, 60);
	ck_assert_uint_eq(c.n, 0);
	ck_assert_uint_ge(c.n_issues, 4);
	ck_assert_uint_eq(c.issues[0].line, 1); /* outside of a section */
	ck_assert_uint_eq(c.issues[1].line, 2); /* bad header */
	sdconf_free(&c);
}
END_TEST

START_TEST(sd_timespan_units)
{
	uint64_t u;
	ck_assert(sd_parse_timespan("1month", &u));
	ck_assert_uint_eq(u, 2629800ULL * 1000000);
	ck_assert(sd_parse_timespan("1y", &u));
	ck_assert_uint_eq(u, 31557600ULL * 1000000);
	ck_assert(sd_parse_timespan("2w 3d", &u));
	ck_assert_uint_eq(u, 17ULL * 86400 * 1000000);
	ck_assert(sd_parse_timespan("5m", &u)); /* minutes, not months */
	ck_assert_uint_eq(u, 300ULL * 1000000);
	ck_assert(sd_parse_timespan("5ms", &u));
	ck_assert_uint_eq(u, 5000);
	ck_assert(sd_parse_timespan("1.5h", &u));
	ck_assert_uint_eq(u, 5400ULL * 1000000);
	ck_assert(sd_parse_timespan("90", &u));
	ck_assert_uint_eq(u, 90ULL * 1000000);
	ck_assert(sd_parse_timespan("3h30min", &u));
	ck_assert_uint_eq(u, 12600ULL * 1000000);
	ck_assert(sd_parse_timespan("infinity", &u));
	ck_assert_uint_eq(u, SD_USEC_INFINITY);
	ck_assert(!sd_parse_timespan("5x", &u));
	ck_assert(!sd_parse_timespan("-1d", &u));
	ck_assert(!sd_parse_timespan("", &u));
	ck_assert(!sd_parse_timespan("1e3", &u));
}
END_TEST

START_TEST(sd_size_and_boolean)
{
	uint64_t b;
	ck_assert(sd_parse_size("512M", &b));
	ck_assert_uint_eq(b, 512ULL << 20);
	ck_assert(sd_parse_size("1.5G", &b));
	ck_assert_uint_eq(b, 3ULL << 29);
	ck_assert(sd_parse_size("100", &b));
	ck_assert_uint_eq(b, 100);
	ck_assert(sd_parse_size("1G 512M", &b));
	ck_assert_uint_eq(b, (1ULL << 30) + (512ULL << 20));
	ck_assert(!sd_parse_size("12Q", &b));
	ck_assert(!sd_parse_size("", &b));
	ck_assert(!sd_parse_size("-5M", &b));
	ck_assert_int_eq(sd_parse_boolean("yes"), 1);
	ck_assert_int_eq(sd_parse_boolean("Off"), 0);
	ck_assert_int_eq(sd_parse_boolean("maybe"), -1);
	ck_assert_int_eq(sd_parse_log_level("info"), 6);
	ck_assert_int_eq(sd_parse_log_level("3"), 3);
	ck_assert_int_eq(sd_parse_log_level("loud"), -1);
}
END_TEST

/* ---- journal header ----------------------------------------------------------------------- */

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

START_TEST(journal_header_fields)
{
	unsigned char h[240];
	memset(h, 0, sizeof h);
	memcpy(h, "LPKSHHRH", 8);
	h[16] = JOURNAL_ARCHIVED;
	put64(h + 88, 272);
	put64(h + 152, 1234);
	put64(h + 184, 1700000000000000ULL);
	put64(h + 192, 1700086400000000ULL);
	struct journal_header jh;
	const char *why = NULL;
	ck_assert(journal_header_parse(h, sizeof h, &jh, &why));
	ck_assert_uint_eq(jh.n_entries, 1234);
	ck_assert_uint_eq(jh.head_realtime_usec, 1700000000000000ULL);
	ck_assert_uint_eq(jh.tail_realtime_usec, 1700086400000000ULL);
	ck_assert_uint_eq(jh.state, JOURNAL_ARCHIVED);
	ck_assert(!journal_header_parse(h, 100, &jh, &why)); /* truncated */
	put64(h + 192, 1600000000000000ULL);                  /* tail before head */
	ck_assert(!journal_header_parse(h, sizeof h, &jh, &why));
	put64(h + 192, 1700086400000000ULL);
	put64(h + 88, 16); /* header_size too small */
	ck_assert(!journal_header_parse(h, sizeof h, &jh, &why));
	memcpy(h, "LPKSHHRX", 8);
	ck_assert(!journal_header_parse(h, sizeof h, &jh, &why));
	ck_assert_ptr_nonnull(why);
}
END_TEST

/* ---- logrotate ---------------------------------------------------------------------------- */

struct memfile {
	const char *path, *text;
};

struct memfs {
	const struct memfile *files;
	size_t n;
};

static void mem_include(void *ud, struct logrotate_config *cfg, const char *path,
			const char *from, unsigned line)
{
	const struct memfs *fs = ud;
	size_t plen = strlen(path);
	bool any = false;
	/* a directory: the files below it in name order (the table is sorted), taboo skipped */
	for (size_t i = 0; i < fs->n; i++) {
		const char *p = fs->files[i].path;
		if (strcmp(p, path) == 0 ||
		    (strncmp(p, path, plen) == 0 && p[plen] == '/' &&
		     !logrotate_taboo(cfg, p + plen + 1))) {
			logrotate_parse(cfg, p, fs->files[i].text, strlen(fs->files[i].text),
					mem_include, ud);
			any = true;
		}
	}
	if (!any)
		logrotate_issue(cfg, from, line, "not found");
}

static void load_lr(struct logrotate_config *cfg, const struct memfile *files, size_t n)
{
	struct memfs fs = { files, n };
	logrotate_init(cfg);
	logrotate_parse(cfg, files[0].path, files[0].text, strlen(files[0].text), mem_include, &fs);
}

static double days_for(const struct logrotate_config *cfg, const char *path, int *kind)
{
	const struct lr_block *b = logrotate_find(cfg, path);
	ck_assert_msg(b != NULL, "no block for %s", path);
	struct lr_retention r;
	logrotate_retention(&b->opt, &r);
	*kind = r.kind;
	return r.days;
}

START_TEST(logrotate_debian_stock)
{
	const struct memfile files[] = {
		{ "/etc/logrotate.conf", DEB_LOGROTATE_CONF },
		{ "/etc/logrotate.d/btmp", DEB_LR_BTMP },
		{ "/etc/logrotate.d/rsyslog", DEB_LR_RSYSLOG },
		{ "/etc/logrotate.d/rsyslog.dpkg-old", "/var/log/auth.log { rotate 99\n daily\n}\n" },
		{ "/etc/logrotate.d/wtmp", DEB_LR_WTMP },
	};
	struct logrotate_config cfg;
	load_lr(&cfg, files, 5);
	ck_assert_uint_eq(cfg.n_issues, 0);
	ck_assert_uint_eq(cfg.n_blocks, 3); /* the .dpkg-old file is taboo */
	int kind;
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/auth.log", &kind), 28, 1e-9);
	ck_assert_int_eq(kind, LR_KEEP_DAYS);
	const struct lr_block *b = logrotate_find(&cfg, "/var/log/auth.log");
	ck_assert_str_eq(b->opt.rotate_at.file, "/etc/logrotate.d/rsyslog");
	ck_assert_uint_eq(b->opt.rotate_at.line, 8);
	ck_assert(b->opt.missingok);
	/* wtmp: monthly rotate 1 = one month */
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/wtmp", &kind), 365.2425 / 12, 1e-9);
	b = logrotate_find(&cfg, "/var/log/wtmp");
	ck_assert_int_eq(b->opt.minsize, 1024 * 1024);
	ck_assert_ptr_null(logrotate_find(&cfg, "/var/log/secure"));
	logrotate_free(&cfg);
}
END_TEST

START_TEST(logrotate_periods_and_limits)
{
	const struct memfile files[] = {
		{ "/etc/logrotate.conf",
		  "weekly\nrotate 4\ninclude /etc/logrotate.d\n"
		  "\"/var/log/a.log\" /var/log/b.log\n/var/log/c*.log {\n rotate 52\n}\n"
		  "/var/log/m.log {\n monthly\n rotate 13\n}\n"
		  "/var/log/y.log {\n yearly\n rotate 2\n}\n"
		  "/var/log/h.log {\n hourly\n rotate 48\n}\n"
		  "/var/log/age.log {\n daily\n rotate 1000\n maxage 90\n}\n"
		  "/var/log/size.log {\n size 100M\n rotate 9\n}\n"
		  "/var/log/ever.log {\n rotate -1\n}\n"
		  "/var/log/max.log {\n daily\n rotate 400\n maxsize 10M\n}\n"
		  "/var/log/late.log {\n}\n" },
		{ "/etc/logrotate.d/x", "daily\n" /* global: only later blocks inherit it */ },
	};
	struct logrotate_config cfg;
	load_lr(&cfg, files, 2);
	ck_assert_uint_eq(cfg.n_issues, 0);
	int kind;
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/a.log", &kind), 52, 1e-9); /* daily now */
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/b.log", &kind), 52, 1e-9);
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/cron.log", &kind), 52, 1e-9);
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/m.log", &kind), 13 * 365.2425 / 12, 1e-9);
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/y.log", &kind), 2 * 365.2425, 1e-9);
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/h.log", &kind), 2, 1e-9);
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/age.log", &kind), 90, 1e-9);
	days_for(&cfg, "/var/log/size.log", &kind);
	ck_assert_int_eq(kind, LR_KEEP_SIZE_ONLY);
	days_for(&cfg, "/var/log/ever.log", &kind);
	ck_assert_int_eq(kind, LR_KEEP_FOREVER);
	const struct lr_block *b = logrotate_find(&cfg, "/var/log/max.log");
	struct lr_retention r;
	logrotate_retention(&b->opt, &r);
	ck_assert(r.maxsize_may_shorten);
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/late.log", &kind), 4, 1e-9); /* daily×4 */
	/* "*" does not cross '/' (glob semantics) */
	ck_assert_ptr_null(logrotate_find(&cfg, "/var/log/cx/y.log"));
	logrotate_free(&cfg);
}
END_TEST

START_TEST(logrotate_weekly_with_sunday_default)
{
	const struct memfile w52[] = {
		{ "/etc/logrotate.conf", "/var/log/auth.log {\n weekly 0\n rotate 52\n}\n" },
	};
	struct logrotate_config cfg;
	load_lr(&cfg, w52, 1);
	int kind;
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/auth.log", &kind), 364, 1e-9);
	logrotate_free(&cfg);
	/* the built-in default is size 1M, rotate 0 */
	const struct memfile bare[] = { { "/etc/logrotate.conf", "/var/log/auth.log {\n}\n" } };
	load_lr(&cfg, bare, 1);
	days_for(&cfg, "/var/log/auth.log", &kind);
	ck_assert_int_eq(kind, LR_KEEP_SIZE_ONLY);
	ck_assert_uint_eq(logrotate_find(&cfg, "/var/log/auth.log")->opt.rotate_at.line, 0);
	logrotate_free(&cfg);
}
END_TEST

START_TEST(logrotate_errors)
{
	const struct memfile files[] = {
		{ "/etc/logrotate.conf",
		  "weekly\nrotate 4\n"
		  "/var/log/bad.log {\n rotate many\n daily\n}\n"    /* block dropped */
		  "/var/log/ok.log {\n rotate 10\n frobnicate\n}\n" /* unknown option: line ignored */
		  "/var/log/script.log {\n postrotate\n  rotate 1 }\n endscript\n rotate 7\n}\n"
		  "include /etc/logrotate.d\n"
		  "/var/log/after.log {\n}\n"
		  "lines without keyword\n" },
		{ "/etc/logrotate.d/broken", "rotate 99\n}\n/var/log/never.log {\n}\n" },
		{ "/etc/logrotate.d/noend", "/var/log/noend.log {\n prerotate\n  true\n" },
		{ "/etc/logrotate.d/taboo~", "/var/log/taboo.log {\n}\n" },
		{ "/etc/logrotate.d/weekday", "rotate 3\n/var/log/wd.log {\n weekly 9\n}\n" },
	};
	struct logrotate_config cfg;
	load_lr(&cfg, files, 5);
	ck_assert_ptr_null(logrotate_find(&cfg, "/var/log/bad.log"));
	ck_assert_ptr_nonnull(logrotate_find(&cfg, "/var/log/ok.log"));
	int kind;
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/script.log", &kind), 49, 1e-9);
	/* "broken" aborted at '}' and its "rotate 99" was rolled back; "weekday" too */
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/after.log", &kind), 28, 1e-9);
	ck_assert_ptr_null(logrotate_find(&cfg, "/var/log/never.log"));
	ck_assert_ptr_null(logrotate_find(&cfg, "/var/log/taboo.log"));
	ck_assert_ptr_null(logrotate_find(&cfg, "/var/log/wd.log"));
	ck_assert_uint_ge(cfg.n_issues, 6);
	bool saw_unknown = false;
	for (size_t i = 0; i < cfg.n_issues; i++)
		if (strstr(cfg.issues[i].why, "frobnicate"))
			saw_unknown = cfg.issues[i].line == 9;
	ck_assert(saw_unknown);
	logrotate_free(&cfg);
}
END_TEST

START_TEST(logrotate_duplicate_first_wins_and_tabooext)
{
	const struct memfile files[] = {
		{ "/etc/logrotate.conf",
		  "tabooext + .local\ninclude /etc/logrotate.d\n"
		  "/var/log/auth.log {\n daily\n rotate 400\n}\n" },
		{ "/etc/logrotate.d/a", "/var/log/auth.log {\n weekly\n rotate 2\n}\n" },
		{ "/etc/logrotate.d/b.local", "/var/log/x.log {\n}\n" },
	};
	struct logrotate_config cfg;
	load_lr(&cfg, files, 3);
	int kind;
	ck_assert_double_eq_tol(days_for(&cfg, "/var/log/auth.log", &kind), 14, 1e-9);
	ck_assert_ptr_null(logrotate_find(&cfg, "/var/log/x.log"));
	ck_assert(logrotate_taboo(&cfg, "foo.rpmsave"));
	ck_assert(logrotate_taboo(&cfg, "foo.rhn-cfg-tmp-123"));
	ck_assert(!logrotate_taboo(&cfg, "rsyslog"));
	logrotate_free(&cfg);
}
END_TEST

/* ---- rsyslog ------------------------------------------------------------------------------ */

static bool fnmatch_like(const char *pattern, const char *path)
{
	return fnmatch(pattern, path, FNM_PATHNAME) == 0;
}

struct rs_mem {
	const struct memfile *files;
	size_t n;
	unsigned calls;
};

static void rs_mem_include(void *ud, struct rsyslog_config *cfg, const char *pattern,
			   bool optional, const char *from, unsigned line)
{
	struct rs_mem *m = ud;
	(void)optional;
	(void)from;
	(void)line;
	m->calls++;
	for (size_t i = 0; i < m->n; i++)
		if (fnmatch_like(pattern, m->files[i].path))
			rsyslog_parse(cfg, m->files[i].path, m->files[i].text,
				      strlen(m->files[i].text), rs_mem_include, ud);
}

static const struct rs_dest *rs_find(const struct rsyslog_config *c, const char *target)
{
	for (size_t i = 0; i < c->n_dests; i++)
		if (strcmp(c->dests[i].target, target) == 0)
			return &c->dests[i];
	return NULL;
}

static void rs_load(struct rsyslog_config *c, const char *text, const struct memfile *inc,
		    size_t ninc)
{
	struct rs_mem m = { inc, ninc, 0 };
	rsyslog_init(c);
	rsyslog_parse(c, "/etc/rsyslog.conf", text, strlen(text), rs_mem_include, &m);
}

START_TEST(rsyslog_debian_stock)
{
	const struct memfile inc[] = {
		{ "/etc/rsyslog.d/50-remote.conf", "*.* @@loghost.example:514\n" },
	};
	struct rsyslog_config c;
	rs_load(&c, DEB_RSYSLOG_CONF, inc, 1);
	ck_assert_uint_eq(c.n_issues, 0);
	ck_assert(c.imuxsock);
	ck_assert(!c.imjournal);
	const struct rs_dest *d = rs_find(&c, "/var/log/auth.log");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->kind, RS_DEST_FILE);
	ck_assert_int_eq(d->reach[RS_AUTH], RS_YES);
	ck_assert_int_eq(d->reach[RS_AUTHPRIV], RS_YES);
	ck_assert_uint_eq(d->line, 60);
	d = rs_find(&c, "/var/log/syslog"); /* "*.*;auth,authpriv.none" */
	ck_assert_ptr_null(d);
	d = rs_find(&c, "loghost.example:514"); /* the include is read in place (line 44) */
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->kind, RS_DEST_REMOTE);
	ck_assert_str_eq(d->file, "/etc/rsyslog.d/50-remote.conf");
	rsyslog_free(&c);
}
END_TEST

START_TEST(rsyslog_rhel_style_and_rainerscript)
{
	const char *conf =
		"module(load=\"imjournal\" StateFile=\"imjournal.state\")\n"
		"*.info;mail.none;authpriv.none;cron.none                /var/log/messages\n"
		"authpriv.*                                              /var/log/secure\n"
		"if $syslogfacility-text == 'authpriv' and $programname == 'sshd' then {\n"
		"    action(type=\"omfile\" file=\"/var/log/sshd.log\")\n"
		"}\n"
		"if $syslogfacility-text == ['auth', 'authpriv'] then\n"
		"    action(type=\"omfwd\" target=\"192.0.2.1\" port=\"514\" protocol=\"tcp\")\n"
		"if prifilt(\"auth.info\") then /var/log/prifilt.log\n"
		":syslogfacility-text, isequal, \"authpriv\" /var/log/propfilt.log\n"
		"if not ($syslogfacility == 10) then /var/log/notpriv.log\n"
		"ruleset(name=\"remote\") {\n  *.* /var/log/remote.log\n}\n"
		"/* a comment\n   auth.* /var/log/commented.log */\n";
	struct rsyslog_config c;
	rs_load(&c, conf, NULL, 0);
	ck_assert_uint_eq(c.n_issues, 0);
	ck_assert(c.imjournal);
	const struct rs_dest *d = rs_find(&c, "/var/log/messages");
	ck_assert_int_eq(d->reach[RS_AUTH], RS_YES);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->reach[RS_AUTHPRIV], RS_NO);
	d = rs_find(&c, "/var/log/secure");
	ck_assert_int_eq(d->reach[RS_AUTHPRIV], RS_YES);
	ck_assert_int_eq(d->reach[RS_AUTH], RS_NO);
	d = rs_find(&c, "/var/log/sshd.log");
	ck_assert_int_eq(d->reach[RS_AUTHPRIV], RS_MAYBE); /* $programname is unknown */
	ck_assert_int_eq(d->reach[RS_AUTH], RS_NO);
	d = rs_find(&c, "192.0.2.1");
	ck_assert_int_eq(d->kind, RS_DEST_REMOTE);
	ck_assert_int_eq(d->reach[RS_AUTH], RS_YES);
	ck_assert_int_eq(d->reach[RS_AUTHPRIV], RS_YES);
	d = rs_find(&c, "/var/log/prifilt.log");
	ck_assert_int_eq(d->reach[RS_AUTH], RS_YES);
	ck_assert_int_eq(d->reach[RS_AUTHPRIV], RS_NO);
	d = rs_find(&c, "/var/log/propfilt.log");
	ck_assert_int_eq(d->reach[RS_AUTHPRIV], RS_YES);
	d = rs_find(&c, "/var/log/notpriv.log");
	ck_assert_int_eq(d->reach[RS_AUTH], RS_YES);
	ck_assert_int_eq(d->reach[RS_AUTHPRIV], RS_NO);
	ck_assert_ptr_null(rs_find(&c, "/var/log/remote.log")); /* another ruleset */
	ck_assert_ptr_null(rs_find(&c, "/var/log/commented.log"));
	rsyslog_free(&c);
}
END_TEST

START_TEST(rsyslog_stop_and_continuation)
{
	const char *conf = "auth,authpriv.* /var/log/first.log\n"
			   "& stop\n"
			   "auth.* /var/log/never.log\n"
			   "authpriv.=info -/var/log/priv.log;RSYSLOG_FileFormat\n"
			   "authpriv.* ~\n"
			   "*.* /var/log/all.log\n";
	struct rsyslog_config c;
	rs_load(&c, conf, NULL, 0);
	ck_assert_ptr_nonnull(rs_find(&c, "/var/log/first.log"));
	ck_assert_ptr_null(rs_find(&c, "/var/log/never.log"));
	ck_assert_ptr_null(rs_find(&c, "/var/log/priv.log")); /* after the stop */
	ck_assert_ptr_null(rs_find(&c, "/var/log/all.log"));
	ck_assert(c.stopped[RS_AUTH] && c.stopped[RS_AUTHPRIV]);
	rsyslog_free(&c);
}
END_TEST

START_TEST(rsyslog_selectors)
{
	ck_assert(rsyslog_selector_matches("auth,authpriv.*", 4, 6));
	ck_assert(rsyslog_selector_matches("*.info", 10, 6));
	ck_assert(!rsyslog_selector_matches("*.info", 10, 7));
	ck_assert(!rsyslog_selector_matches("*.*;auth,authpriv.none", 4, 6));
	ck_assert(rsyslog_selector_matches("authpriv.=info", 10, 6));
	ck_assert(!rsyslog_selector_matches("authpriv.=info", 10, 5));
	ck_assert(!rsyslog_selector_matches("authpriv.*;authpriv.!notice", 10, 3));
	ck_assert(rsyslog_selector_matches("authpriv.*;authpriv.!notice", 10, 6));
	ck_assert(rsyslog_selector_matches("security.err", 4, 2));
	ck_assert(!rsyslog_selector_matches("auth.bogus", 4, 6));
	ck_assert(!rsyslog_selector_matches("nosuch.*", 4, 6));
}
END_TEST

START_TEST(rsyslog_malformed)
{
	const char *confs[] = {
		"action(type=\"omfile\" file=\"/var/log/x\"\n",          /* unterminated */
		"if $syslogfacility-text == 'auth' /var/log/x\n",       /* no then */
		"if ($syslogfacility-text == 'auth' then /var/log/y\n", /* unbalanced */
		"auth.bogus /var/log/z\n}\n{\n",
		"\"stray\n$IncludeConfig\nruleset(name=\"x\")\n",
		"if $x == 'a' then {\n auth.* /var/log/open.log\n",
		"",
	};
	for (size_t i = 0; i < sizeof confs / sizeof confs[0]; i++) {
		struct rsyslog_config c;
		rs_load(&c, confs[i], NULL, 0);
		if (i < 6)
			ck_assert_msg(c.n_issues > 0, "no issue for case %zu", i);
		for (size_t k = 0; k < c.n_dests; k++)
			ck_assert_msg(c.dests[k].reach[RS_AUTH] != RS_YES ||
				      strcmp(c.dests[k].target, "/var/log/z") != 0,
				      "invalid selector must not count");
		rsyslog_free(&c);
	}
}
END_TEST

/* ---- syslog-ng ----------------------------------------------------------------------------- */

START_TEST(syslog_ng_debian_paths)
{
	const char *conf =
		"@version: 3.38\n@include \"scl.conf\"\n"
		"source s_src {\n       system();\n       internal();\n};\n"
		"destination d_auth { file(\"/var/log/auth.log\"); };\n"
		"destination d_syslog { file(\"/var/log/syslog\"); };\n"
		"destination d_net { network(\"192.0.2.7\" transport(\"tcp\") port(514)); };\n"
		"destination d_x { file(\"/var/log/x.log\"); };\n"
		"filter f_dbg { level(debug); };\n"
		"filter f_auth { facility(auth, authpriv) and not filter(f_dbg); };\n"
		"filter f_syslog3 { not facility(auth, authpriv, mail) and not filter(f_dbg); };\n"
		"filter f_warn { level(warn .. emerg); };\n"
		"log { source(s_src); filter(f_syslog3); destination(d_syslog); };\n"
		"log { source(s_src); filter(f_auth); destination(d_auth); destination(d_net); "
		"flags(final); };\n"
		"log { source(s_src); destination(d_x); };\n"
		"log { source(s_src); filter(f_warn); destination { file(\"/var/log/warn.log\"); }; };\n";
	struct syslog_ng_config c;
	syslog_ng_init(&c);
	syslog_ng_parse(&c, "/etc/syslog-ng/syslog-ng.conf", conf, strlen(conf), NULL, NULL);
	syslog_ng_resolve(&c);
	ck_assert_uint_eq(c.n_issues, 0);
	const struct rs_dest *auth = NULL, *sys = NULL, *net = NULL, *x = NULL, *warn = NULL;
	for (size_t i = 0; i < c.n_dests; i++) {
		const char *t = c.dests[i].target;
		if (!strcmp(t, "/var/log/auth.log")) auth = &c.dests[i];
		if (!strcmp(t, "/var/log/syslog")) sys = &c.dests[i];
		if (!strcmp(t, "192.0.2.7")) net = &c.dests[i];
		if (!strcmp(t, "/var/log/x.log")) x = &c.dests[i];
		if (!strcmp(t, "/var/log/warn.log")) warn = &c.dests[i];
	}
	ck_assert_ptr_nonnull(auth);
	ck_assert_int_eq(auth->reach[RS_AUTH], RS_YES);
	ck_assert_int_eq(auth->reach[RS_AUTHPRIV], RS_YES);
	ck_assert_ptr_nonnull(sys);
	ck_assert_int_eq(sys->reach[RS_AUTH], RS_NO);
	ck_assert_int_eq(net->kind, RS_DEST_REMOTE);
	ck_assert_int_eq(net->reach[RS_AUTHPRIV], RS_YES);
	ck_assert_int_eq(x->reach[RS_AUTH], RS_NO); /* after flags(final) */
	ck_assert_int_eq(warn->reach[RS_AUTH], RS_NO);
	syslog_ng_free(&c);
}
END_TEST

START_TEST(syslog_ng_malformed)
{
	const char *confs[] = {
		"destination d { file(\"/x\"); };\nlog { source(s); filter(nosuch); destination(d); };\n",
		"filter f { facility(auth) and ; };\nlog { filter(f); destination { file(\"/y\"); }; };\n",
		"log { destination(d)\n",
		"} ; ( \"x\n",
	};
	for (size_t i = 0; i < 4; i++) {
		struct syslog_ng_config c;
		syslog_ng_init(&c);
		syslog_ng_parse(&c, "t.conf", confs[i], strlen(confs[i]), NULL, NULL);
		syslog_ng_resolve(&c);
		for (size_t k = 0; k < c.n_dests; k++)
			ck_assert_int_ne(c.dests[k].reach[RS_AUTH], RS_YES);
		ck_assert_msg(c.n_issues > 0 || i == 0, "case %zu", i);
		syslog_ng_free(&c);
	}
}
END_TEST

/* ---- auditd ----------------------------------------------------------------------------------- */

START_TEST(auditd_debian_and_bad)
{
	struct auditd_conf a;
	auditd_conf_parse(DEB_AUDITD_CONF, strlen(DEB_AUDITD_CONF), &a);
	ck_assert_int_eq(a.action, AUDITD_ROTATE);
	ck_assert_int_eq(a.num_logs, 5);
	ck_assert_int_eq(a.max_log_file_mb, 8);
	ck_assert_str_eq(a.log_file, "/var/log/audit/audit.log");
	ck_assert_uint_eq(a.bad_line, 0);
	const char *bad = "max_log_file_action = rotate_forever\nnum_logs five\nwrite_logs=no\n";
	auditd_conf_parse(bad, strlen(bad), &a);
	ck_assert_int_eq(a.action, AUDITD_ACTION_INVALID);
	ck_assert_uint_eq(a.bad_line, 1);
	ck_assert(!a.write_logs);
	auditd_conf_parse("", 0, &a);
	ck_assert_int_eq(a.action, AUDITD_IGNORE);
	ck_assert(a.write_logs);

	const char *rules = "## comment\n-D\n-b 8192\n--backlog_wait_time 60000\n-f 1\n"
			    "-w /etc/passwd -p wa -k identity\n"
			    "-a always,exit -F arch=b64 -S execve -k exec\n"
			    "-a never,exit -F arch=b64 -S adjtimex\n-e 2\n";
	struct audit_rules_count n;
	audit_rules_count(rules, strlen(rules), &n);
	ck_assert_uint_eq(n.watches, 1);
	ck_assert_uint_eq(n.syscalls, 1);
	ck_assert_uint_eq(n.never, 1);
	ck_assert_uint_eq(n.first_rule_line, 6);
}
END_TEST

/* ---- chrony / ntpd ------------------------------------------------------------------------------- */

static unsigned ts_calls;
static void ts_mem_include(void *ud, struct ts_config *cfg, enum ts_include_kind kind,
			   char *const *args, size_t n_args, const char *from, unsigned line)
{
	(void)ud;
	(void)n_args;
	(void)from;
	(void)line;
	ts_calls++;
	if (kind == TS_INC_SOURCEDIR && strcmp(args[0], "/etc/chrony/sources.d") == 0) {
		const char *src = "server ntp.example.jp iburst\nlocal stratum 10\n";
		ts_config_parse(cfg, TS_CHRONY_SOURCES, "/etc/chrony/sources.d/site.sources", src,
				strlen(src), NULL, NULL);
	}
}

START_TEST(chrony_debian_and_sources)
{
	struct ts_config c;
	ts_config_init(&c);
	ts_calls = 0;
	ts_config_parse(&c, TS_CHRONY, "/etc/chrony/chrony.conf", DEB_CHRONY_CONF,
			strlen(DEB_CHRONY_CONF), ts_mem_include, NULL);
	ck_assert_uint_eq(ts_calls, 3); /* confdir, sourcedir /run/chrony-dhcp, sourcedir sources.d */
	ck_assert_uint_eq(c.n_sources, 2);
	ck_assert_str_eq(c.sources[0].directive, "pool");
	ck_assert_str_eq(c.sources[0].address, "2.debian.pool.ntp.org");
	ck_assert_str_eq(c.sources[1].address, "ntp.example.jp");
	ck_assert_uint_eq(c.n_issues, 1); /* "local" is not allowed in a .sources file */
	ck_assert_uint_eq(ts_config_real_sources(&c), 2);
	ts_config_free(&c);

	const char *ntp = "# ntp.conf\nserver 127.127.1.0\nfudge 127.127.1.0 stratum 10\n"
			  "SERVER\nrestrict default kod\n";
	ts_config_init(&c);
	ts_config_parse(&c, TS_NTP, "/etc/ntp.conf", ntp, strlen(ntp), NULL, NULL);
	ck_assert_uint_eq(c.n_sources, 1);
	ck_assert(c.sources[0].local_clock);
	ck_assert(c.has_local_stratum);
	ck_assert_uint_eq(ts_config_real_sources(&c), 0);
	ck_assert_uint_eq(c.n_issues, 1); /* SERVER without an address */
	ts_config_free(&c);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("parsers-logs");
	TCase *tc = tcase_create("systemd-conf");
	tcase_add_test(tc, sdconf_sections_continuation_and_override);
	tcase_add_test(tc, sdconf_malformed_lines);
	tcase_add_test(tc, sd_timespan_units);
	tcase_add_test(tc, sd_size_and_boolean);
	tcase_add_test(tc, journal_header_fields);
	suite_add_tcase(s, tc);
	tc = tcase_create("logrotate");
	tcase_add_test(tc, logrotate_debian_stock);
	tcase_add_test(tc, logrotate_periods_and_limits);
	tcase_add_test(tc, logrotate_weekly_with_sunday_default);
	tcase_add_test(tc, logrotate_errors);
	tcase_add_test(tc, logrotate_duplicate_first_wins_and_tabooext);
	suite_add_tcase(s, tc);
	tc = tcase_create("syslog");
	tcase_add_test(tc, rsyslog_debian_stock);
	tcase_add_test(tc, rsyslog_rhel_style_and_rainerscript);
	tcase_add_test(tc, rsyslog_stop_and_continuation);
	tcase_add_test(tc, rsyslog_selectors);
	tcase_add_test(tc, rsyslog_malformed);
	tcase_add_test(tc, syslog_ng_debian_paths);
	tcase_add_test(tc, syslog_ng_malformed);
	suite_add_tcase(s, tc);
	tc = tcase_create("audit-and-time");
	tcase_add_test(tc, auditd_debian_and_bad);
	tcase_add_test(tc, chrony_debian_and_sources);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
