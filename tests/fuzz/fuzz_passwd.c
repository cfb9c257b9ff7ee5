/* libFuzzer harness: /etc/passwd and /etc/shadow lines (src/parsers/passwd.c). Each input is a
 * file; every line goes through both parsers, as accounts.c feeds them. */
#include "parsers/passwd.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_inside(const char *p, const char *line, size_t len)
{
	if (p < line || p > line + len)
		abort(); /* a field pointer outside the tokenised line */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0;
	while (pos < size) {
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t n = nl ? (size_t)(nl - (data + pos)) : size - pos;
		char *line = malloc(n + 1), *copy = malloc(n + 1);
		memcpy(line, data + pos, n);
		line[n] = '\0';
		memcpy(copy, line, n + 1);
		pos += n + 1;
		(void)passwd_line_is_blank(line);
		struct passwd_entry pw;
		const char *why = NULL;
		if (passwd_parse_line(line, &pw, &why) == 0) {
			const char *fields[] = { pw.name, pw.password, pw.gecos, pw.home, pw.shell };
			for (int i = 0; i < 5; i++)
				check_inside(fields[i], line, n);
			if (!*pw.name || pw.uid == UINT32_MAX || pw.gid == UINT32_MAX)
				abort();
		} else if (!why || !*why) {
			abort(); /* every refusal says why */
		}
		struct shadow_entry sp;
		if (shadow_parse_line(copy, &sp, &why) == 0) {
			check_inside(sp.name, copy, n);
			check_inside(sp.password, copy, n);
			long long nums[] = { sp.lastchg, sp.min, sp.max, sp.warn, sp.inactive, sp.expire };
			for (int i = 0; i < 6; i++)
				if (nums[i] < -1 || nums[i] > 1000000000LL)
					abort();
		}
		free(line);
		free(copy);
	}
	return 0;
}
