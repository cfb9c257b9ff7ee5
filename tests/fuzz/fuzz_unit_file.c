/* libFuzzer harness: systemd unit files ([Install]) and unit names (src/parsers/unit_file.c). */
#include "parsers/unit_file.h"
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
	struct unit_install u;
	unit_file_parse_install(buf, size, &u);
	(void)unit_install_has_rules(&u);
	unit_install_free(&u);
	char out[256];
	if (unit_name_valid(s)) {
		(void)unit_name_is_template(s);
		(void)unit_name_is_instance(s);
		(void)unit_name_template(s, out, sizeof out);
		(void)unit_name_suffix(s);
	}
	unit_name_prefix(s, out, sizeof out);
	if (strnlen(out, sizeof out) == sizeof out)
		abort();
	free(s);
	return 0;
}
