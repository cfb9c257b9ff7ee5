/* libFuzzer harness: crypt(5) hash identification (src/parsers/crypt_hash.c). Each line is one shadow password field. */
#include "parsers/crypt_hash.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The parsers that take a C string get the input NUL-terminated, as the checks pass it. */
static char *cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char *s = cstr(data, size);
	(void)buf;
	for (char *line = s, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		struct crypt_hash_info info;
		if (crypt_hash_identify(line, &info) == 0 && info.method) {
			if (!crypt_method_name_known(info.method))
				abort(); /* an identified method has a known name */
			(void)crypt_method_setting(info.method);
			(void)crypt_method_strong(info.method);
		}
		(void)crypt_method_name_known(line);
	}
	free(s);
	return 0;
}
