/* The one output sanitiser (see sanitize.h). It works on code points: a UTF-8 sequence is
 * decoded strictly (no overlongs, no surrogates, at most U+10FFFF), then either copied, marked
 * or, when it is not a valid sequence, replaced by U+FFFD one byte at a time. */
#include "sanitize.h"
#include "../core/xalloc.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decode one code point at p; returns its length, 0 for an invalid byte. */
static size_t decode(const unsigned char *p, uint32_t *cp)
{
	unsigned char c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	if (!n)
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 0; /* also stops at the NUL: p[k] == 0 fails the test */
	if (n == 3 && ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0)))
		return 0;
	if (n == 4 && ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90)))
		return 0;
	uint32_t v = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
	for (size_t k = 1; k < n; k++)
		v = (v << 6) | (p[k] & 0x3F);
	*cp = v;
	return n;
}

/* Code points never shown as they are: C0 and C1 controls, DEL, and the bidirectional
 * formatting characters (embeddings, overrides, isolates, marks, the Arabic letter mark). */
static bool hidden(uint32_t cp, unsigned flags)
{
	if (cp == '\n')
		return !(flags & SANITIZE_KEEP_NEWLINE);
	if (cp == '\t')
		return !(flags & SANITIZE_KEEP_TAB);
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* The work of all the public functions: emit via a sink, so FILE and string share it. */
struct sink {
	FILE *out;
	char *buf;
	size_t len, cap;
	bool changed;
};

static void emit(struct sink *k, const char *s, size_t n)
{
	if (k->out) {
		fwrite(s, 1, n, k->out);
		return;
	}
	XGROW(k->buf, k->len, k->cap, k->len + n + 1);
	memcpy(k->buf + k->len, s, n);
	k->len += n;
	k->buf[k->len] = '\0';
}

static void run(struct sink *k, const char *s, unsigned flags, bool marks)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		size_t n = decode(p, &cp);
		if (n == 0) {
			emit(k, "\xEF\xBF\xBD", 3); /* U+FFFD */
			k->changed = true;
			p++;
			continue;
		}
		if (marks && hidden(cp, flags)) {
			char mark[32];
			/* ⟨U+XXXX⟩: visible, and never the character itself */
			int m = snprintf(mark, sizeof mark, "\xE2\x9F\xA8U+%04X\xE2\x9F\xA9", (unsigned)cp);
			emit(k, mark, (size_t)m);
			k->changed = true;
		} else if ((flags & SANITIZE_HTML) && n == 1 && strchr("&<>\"'", (int)cp)) {
			static const char *const ent[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
			const char *e = ent[strchr("&<>\"'", (int)cp) - "&<>\"'"];
			emit(k, e, strlen(e));
			k->changed = true;
		} else {
			emit(k, (const char *)p, n);
		}
		p += n;
	}
}

void sanitize_put(FILE *out, const char *s, unsigned flags)
{
	if (!s)
		return;
	struct sink k = { .out = out };
	run(&k, s, flags, true);
}

char *sanitize_dup(const char *s, unsigned flags)
{
	struct sink k = { 0 };
	emit(&k, "", 0);
	if (s)
		run(&k, s, flags, true);
	return k.buf;
}

char *sanitize_utf8_dup(const char *s)
{
	struct sink k = { 0 };
	emit(&k, "", 0);
	if (s)
		run(&k, s, 0, false);
	return k.buf;
}

bool sanitize_is_clean(const char *s, unsigned flags)
{
	if (!s)
		return true;
	char *d = sanitize_dup(s, flags);
	bool same = strcmp(d, s) == 0;
	free(d);
	return same;
}

void sanitize_vfprintf(FILE *out, unsigned flags, const char *fmt, va_list ap)
{
	char *s = xvasprintf(fmt, ap);
	sanitize_put(out, s, flags);
	free(s);
}

void sanitize_fprintf(FILE *out, unsigned flags, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sanitize_vfprintf(out, flags, fmt, ap);
	va_end(ap);
}
