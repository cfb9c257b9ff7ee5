/* rsyslog.conf and its includes: which actions receive auth/authpriv messages. Reads the legacy
 * selector syntax ("auth,authpriv.* /var/log/auth.log", "-/var/log/x", "@@host", "& stop") and
 * RainerScript (if/then/else, property filters, action(), stop, ruleset(), include()), as
 * rsyslog's grammar/lexer.l splits them. Each filter is evaluated for a message of facility
 * auth or authpriv at severity info, everything else about the message unknown: a condition on
 * an unknown property makes a rule "conditional". Pure: includes go through a callback. */
#ifndef KENSA_RSYSLOG_CONF_H
#define KENSA_RSYSLOG_CONF_H
#include "parse_util.h" /* struct parse_issue */
#include <stdbool.h>
#include <stddef.h>

enum rs_facility { RS_AUTH, RS_AUTHPRIV, RS_NFAC };

enum rs_dest_kind {
	RS_DEST_FILE,    /* omfile: a path, or "?Template" for a dynamic file */
	RS_DEST_REMOTE,  /* omfwd/omrelp (@host, @@host), databases, other network outputs */
	RS_DEST_OTHER,   /* users, pipes, console, omjournal, ...: not a persistent record */
};

enum rs_reach { RS_NO, RS_MAYBE, RS_YES };

struct rs_dest {
	enum rs_dest_kind kind;
	char *target; /* path, host or module name */
	const char *file; /* owned by the config */
	unsigned line;
	enum rs_reach reach[RS_NFAC]; /* does an auth / authpriv info message get here? */
};

struct rsyslog_config {
	struct rs_dest *dests;
	size_t n_dests, cap_dests;
	struct parse_issue *issues;
	size_t n_issues, cap_issues;
	char **files;
	size_t n_files, cap_files;
	bool stopped[RS_NFAC];    /* a definite stop/discard was met for this facility */
	bool imuxsock, imjournal; /* local inputs loaded (module(load=...) or $ModLoad) */
	bool legacy_other_ruleset; /* after "$RuleSet X" (X not the default ruleset) */
	unsigned depth;
};

/* "$IncludeConfig PATTERN" and include(file="PATTERN"): the callback expands the glob (a
 * directory means all its files), reads the files in sorted order and calls rsyslog_parse. */
typedef void (*rs_include_fn)(void *ud, struct rsyslog_config *cfg, const char *pattern,
			      bool optional, const char *from_file, unsigned line);

#define RS_MAX_NESTING 16
#define RS_MAX_FILES 512 /* includes fan out: a file including its own directory */

void rsyslog_init(struct rsyslog_config *cfg);
void rsyslog_free(struct rsyslog_config *cfg);
void rsyslog_parse(struct rsyslog_config *cfg, const char *file, const char *buf, size_t len,
		   rs_include_fn include, void *ud);
void rsyslog_issue(struct rsyslog_config *cfg, const char *file, unsigned line, const char *why);

/* Legacy selector semantics ("*.*;auth,authpriv.none", "auth.=info", "authpriv.!err"): whether
 * a message of facility fac (syslog number) and severity sev passes. false for invalid text. */
bool rsyslog_selector_matches(const char *selector, int fac, int sev);

#endif
