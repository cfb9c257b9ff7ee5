/* libFuzzer harness: /proc/net/tcp{,6} tables and /proc/PID/cgroup (src/parsers/proc_net.c). */
#include "parsers/proc_net.h"
#include <sys/socket.h>
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
	struct proc_net_table t;
	char text[128];
	proc_net_parse(buf, size, AF_INET, &t);
	for (size_t i = 0; i < t.n; i++) {
		(void)proc_net_is_loopback(&t.sockets[i]);
		proc_net_format_local(&t.sockets[i], text, sizeof text);
	}
	proc_net_table_free(&t);
	proc_net_parse(buf, size, AF_INET6, &t);
	for (size_t i = 0; i < t.n; i++)
		proc_net_format_local(&t.sockets[i], text, sizeof text);
	proc_net_table_free(&t);
	char unit[256];
	proc_cgroup_service(s, unit, sizeof unit);
	if (strnlen(unit, sizeof unit) == sizeof unit)
		abort();
	free(s);
	return 0;
}
