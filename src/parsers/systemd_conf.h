/* systemd's INI-like configuration files (journald.conf, timesyncd.conf and their drop-ins), read
 * as src/shared/conf-parser.c reads them, and its time span, size and boolean value syntaxes. */
#ifndef KENSA_SYSTEMD_CONF_H
#define KENSA_SYSTEMD_CONF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sdconf_entry {
	char *section, *key, *value; /* value "" is an explicit reset to the default */
	const char *file;            /* owned by the sdconf (one copy per parsed file) */
	unsigned line;
};

struct sdconf_issue {
	const char *file;
	unsigned line;
	char *why;
};

/* Assignments of several files, in the order systemd reads them: later ones override. */
struct sdconf {
	struct sdconf_entry *entries;
	size_t n, cap;
	struct sdconf_issue *issues;
	size_t n_issues, cap_issues;
	char **files;
	size_t n_files, cap_files;
};

/* Append the assignments of one file. Malformed lines become issues and are ignored, as systemd
 * ignores them (with a log message). */
void sdconf_parse(struct sdconf *c, const char *file, const char *buf, size_t len);
void sdconf_free(struct sdconf *c);
/* The effective (last) assignment of section/key, or NULL. */
const struct sdconf_entry *sdconf_get(const struct sdconf *c, const char *section, const char *key);

#define SD_USEC_INFINITY UINT64_MAX
/* parse_sec(): "1month 2d", "3h30min", "1.5y", bare numbers are seconds; "infinity". */
bool sd_parse_timespan(const char *s, uint64_t *usec);
/* parse_size() base 1024: "512M", "1.5G", bare numbers are bytes. */
bool sd_parse_size(const char *s, uint64_t *bytes);
/* parse_boolean(): 1/yes/y/true/t/on, 0/no/n/false/f/off. Returns 1, 0 or -1 (invalid). */
int sd_parse_boolean(const char *s);
/* log_level_from_string(): emerg..debug or 0..7; -1 when invalid. */
int sd_parse_log_level(const char *s);

#endif
