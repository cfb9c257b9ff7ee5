/* libFuzzer harness: /var/lib/dpkg/status (src/parsers/dpkg_status.c). */
#include "parsers/dpkg_status.h"
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
	struct dpkg_status st;
	dpkg_status_parse(buf, size, &st);
	for (size_t i = 0; i < st.n; i++) {
		if (!st.pkgs[i].name || !st.pkgs[i].arch || !st.pkgs[i].version)
			abort();
		(void)dpkg_package_present(&st.pkgs[i]);
	}
	(void)dpkg_status_find_present(&st, "openssh-server");
	(void)dpkg_status_find_present(&st, "telnetd");
	dpkg_status_free(&st);
	free(s);
	return 0;
}
