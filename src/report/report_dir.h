/* A directory of dated reports for scheduled audits (kensa audit --report-dir): one JSON and one
 * text report per run, named kensa-HOST-YYYY-MM-DD[-N].{json,txt}, compared with the host's
 * previous report there, and pruned to the newest N of that host. */
#ifndef KENSA_REPORT_DIR_H
#define KENSA_REPORT_DIR_H
#include "report.h"
#include "../core/output.h"

struct report_dir {
	char *path; /* as given */
	char *real; /* resolved, for the sandbox and the file names */
	int fd;     /* the directory itself, locked from open to close: reports are named,
		     * written and pruned by one run at a time */
	/* the two reports' temporary files, created before the sandbox closes */
	struct output json_out, txt_out;
	struct broker *broker; /* renames and prunes when the audit is sandboxed */
	int broker_index;
};

/* Create DIR (mode 0700, and its missing parents) or vet an existing one: refused when it is a
 * symbolic link, not a directory, owned by a user other than root or the effective user,
 * writable by group or others, or inside the audited root. Errors are one line. */
int report_dir_open(struct report_dir *rd, const char *path, const char *audit_root, char *err,
		    size_t errlen);
void report_dir_close(struct report_dir *rd);
/* Before the broker forks: it renames the reports into place and prunes (sandbox_broker.h). */
void report_dir_use_broker(struct report_dir *rd, struct broker *b);

/* The host part of a report name: bytes outside [A-Za-z0-9._-] become '_', a leading '.'
 * too (no hidden files, no ".."); empty -> "unknown"; at most 64 bytes. */
void report_dir_host_name(const char *hostname, char *buf, size_t len);

/* logs.review's facts (core/review_prior.h) from the host's newest JSON report dated on or
 * before as_of: NULL when there is none; a warning on stderr when it cannot be read. Called
 * before the sandbox closes. */
struct review_prior;
struct review_prior *report_dir_review_prior(const struct report_dir *rd, const char *hostname,
					     const char *as_of);

struct report_dir_run {
	long keep;  /* keep this many reports of the host (the newest); 0 keeps all */
	bool quiet; /* print only regressions, one line each */
};

/* Write rep as the host's next report (same host and date again: -2, -3, ... suffixes; never
 * an overwrite), compare it with the host's previous report in the directory and print that
 * to `out` (quiet: only what got worse), then prune. 0, or -1 with err. */
int report_dir_store(struct report_dir *rd, const struct audit_report *rep,
		     const struct report_dir_run *run, const char *audit_root, FILE *out, char *err,
		     size_t errlen);

#endif
