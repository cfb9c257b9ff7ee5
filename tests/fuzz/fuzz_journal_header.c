/* libFuzzer harness: systemd journal file headers (src/parsers/journal_header.c). */
#include "parsers/journal_header.h"
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
	struct journal_header h;
	const char *why = NULL;
	if (!journal_header_parse(data, size, &h, &why) && (!why || !*why))
		abort(); /* every refusal says why */
	free(s);
	return 0;
}
