/* Debian package versions ([epoch:]upstream[-revision]) parsed and ordered exactly as dpkg does
 * (lib/dpkg/parsehelp.c parseversion, lib/dpkg/version.c verrevcmp): '~' sorts before
 * everything, even the end of the string; letters sort before other non-digits. */
#ifndef KENSA_DPKG_VERSION_H
#define KENSA_DPKG_VERSION_H
#include <stddef.h>

struct dpkg_version {
	unsigned long epoch;
	char *upstream; /* owned */
	char *revision; /* owned; "" when the version has no '-' */
};

/* 0, or -1 with *why (static English text) for what dpkg calls an error: empty, embedded
 * space, bad epoch, nothing after the colon, empty revision. dpkg's mere warnings (no leading
 * digit, unusual characters) are accepted, as dpkg --compare-versions accepts them. */
int dpkg_version_parse(const char *text, struct dpkg_version *out, const char **why);
void dpkg_version_free(struct dpkg_version *v);
/* <0, 0, >0 as a sorts before, equal to, after b. */
int dpkg_version_compare(const struct dpkg_version *a, const struct dpkg_version *b);
/* Parse both and compare; *ok false (and 0 returned) when either does not parse. */
int dpkg_version_compare_text(const char *a, const char *b, int *ok);

#endif
