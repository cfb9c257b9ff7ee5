/* logrotate.conf and its include files, parsed as logrotate 3.21's config.c reads them: global
 * options that later log blocks inherit, "include" read in place, per-path blocks, and the
 * directives that decide how long rotated logs are kept. Pure: includes go through a callback. */
#ifndef KENSA_LOGROTATE_CONF_H
#define KENSA_LOGROTATE_CONF_H
#include "parse_util.h" /* struct parse_issue */
#include <stdbool.h>
#include <stddef.h>

enum lr_criterion { LR_SIZE, LR_HOURLY, LR_DAILY, LR_WEEKLY, LR_MONTHLY, LR_YEARLY };

/* Where a directive came from, for evidence. file is owned by the config. */
struct lr_origin {
	const char *file;
	unsigned line; /* 0: logrotate's built-in default */
};

struct lr_options {
	enum lr_criterion criterion; /* built-in default: size 1M */
	long long size;              /* threshold of "size" */
	long long maxsize, minsize;  /* 0 = unset */
	long rotate;                 /* built-in default 0; -1 keeps rotated logs forever */
	long maxage;                 /* days, 0 = unset */
	bool missingok, dateext;
	struct lr_origin criterion_at, rotate_at, maxage_at, maxsize_at;
};

struct lr_block {
	char **patterns; /* paths and globs, as written */
	size_t n_patterns;
	struct lr_options opt;
	struct lr_origin at;
};

struct logrotate_config {
	struct lr_options defaults; /* the global options as they stand while parsing */
	struct lr_block *blocks;
	size_t n_blocks, cap_blocks;
	char **taboo; /* fnmatch patterns of file names an included directory skips */
	size_t n_taboo, cap_taboo;
	struct parse_issue *issues;
	size_t n_issues, cap_issues;
	char **files; /* every file parsed, in order */
	size_t n_files, cap_files;
	unsigned depth;
};

/* Called for "include PATH" (PATH as written); the callback reads the file, or the directory's
 * files not excluded by logrotate_taboo() in strcmp order, with logrotate_parse(). */
typedef void (*lr_include_fn)(void *ud, struct logrotate_config *cfg, const char *path,
			      const char *from_file, unsigned line);

#define LR_MAX_NESTING 16
#define LR_MAX_FILES 512 /* includes fan out: a file including its own directory */

void logrotate_init(struct logrotate_config *cfg);
void logrotate_free(struct logrotate_config *cfg);
void logrotate_parse(struct logrotate_config *cfg, const char *file, const char *buf, size_t len,
		     lr_include_fn include, void *ud);
/* Whether an included directory's entry NAME is skipped (".", "..", taboo extensions). */
bool logrotate_taboo(const struct logrotate_config *cfg, const char *name);
/* The block that rotates PATH: the first whose pattern matches (logrotate refuses a second
 * block for a file it already has: "duplicate log entry"). NULL when none. */
const struct lr_block *logrotate_find(const struct logrotate_config *cfg, const char *path);
/* Issue a problem found by the caller (unreadable include) so it is reported like the rest. */
void logrotate_issue(struct logrotate_config *cfg, const char *file, unsigned line,
		     const char *why);

enum lr_retention_kind {
	LR_KEEP_DAYS,      /* days holds the guaranteed minimum */
	LR_KEEP_FOREVER,   /* rotate -1 without maxage */
	LR_KEEP_SIZE_ONLY, /* size-based rotation: not determinable from the configuration */
};

struct lr_retention {
	enum lr_retention_kind kind;
	double days;
	bool maxsize_may_shorten; /* maxsize can rotate earlier than the interval */
	bool maxage_limited;      /* maxage is the binding limit */
};

/* How many days of rotated history a block keeps: rotate × interval (hourly 1/24 day, daily 1,
 * weekly 7, monthly 365.2425/12, yearly 365.2425 days), bounded by maxage. */
void logrotate_retention(const struct lr_options *opt, struct lr_retention *out);
const char *logrotate_criterion_name(enum lr_criterion c);

#endif
