/* auditd.conf ("keyword = value", auditd-config.c) and audit rule files (auditctl syntax): the
 * settings that bound how long the audit log is kept, and whether any watch/syscall rule exists. */
#ifndef KENSA_AUDITD_CONF_H
#define KENSA_AUDITD_CONF_H
#include <stdbool.h>
#include <stddef.h>

enum auditd_size_action {
	AUDITD_IGNORE, AUDITD_SYSLOG, AUDITD_SUSPEND, AUDITD_ROTATE, AUDITD_KEEP_LOGS,
	AUDITD_EXEC, AUDITD_SINGLE, AUDITD_HALT, AUDITD_ACTION_INVALID,
};

struct auditd_conf {
	/* clear_config() defaults: no size limit, IGNORE, num_logs 0, logs written */
	long max_log_file_mb;
	long num_logs;
	enum auditd_size_action action;
	bool write_logs;
	char log_file[256];
	unsigned max_log_file_line, num_logs_line, action_line, log_file_line, write_logs_line;
	unsigned bad_line; /* first malformed line (auditd refuses to start on it), 0 if none */
	char bad_why[96];
};

void auditd_conf_parse(const char *buf, size_t len, struct auditd_conf *out);
const char *auditd_action_name(enum auditd_size_action a);

/* Rules in one rules file: "-w path ..." watches and "-a/-A list,action ..." syscall rules
 * (not "never"), ignoring control lines (-D, -b, -f, -e, --backlog_wait_time). */
struct audit_rules_count {
	size_t watches, syscalls, never;
	unsigned first_rule_line;
};
void audit_rules_count(const char *buf, size_t len, struct audit_rules_count *out);

#endif
