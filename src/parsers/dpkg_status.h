/* dpkg's database of packages (/var/lib/dpkg/status, deb822 stanzas), parsed as dpkg's
 * lib/dpkg/parse.c reads it: "Field: value", continuation lines starting with a space or tab,
 * stanzas separated by blank lines, and "Status: want flag status". */
#ifndef KENSA_DPKG_STATUS_H
#define KENSA_DPKG_STATUS_H
#include <stdbool.h>
#include <stddef.h>

struct dpkg_package {
	char *name;
	char *arch;       /* "" when absent */
	char *version;    /* "" when absent */
	char *want, *flag, *status; /* the three Status words; NULL when Status is missing */
	unsigned line;        /* line of the stanza's first field */
	unsigned status_line; /* 0 when Status is missing */
};

struct dpkg_problem {
	unsigned line;
	const char *why; /* static English text */
};

struct dpkg_status {
	struct dpkg_package *pkgs;
	size_t n;
	struct dpkg_problem *problems;
	size_t n_problems;
};

/* Never fails; stanzas or lines dpkg would reject are listed in problems and skipped. */
void dpkg_status_parse(const char *buf, size_t len, struct dpkg_status *out);
void dpkg_status_free(struct dpkg_status *st);
/* The package's files are on disk: the status is neither not-installed nor config-files
 * (dpkg -l's "ii", and also half-installed, unpacked, half-configured, triggers-*). */
bool dpkg_package_present(const struct dpkg_package *p);
/* The first stanza for name that is present, else NULL. */
const struct dpkg_package *dpkg_status_find_present(const struct dpkg_status *st, const char *name);

#endif
