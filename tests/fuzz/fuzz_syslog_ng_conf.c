/* libFuzzer harness: syslog-ng.conf (src/parsers/syslog_ng_conf.c). An include re-parses a small fixed file. */
#include "parsers/syslog_ng_conf.h"
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

static void on_include(void *ud, struct syslog_ng_config *cfg, const char *pattern,
		       const char *from_file, unsigned line)
{
	(void)ud; (void)pattern; (void)from_file; (void)line;
	static const char inc[] = "destination d_auth { file(\"/var/log/auth.log\"); };\n";
	syslog_ng_parse(cfg, "/etc/syslog-ng/conf.d/x.conf", inc, sizeof inc - 1, NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char *s = cstr(data, size);
	(void)buf;
	struct syslog_ng_config cfg;
	syslog_ng_init(&cfg);
	syslog_ng_parse(&cfg, "/etc/syslog-ng/syslog-ng.conf", buf, size, on_include, NULL);
	syslog_ng_resolve(&cfg);
	syslog_ng_free(&cfg);
	free(s);
	return 0;
}
