/* libFuzzer harness: /etc/login.defs (src/parsers/login_defs.c). */
#include "parsers/login_defs.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct login_defs defs;
	login_defs_parse((const char *)data, size, &defs);
	static const char *const names[] = { "UID_MIN", "UID_MAX", "PASS_MAX_DAYS", "PASS_MIN_DAYS",
					     "PASS_WARN_AGE", "ENCRYPT_METHOD", "UMASK",
					     "SHA_CRYPT_MIN_ROUNDS", "LOGIN_RETRIES" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		long v;
		const struct login_def *d = login_defs_get(&defs, names[i]);
		if (d && (strcmp(d->name, names[i]) != 0 || d->line == 0))
			abort();
		if (!login_defs_long(&defs, names[i], 42, &v) && v != 42)
			abort(); /* a refused number leaves the default */
	}
	for (size_t i = 0; i < defs.n; i++)
		if (!defs.defs[i].name[0] || strlen(defs.defs[i].name) >= 1024)
			abort();
	login_defs_free(&defs);
	return 0;
}
