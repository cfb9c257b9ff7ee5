/* /etc/passwd and /etc/shadow lines, parsed the way shadow-utils and glibc read them. */
#ifndef KENSA_PASSWD_H
#define KENSA_PASSWD_H
#include <stdint.h>

struct passwd_entry {
	char *name, *password, *gecos, *home, *shell; /* point into the parsed line */
	uint32_t uid, gid;
};

/* The shadow date/number fields are -1 when empty (unset). */
struct shadow_entry {
	char *name, *password;
	long long lastchg, min, max, warn, inactive, expire;
};

/* Tokenise a line in place. Return 0, or -1 with a static English reason in *why. */
int passwd_parse_line(char *line, struct passwd_entry *out, const char **why);
int shadow_parse_line(char *line, struct shadow_entry *out, const char **why);
/* A line that is blank or a comment, which the readers skip. */
int passwd_line_is_blank(const char *line);

#endif
