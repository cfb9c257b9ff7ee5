/* Reading the log and time configurations for the logs.* checks (item 2-11) through the root:
 * systemd drop-in merging, include/glob expansion for rsyslog, syslog-ng, logrotate and chrony,
 * and small facts (is a program installed, is a unit enabled). The parsers stay pure; this is
 * the I/O they need. */
#ifndef KENSA_LOGS_SOURCES_H
#define KENSA_LOGS_SOURCES_H
#include "../parsers/logrotate_conf.h"
#include "../parsers/rsyslog_conf.h"
#include "../parsers/syslog_ng_conf.h"
#include "../parsers/systemd_conf.h"
#include "../parsers/time_sources.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct audit_context;
struct check_result;

#define LOGS_CONF_MAX (1024 * 1024) /* bound for one configuration file */

/* main file + drop-ins of /etc/systemd/NAME (e.g. "journald.conf"), in systemd's order: the
 * first main file found in /etc, /run, /usr/local/lib, /usr/lib; then the .conf files in NAME.d of
 * those directories sorted by file name, a name in /etc hiding the same name further down, a link
 * to /dev/null masking it. Unreadable files become issues. Returns the number of files read. */
size_t logs_load_systemd_conf(struct audit_context *ctx, const char *name, struct sdconf *out);

enum journald_storage { STORAGE_AUTO, STORAGE_PERSISTENT, STORAGE_VOLATILE, STORAGE_NONE };

struct journald_settings {
	bool installed;           /* systemd-journald binary present */
	struct sdconf conf;
	size_t n_files;
	enum journald_storage storage;
	const struct sdconf_entry *storage_at; /* NULL: compiled-in default (auto) */
	bool var_log_journal;     /* /var/log/journal is a directory */
	bool persistent;          /* entries survive a reboot */
	bool forward_to_syslog;   /* Debian's default yes; upstream no since v246 on some builds */
	const struct sdconf_entry *forward_at;
	int max_level_store, max_level_syslog;
	uint64_t max_retention_usec; /* 0: no time limit */
	const struct sdconf_entry *max_retention_at;
	uint64_t system_max_use;     /* 0: default (10% of the file system, at most 4 GiB) */
	const struct sdconf_entry *system_max_use_at;
	uint64_t max_file_usec;
};

void logs_load_journald(struct audit_context *ctx, struct journald_settings *out);
void logs_journald_free(struct journald_settings *j);

/* rsyslog: /etc/rsyslog.conf with its includes. *installed from /usr/sbin/rsyslogd. Returns
 * false when the main file is absent. */
bool logs_load_rsyslog(struct audit_context *ctx, struct rsyslog_config *cfg);
/* syslog-ng: /etc/syslog-ng/syslog-ng.conf with @include, resolved. */
bool logs_load_syslog_ng(struct audit_context *ctx, struct syslog_ng_config *cfg);
/* logrotate: /etc/logrotate.conf with its includes. */
bool logs_load_logrotate(struct audit_context *ctx, struct logrotate_config *cfg);

/* The first of paths that exists as a regular file (or any file type when any_type). */
const char *logs_first_existing(struct audit_context *ctx, const char *const *paths, size_t n);
bool logs_program_installed(struct audit_context *ctx, const char *const *paths, size_t n);

/* Unit enablement, via systemd_units; *state_name gets "enabled", "disabled", ... */
enum logs_unit { LOGS_UNIT_ABSENT, LOGS_UNIT_OFF, LOGS_UNIT_ON, LOGS_UNIT_UNKNOWN };
enum logs_unit logs_unit_enabled(struct audit_context *ctx, const char *unit, char *detail,
				 size_t detail_len);

/* Expand an absolute glob whose last component may hold wildcards (a trailing '/' means every
 * file in the directory); calls fn for each regular file in strcmp order. Returns the count. */
typedef void (*logs_file_fn)(void *ud, const char *path);
size_t logs_glob(struct audit_context *ctx, const char *pattern, logs_file_fn fn, void *ud);

/* Auth log paths the syslog daemon writes (files receiving auth or authpriv for sure), else the
 * distribution defaults that exist. */
size_t logs_auth_log_paths(const struct rsyslog_config *rs, const struct syslog_ng_config *sng,
			   char paths[][256], size_t max);

/* A warn finding for a configuration problem: subject the file, "line N: why" (no line when 0). */
void logs_issue_finding(struct check_result *r, const char *file, unsigned line, const char *why);

/* A file path is on a persistent file system (not /run, /dev, /tmp, /dev/shm). */
bool logs_path_persistent(const char *path);

#endif
