/* libFuzzer harness: usbguard-daemon.conf and usbguard rules (src/parsers/usbguard.c). */
#include "parsers/usbguard.h"
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
	struct usbguard_daemon_conf c;
	usbguard_parse_daemon_conf(buf, size, &c);
	if (strnlen(c.rule_file.value, sizeof c.rule_file.value) == sizeof c.rule_file.value)
		abort();
	(void)usbguard_target_blocks(c.implicit_target.value);
	char why[128];
	for (char *line = s, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		(void)usbguard_rule_storage(line, why, sizeof why);
	}
	free(s);
	return 0;
}
