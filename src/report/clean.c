/* Text from an audited system or a saved report, made safe for a terminal (see rows.h). */
#include "rows.h"
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../core/xalloc.h"

/* Length of the valid UTF-8 sequence at p (1-4), or 0. */
static size_t utf8_len(const unsigned char *p, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	size_t n = (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3 : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
	if (!n)
		return 0;
	uint32_t c = p[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static bool unsafe(uint32_t c)
{
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E ||
	       c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

char *report_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)p);
	char *out = xmalloc(3 * len + 1), *o = out; /* a bad byte (1) becomes U+FFFD (3) */
	while (*p) {
		uint32_t c;
		size_t n = utf8_len(p, &c);
		if (!n || unsafe(c)) {
			/* U+FFFD for a byte that is not UTF-8, a control or a bidirectional override */
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			p += n ? n : 1;
		} else {
			memcpy(o, p, n);
			o += n;
			p += n;
		}
	}
	*o = '\0';
	return out;
}

void report_put_clean(FILE *out, const char *s)
{
	char *clean = report_clean(s);
	fputs(clean, out);
	free(clean);
}
