/* syslog-ng.conf and its @include files: which destinations the log paths send auth/authpriv
 * messages to. Objects (source, filter, destination) may be referenced before they are defined,
 * so logs are resolved by syslog_ng_resolve() once every file is read. Filters are evaluated
 * three-valued for a message of facility auth or authpriv at level info: facility(), level(),
 * priority(), filter(), and/or/not are known; program(), match() and the like are not. */
#ifndef KENSA_SYSLOG_NG_CONF_H
#define KENSA_SYSLOG_NG_CONF_H
#include "rsyslog_conf.h" /* struct rs_dest, enum rs_facility, enum rs_reach */
#include <stdbool.h>
#include <stddef.h>

struct sng_token {
	int type;
	char *text;
	const char *file;
	unsigned line;
};

struct sng_object {
	int kind; /* source, destination, filter */
	char *name;
	struct sng_token *toks; /* body between the braces */
	size_t n;
};

struct sng_log {
	struct sng_token *toks; /* body of log { ... } */
	size_t n;
	const char *file;
	unsigned line;
};

struct syslog_ng_config {
	struct sng_object *objects;
	size_t n_objects, cap_objects;
	struct sng_log *logs;
	size_t n_logs, cap_logs;
	struct rs_dest *dests; /* filled by syslog_ng_resolve() */
	size_t n_dests, cap_dests;
	struct parse_issue *issues;
	size_t n_issues, cap_issues;
	char **files;
	size_t n_files, cap_files;
	unsigned depth;
};

typedef void (*sng_include_fn)(void *ud, struct syslog_ng_config *cfg, const char *pattern,
			       const char *from_file, unsigned line);

#define SNG_MAX_NESTING 16
#define SNG_MAX_FILES 512 /* includes fan out: a file including its own directory */

void syslog_ng_init(struct syslog_ng_config *cfg);
void syslog_ng_free(struct syslog_ng_config *cfg);
void syslog_ng_parse(struct syslog_ng_config *cfg, const char *file, const char *buf, size_t len,
		     sng_include_fn include, void *ud);
/* Walk the log paths in order and fill dests (flags(final) stops later paths). */
void syslog_ng_resolve(struct syslog_ng_config *cfg);
void syslog_ng_issue(struct syslog_ng_config *cfg, const char *file, unsigned line,
		     const char *why);

#endif
