/* libFuzzer harness: sshd_config (src/parsers/sshd_config.c). */
#include "parsers/sshd_config.h"
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
	struct sshd_config c;
	sshd_config_parse(buf, size, NULL, &c);
	sshd_config_free(&c);
	sshd_config_parse(buf, size, "User alice", &c);
	sshd_config_free(&c);
	free(s);
	return 0;
}
