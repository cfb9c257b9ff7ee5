/* A small strict INI reader shared by profiles, checklist editions and site files:
 * "# comment", "[section]", "key = value", "key += value", "key -= value". */
#ifndef KENSA_INI_H
#define KENSA_INI_H
#include <stddef.h>

enum ini_op { INI_SET, INI_APPEND, INI_REMOVE };

/* Return 0 to continue, -1 to stop (after writing a message to err). A section header calls
 * the callback once with key and value NULL, so callers can tell repeated sections apart. */
typedef int (*ini_callback)(void *ud, const char *section, const char *key, enum ini_op op,
			    const char *value, unsigned lineno, char *err, size_t errlen);

/* Parses buf; on error writes "FILE:LINE: why" into err and returns -1. */
int ini_parse(const char *buf, size_t len, const char *filename, ini_callback cb, void *ud,
	      char *err, size_t errlen);

/* Reads the regular file at path, on disk or built into kensa (embedded_data.h), at most
 * max_bytes (larger, unreadable or unopenable is an error written as "PATH: why" into err),
 * and runs ini_parse on its contents. */
int ini_parse_file(const char *path, size_t max_bytes, ini_callback cb, void *ud, char *err,
		   size_t errlen);

/* Split a comma-separated list in place into trimmed, non-empty items (malloc'd array of
 * pointers into a malloc'd copy stored in *storage). */
size_t ini_split_list(const char *value, char ***items_out, char **storage_out);

#endif
