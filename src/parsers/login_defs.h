/* /etc/login.defs: "NAME value" lines, as shadow-utils' getdef.c reads them. */
#ifndef KENSA_LOGIN_DEFS_H
#define KENSA_LOGIN_DEFS_H
#include <stdbool.h>
#include <stddef.h>

struct login_def {
	char *name, *value;
	unsigned line;
};

struct login_defs {
	struct login_def *defs;
	size_t n;
};

void login_defs_parse(const char *buf, size_t len, struct login_defs *out);
void login_defs_free(struct login_defs *defs);
/* The last definition wins, as in getdef.c. NULL when absent. */
const struct login_def *login_defs_get(const struct login_defs *defs, const char *name);
/* Numbers in getdef's syntax (decimal, 0x hex, 0 octal). Returns false when absent or invalid
 * and leaves *out at dflt. */
bool login_defs_long(const struct login_defs *defs, const char *name, long dflt, long *out);

#endif
