/* auditd.conf and audit rules parsing. auditd (auditd-config.c) splits "name = value", rejects
 * unknown values for enumerated keywords and refuses to start on a malformed line; rules files
 * are one auditctl command line per line, '#' comments. */
#include "auditd_conf.h"
#include "parse_util.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const action_names[] = {
	"IGNORE", "SYSLOG", "SUSPEND", "ROTATE", "KEEP_LOGS", "EXEC", "SINGLE", "HALT",
};

const char *auditd_action_name(enum auditd_size_action a)
{
	return a < AUDITD_ACTION_INVALID ? action_names[a] : "invalid";
}

static void bad(struct auditd_conf *c, unsigned line, const char *why)
{
	if (!c->bad_line) {
		c->bad_line = line;
		snprintf(c->bad_why, sizeof c->bad_why, "%s", why);
	}
}

static bool number(const char *v, long *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (!*v || errno || *end || n < 0)
		return false;
	*out = n;
	return true;
}

void auditd_conf_parse(const char *buf, size_t len, struct auditd_conf *c)
{
	memset(c, 0, sizeof *c);
	c->action = AUDITD_IGNORE;
	c->write_logs = true;
	snprintf(c->log_file, sizeof c->log_file, "/var/log/audit/audit.log");
	size_t pos = 0;
	unsigned lineno = 0;
	const char *start;
	size_t n;
	while (parse_next_line(buf, len, &pos, &start, &n)) {
		lineno++;
		char line[512];
		if (n >= sizeof line) {
			bad(c, lineno, "line too long");
			continue;
		}
		memcpy(line, start, n);
		line[n] = '\0';
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		char *name = s;
		while (*s && !isspace((unsigned char)*s) && *s != '=')
			s++;
		char *name_end = s;
		while (isspace((unsigned char)*s))
			s++;
		if (*s != '=') {
			bad(c, lineno, "missing '='");
			continue;
		}
		*name_end = '\0';
		s++;
		while (isspace((unsigned char)*s))
			s++;
		char *value = s;
		size_t vl = strlen(value);
		while (vl > 0 && isspace((unsigned char)value[vl - 1]))
			value[--vl] = '\0';
		if (!*value) {
			bad(c, lineno, "missing value");
			continue;
		}
		if (strcmp(name, "max_log_file") == 0) {
			if (!number(value, &c->max_log_file_mb))
				bad(c, lineno, "max_log_file is not a number");
			c->max_log_file_line = lineno;
		} else if (strcmp(name, "num_logs") == 0) {
			if (!number(value, &c->num_logs) || c->num_logs > 999)
				bad(c, lineno, "num_logs is not a number from 0 to 999");
			c->num_logs_line = lineno;
		} else if (strcmp(name, "max_log_file_action") == 0) {
			c->action = AUDITD_ACTION_INVALID;
			for (int i = 0; i < AUDITD_ACTION_INVALID; i++)
				if (strcasecmp(value, action_names[i]) == 0)
					c->action = (enum auditd_size_action)i;
			if (c->action == AUDITD_ACTION_INVALID)
				bad(c, lineno, "unknown max_log_file_action");
			c->action_line = lineno;
		} else if (strcmp(name, "log_file") == 0) {
			snprintf(c->log_file, sizeof c->log_file, "%s", value);
			c->log_file_line = lineno;
		} else if (strcmp(name, "write_logs") == 0) {
			if (strcasecmp(value, "yes") == 0)
				c->write_logs = true;
			else if (strcasecmp(value, "no") == 0)
				c->write_logs = false;
			else
				bad(c, lineno, "write_logs is not yes or no");
			c->write_logs_line = lineno;
		}
	}
}

void audit_rules_count(const char *buf, size_t len, struct audit_rules_count *out)
{
	memset(out, 0, sizeof *out);
	size_t pos = 0;
	unsigned lineno = 0;
	const char *start;
	size_t n;
	while (parse_next_line(buf, len, &pos, &start, &n)) {
		lineno++;
		while (n > 0 && isspace((unsigned char)*start))
			start++, n--;
		if (n < 2 || *start == '#' || start[0] != '-')
			continue;
		bool counted = false;
		if (start[1] == 'w' && (n == 2 || isspace((unsigned char)start[2]))) {
			out->watches++;
			counted = true;
		} else if ((start[1] == 'a' || start[1] == 'A') && n > 2 &&
			   isspace((unsigned char)start[2])) {
			const char *a = start + 2;
			size_t m = n - 2;
			while (m > 0 && isspace((unsigned char)*a))
				a++, m--;
			/* "never,exit" / "exit,never" suppress; anything else records */
			char spec[64];
			size_t k = 0;
			while (k < m && k < sizeof spec - 1 && !isspace((unsigned char)a[k])) {
				spec[k] = a[k];
				k++;
			}
			spec[k] = '\0';
			if (strstr(spec, "never"))
				out->never++;
			else {
				out->syscalls++;
				counted = true;
			}
		}
		if (counted && !out->first_rule_line)
			out->first_rule_line = lineno;
	}
}
