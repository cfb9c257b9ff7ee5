/* libFuzzer harness: rsyslog.conf (legacy, RainerScript) (src/parsers/rsyslog_conf.c). An include re-parses a small fixed file. */
#include "parsers/rsyslog_conf.h"
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

static void on_include(void *ud, struct rsyslog_config *cfg, const char *pattern, bool optional,
		       const char *from_file, unsigned line)
{
	(void)ud; (void)pattern; (void)optional; (void)from_file; (void)line;
	static const char inc[] = "auth,authpriv.*\t/var/log/auth.log\n";
	rsyslog_parse(cfg, "/etc/rsyslog.d/50-default.conf", inc, sizeof inc - 1, NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char *s = cstr(data, size);
	(void)buf;
	struct rsyslog_config cfg;
	rsyslog_init(&cfg);
	rsyslog_parse(&cfg, "/etc/rsyslog.conf", buf, size, on_include, NULL);
	for (size_t i = 0; i < cfg.n_dests; i++)
		if (!cfg.dests[i].target)
			abort();
	rsyslog_free(&cfg);
	(void)rsyslog_selector_matches(s, 10, 6);
	free(s);
	return 0;
}
