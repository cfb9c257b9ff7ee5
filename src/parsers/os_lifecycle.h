/* os.supported's data: the end of security support per OS release (profiles/os-lifecycle.ini),
 * the os-release file that names the release, and the judgement of a date against them. Pure:
 * buffers in, data out, no file access.
 *
 * os-lifecycle.ini has one section per release, matched in file order (the first match wins):
 *   [debian 12], [ubuntu 22.04] os-release ID and VERSION_ID (or its major part)
 *   [windows 26100 server]      "windows", CurrentBuild, a free word; editions = EditionID globs
 * Keys: name, editions (Windows; absent = any edition), regular_end / lts_end (YYYY-MM-DD, the
 * last day of support), regular_source / lts_source (URL), regular_checked / lts_checked (the
 * date the source was read), unverified = regular and/or lts (dates no source confirmed). */
#ifndef KENSA_PARSERS_OS_LIFECYCLE_H
#define KENSA_PARSERS_OS_LIFECYCLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum os_support_kind { OS_SUPPORT_REGULAR, OS_SUPPORT_LTS };

struct os_support_period {
	bool set;
	int64_t end;        /* days since 1970-01-01 of the last supported day */
	char end_text[11];  /* "2028-06-30" */
	char *source;       /* URL, or NULL */
	char *checked;      /* the date the source was read, or NULL */
	bool unverified;
};

struct os_release_entry {
	char *key;          /* the section name: "debian 12", "windows 26100 server" */
	char *name;         /* "Debian 12 (bookworm)" */
	char **editions;    /* Windows EditionID patterns (fnmatch, case-insensitive), NULL = any */
	size_t n_editions;
	struct os_support_period period[2]; /* [OS_SUPPORT_REGULAR], [OS_SUPPORT_LTS] */
	unsigned line;
};

struct os_lifecycle {
	struct os_release_entry *entries;
	size_t n;
};

/* Parses the data file; 0, or -1 with "FILE:LINE: why" in err (and *db emptied). A release
 * needs name and regular_end; lts_end, when given, is not before regular_end. */
int os_lifecycle_parse(const char *buf, size_t len, const char *filename, struct os_lifecycle *db,
		       char *err, size_t errlen);
void os_lifecycle_free(struct os_lifecycle *db);

/* The release whose section is "ID VERSION" exactly (VERSION: VERSION_ID, or its major part:
 * the caller tries both), or NULL. */
const struct os_release_entry *os_lifecycle_find_linux(const struct os_lifecycle *db,
						       const char *id, const char *major);
/* The release a Windows build and EditionID name, or NULL. */
const struct os_release_entry *os_lifecycle_find_windows(const struct os_lifecycle *db,
							 const char *build, const char *edition);

/* "YYYY-MM-DD" (a real calendar day) -> days since 1970-01-01; false when not one. */
bool os_lifecycle_date(const char *s, int64_t *days);

enum os_support_state {
	OS_SUPPORTED,      /* within regular support, more than warn_days left of all support */
	OS_SUPPORTED_LTS,  /* past regular support, within LTS, more than warn_days left */
	OS_ENDING,         /* the last support period ends within warn_days */
	OS_ENDED,          /* past the last day of every support period */
};
/* Judge TODAY (days since the epoch). *which is the period the verdict names: the one in force
 * (or the last one that ended). */
enum os_support_state os_lifecycle_judge(const struct os_release_entry *e, int64_t today,
					 long long warn_days, enum os_support_kind *which);

/* os-release (KEY=VALUE lines, shell quoting as os-release(5) allows): ID, VERSION_ID,
 * PRETTY_NAME, malloc'd or NULL when absent. Unknown lines are ignored; the last assignment
 * wins. Returns false only when the buffer holds NUL bytes (not a text file). */
struct os_release {
	char *id, *version_id, *pretty_name, *id_like;
};
bool os_release_parse(const char *buf, size_t len, struct os_release *out);
void os_release_free(struct os_release *r);
/* The major part of a version ("12" of "12.8", "9" of "9.4"), into buf; false when it does not
 * start with a digit. */
bool os_version_major(const char *version, char *buf, size_t len);

#endif
