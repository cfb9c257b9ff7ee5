/* Profiles: every threshold and list a check uses, read from profiles/NAME.ini with include. */
#ifndef KENSA_PROFILE_H
#define KENSA_PROFILE_H
#include <stdbool.h>
#include <stddef.h>

enum profile_type { PROFILE_INT, PROFILE_BOOL, PROFILE_STRING, PROFILE_LIST };

struct profile_key {
	const char *section;
	const char *key;
	enum profile_type type;
	long long min, max; /* PROFILE_INT bounds */
};

/* The table of known keys (profile_keys.c); a key not listed is an error. */
extern const struct profile_key profile_keys[];
extern const size_t profile_key_count;

struct profile;

struct profile_list {
	char **items;
	size_t n;
};

/* NAME is looked up in /etc/kensa/profiles, the installed and the source profiles/; anything
 * with a '/' or ending in ".ini" is a file. Errors are "FILE:LINE: why". */
int profile_load(const char *name_or_file, struct profile **out, char *err, size_t errlen);
void profile_free(struct profile *p);

const char *profile_name(const struct profile *p);
const char *profile_file(const struct profile *p);
/* The files read, in include order, NULL-terminated. */
const char *const *profile_files(const struct profile *p);

/* Values are validated at load time; asking for an unknown key is a programming error. */
long long profile_int(const struct profile *p, const char *section, const char *key);
bool profile_bool(const struct profile *p, const char *section, const char *key);
const char *profile_string(const struct profile *p, const char *section, const char *key);
const struct profile_list *profile_list(const struct profile *p, const char *section,
					const char *key);
bool profile_list_contains(const struct profile_list *l, const char *item);

/* Locate a data file (profiles/NAME) in the same directories profiles come from. A file that is
 * there but cannot be looked at (EACCES on a directory above it) is returned too, so that opening
 * it reports "PATH: Permission denied" instead of "not found". NULL only when it is nowhere. */
char *data_file_find(const char *relative);
/* Where a profile value naming one of kensa's data files points: a bare name is a data file next
 * to the shipped profiles (data_file_find("profiles/NAME"), NULL when there is none); anything
 * with a '/' is a path, relative to the directory of the profile that names it. Caller frees. */
char *profile_data_path(const struct profile *p, const char *value);

#endif
