/* libFuzzer harness: systemd configuration files (journald.conf, timesyncd.conf ...) and value syntax (src/parsers/systemd_conf.c). */
#include "parsers/systemd_conf.h"
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
	struct sdconf c;
	memset(&c, 0, sizeof c);
	sdconf_parse(&c, "/etc/systemd/journald.conf", buf, size);
	sdconf_parse(&c, "/etc/systemd/journald.conf.d/x.conf", buf, size);
	const struct sdconf_entry *e = sdconf_get(&c, "Journal", "Storage");
	if (e && !e->value)
		abort();
	sdconf_free(&c);
	uint64_t v;
	(void)sd_parse_timespan(s, &v);
	(void)sd_parse_size(s, &v);
	(void)sd_parse_boolean(s);
	(void)sd_parse_log_level(s);
	free(s);
	return 0;
}
