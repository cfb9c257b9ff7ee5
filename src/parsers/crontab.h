/* crontab files as Debian's cron (vixie cron 3.0pl1, entry.c and env.c) reads them: the system
 * crontab /etc/crontab and the files of /etc/cron.d (with a user field), and the per-user
 * crontabs of /var/spool/cron/crontabs (without). */
#ifndef KENSA_CRONTAB_H
#define KENSA_CRONTAB_H
#include <stdbool.h>
#include <stddef.h>

struct crontab_entry {
	char *schedule; /* "@daily" or the five time fields joined by one space */
	char *user;     /* the user field of a system crontab; NULL in a per-user crontab */
	char *command;  /* up to the first unescaped '%' ("\%" read as '%'); the rest is stdin */
	unsigned line;
};

struct crontab {
	struct crontab_entry *entries;
	size_t n;
	/* lines cron would reject ("bad minute", "bad command"), which it skips */
	unsigned n_bad, first_bad_line;
	const char *first_bad_why; /* static English text */
};

/* Never fails: blank lines, '#' comments and environment settings (NAME = value) are skipped,
 * malformed lines are counted. system: the file has a user field (/etc/crontab, /etc/cron.d). */
void crontab_parse(const char *buf, size_t len, bool system, struct crontab *out);
void crontab_free(struct crontab *c);

/* run-parts' default rule (LANANA and the Debian cron.d rule): a name of letters, digits, '_'
 * and '-' only. cron ignores /etc/cron.d files named otherwise (e.g. "job.dpkg-old"). */
bool crontab_file_name_ok(const char *name);

#endif
