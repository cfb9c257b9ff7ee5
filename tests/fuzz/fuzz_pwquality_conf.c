/* libFuzzer harness: pwquality.conf (src/parsers/pwquality_conf.c). Applied over both default sets. */
#include "parsers/pwquality_conf.h"
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
	struct pwq_settings st;
	unsigned bad = 0;
	pwq_settings_default(&st);
	(void)pwq_status_text(pwq_apply_file(&st, buf, size, "/etc/security/pwquality.conf", &bad));
	pwq_settings_free(&st);
	pwq_settings_cracklib(&st);
	(void)pwq_apply_file(&st, buf, size, "/etc/security/pwquality.conf.d/x.conf", &bad);
	for (int k = 0; k < PWQ_NKEYS; k++)
		(void)pwq_key_name((enum pwq_key)k);
	pwq_settings_free(&st);
	(void)pwq_dropin_name_ok(s);
	free(s);
	return 0;
}
