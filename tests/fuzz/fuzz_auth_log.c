/* libFuzzer harness: auth.log / secure lines (src/parsers/auth_log.c). The input is split into
 * lines as logs.review streams them; every event must keep its fields bounded and terminated. */
#include "parsers/auth_log.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct auth_log_clock clock = { .utc_offset = 9 * 3600, .ref = 1795575600LL };
	const char *p = (const char *)data, *end = p + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct auth_event ev;
		bool ok = auth_log_parse_line(p, len, &clock, &ev);
		if (!ok && ev.kind != AUTH_EV_NONE)
			abort();
		if (strlen(ev.user) >= sizeof ev.user || strlen(ev.actor) >= sizeof ev.actor ||
		    strlen(ev.source) >= sizeof ev.source || strlen(ev.method) >= sizeof ev.method ||
		    strlen(ev.program) >= sizeof ev.program || strlen(ev.service) >= sizeof ev.service)
			abort();
		if (ev.kind == AUTH_EV_ACCOUNT && ev.action == AUTH_ACCT_NONE)
			abort();
		if (ev.kind != AUTH_EV_ACCOUNT && ev.action != AUTH_ACCT_NONE)
			abort();
		p += len + (nl ? 1 : 0);
	}
	return 0;
}
