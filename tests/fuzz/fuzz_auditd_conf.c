/* libFuzzer harness: auditd.conf and audit.rules (src/parsers/auditd_conf.c). Both readers over the same bytes. */
#include "parsers/auditd_conf.h"
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
	struct auditd_conf c;
	auditd_conf_parse(buf, size, &c);
	if (strnlen(c.log_file, sizeof c.log_file) == sizeof c.log_file ||
	    strnlen(c.bad_why, sizeof c.bad_why) == sizeof c.bad_why)
		abort();
	(void)auditd_action_name(c.action);
	struct audit_rules_count rc;
	audit_rules_count(buf, size, &rc);
	free(s);
	return 0;
}
