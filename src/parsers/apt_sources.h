/* apt's source lists: the one-line format (sources.list, sources.list.d/\*.list) and deb822
 * (sources.list.d/\*.sources), and the file names apt gives their indexes under
 * /var/lib/apt/lists (apt-pkg/contrib/strutl.cc URItoFileName). Only "deb" entries matter. */
#ifndef KENSA_APT_SOURCES_H
#define KENSA_APT_SOURCES_H
#include <stdbool.h>
#include <stddef.h>

struct apt_source {
	char *uri;          /* with a trailing '/', as apt stores it */
	char *suite;        /* a suite ending in '/' is a flat repository (no components) */
	char **components;
	size_t n_components;
	char **archs;       /* the arch=/Architectures: option; n_archs 0 = the system's */
	size_t n_archs;
	unsigned line;      /* line of the entry (one-line) or of its stanza (deb822) */
};

struct apt_source_problem {
	unsigned line;
	const char *why; /* static English text */
};

struct apt_sources {
	struct apt_source *src;
	size_t n;
	struct apt_source_problem *problems;
	size_t n_problems;
	size_t disabled; /* deb822 stanzas with Enabled: no */
};

/* Appends the "deb" entries of one file to out (zero it first); never fails. */
void apt_sources_parse_list(const char *buf, size_t len, struct apt_sources *out);
void apt_sources_parse_deb822(const char *buf, size_t len, struct apt_sources *out);
void apt_sources_free(struct apt_sources *s);

/* URItoFileName: scheme, user and password dropped, unsafe characters %-quoted, '/' -> '_'.
 * Caller frees. */
char *apt_uri_to_filename(const char *uri);
/* The list file names (no directory) of the Packages index of one component/arch, and of the
 * InRelease and Release files of the source. Caller frees. */
char *apt_packages_filename(const struct apt_source *s, const char *component, const char *arch);
char *apt_release_filename(const struct apt_source *s, bool inrelease);

#endif
