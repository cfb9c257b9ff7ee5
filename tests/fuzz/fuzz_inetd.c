/* libFuzzer harness: inetd.conf and xinetd.conf (src/parsers/inetd.c). The same bytes through both readers; xinetd twice, as for an includedir. */
#include "parsers/inetd.h"
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
	struct inetd_conf ic;
	inetd_conf_parse(buf, size, &ic);
	for (size_t i = 0; i < ic.n; i++)
		if (strnlen(ic.entries[i].server, sizeof ic.entries[i].server) == sizeof ic.entries[i].server)
			abort();
	inetd_conf_free(&ic);
	struct xinetd_conf xc;
	memset(&xc, 0, sizeof xc);
	xinetd_parse(buf, size, &xc);
	xinetd_parse(buf, size, &xc);
	for (size_t i = 0; i < xc.n; i++)
		(void)xinetd_service_enabled(&xc, &xc.services[i]);
	for (size_t i = 0; i < xc.n_includedirs; i++)
		(void)xinetd_includedir_name_ok(xc.includedirs[i]);
	xinetd_conf_free(&xc);
	free(s);
	return 0;
}
