/* kensa's shipped data built into the executable (profiles, checklist editions, the
 * default-password list, the compiled catalogues), and the one reader for data files that may be
 * on disk or built in. Files on disk always win: data_file_find() returns a built-in file only
 * when no directory has it. */
#ifndef KENSA_EMBEDDED_DATA_H
#define KENSA_EMBEDDED_DATA_H
#include <stddef.h>

struct embedded_file {
	const char *name; /* "profiles/server.ini"; for a catalogue, its language ("ja") */
	const unsigned char *data;
	size_t len;
};

/* Generated at build time (src/core/embed_data.py); each ends with a NULL name. */
extern const struct embedded_file embedded_files[];
extern const struct embedded_file embedded_catalogs[];

/* A built-in file's path as data_file_find() returns it and reports show it: the prefix, then the
 * name. Relative names resolve against it like any directory, so an include inside a built-in
 * profile finds its sibling. */
#define EMBEDDED_PREFIX "(built-in)/"

/* The built-in file called NAME ("profiles/server.ini"), or NULL. */
const struct embedded_file *embedded_find(const char *name);
/* The built-in file a path names (EMBEDDED_PREFIX + name), or NULL for a path on disk. */
const struct embedded_file *embedded_from_path(const char *path);
/* The compiled catalogue for LANG, or NULL. */
const struct embedded_file *embedded_catalog(const char *lang);

/* Read a data file (on disk, or built in) of at most MAX bytes into *BUF (NUL-terminated; the
 * caller frees). Returns 0, or a negative errno: -EFBIG when larger than MAX, -EINVAL when not a
 * regular file. */
int data_file_read(const char *path, size_t max, char **buf, size_t *len);

#endif
