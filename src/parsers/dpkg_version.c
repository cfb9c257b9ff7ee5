/* dpkg version parsing and ordering (see dpkg_version.h). Written from the rules of dpkg's
 * parseversion() and verrevcmp(); the unit test checks it against dpkg --compare-versions on
 * thousands of real version pairs. */
#include "dpkg_version.h"
#include "../core/xalloc.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The weight of one non-digit character: '~' below the end of the string (0), letters by their
 * code, anything else after all letters. */
static int order(int c)
{
	if (is_digit(c))
		return 0;
	if (is_alpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

/* Alternating runs: a non-digit run compared character by character with order(), then a
 * digit run compared as a number (leading zeros ignored). */
static int verrevcmp(const char *a, const char *b)
{
	while (*a || *b) {
		int first_diff = 0;
		while ((*a && !is_digit((unsigned char)*a)) || (*b && !is_digit((unsigned char)*b))) {
			int ac = order((unsigned char)*a), bc = order((unsigned char)*b);
			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		while (is_digit((unsigned char)*a) && is_digit((unsigned char)*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (is_digit((unsigned char)*a))
			return 1;
		if (is_digit((unsigned char)*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

int dpkg_version_parse(const char *text, struct dpkg_version *out, const char **why)
{
	memset(out, 0, sizeof *out);
	const char *why_local;
	if (!why)
		why = &why_local;
	while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
		text++;
	size_t len = strlen(text);
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\n' ||
		       text[len - 1] == '\r'))
		len--;
	if (!len) {
		*why = "version string is empty";
		return -1;
	}
	if (strcspn(text, " \t\n\r") < len) {
		*why = "version string has embedded spaces";
		return -1;
	}
	const char *colon = memchr(text, ':', len);
	const char *ver = text;
	if (colon) {
		if (colon == text) {
			*why = "epoch in version is empty";
			return -1;
		}
		unsigned long epoch = 0;
		for (const char *p = text; p < colon; p++) {
			if (!is_digit((unsigned char)*p)) {
				*why = (*p == '-' && p == text) ? "epoch in version is negative"
								 : "epoch in version is not number";
				return -1;
			}
			epoch = epoch * 10 + (unsigned long)(*p - '0');
			if (epoch > INT_MAX) {
				*why = "epoch in version is too big";
				return -1;
			}
		}
		if (colon + 1 == text + len) {
			*why = "nothing after colon in version number";
			return -1;
		}
		out->epoch = epoch;
		ver = colon + 1;
	}
	size_t vlen = (size_t)(text + len - ver);
	const char *hyphen = NULL;
	for (const char *p = ver + vlen; p > ver; p--)
		if (p[-1] == '-') {
			hyphen = p - 1;
			break;
		}
	if (hyphen) {
		if (hyphen + 1 == ver + vlen) {
			*why = "revision number is empty";
			return -1;
		}
		if (hyphen == ver) {
			*why = "version number is empty";
			return -1;
		}
		out->upstream = xstrndup(ver, (size_t)(hyphen - ver));
		out->revision = xstrndup(hyphen + 1, (size_t)(ver + vlen - hyphen - 1));
	} else {
		out->upstream = xstrndup(ver, vlen);
		out->revision = xstrdup("");
	}
	return 0;
}

void dpkg_version_free(struct dpkg_version *v)
{
	free(v->upstream);
	free(v->revision);
	memset(v, 0, sizeof *v);
}

int dpkg_version_compare(const struct dpkg_version *a, const struct dpkg_version *b)
{
	if (a->epoch != b->epoch)
		return a->epoch > b->epoch ? 1 : -1;
	int rc = verrevcmp(a->upstream ? a->upstream : "", b->upstream ? b->upstream : "");
	if (rc)
		return rc;
	return verrevcmp(a->revision ? a->revision : "", b->revision ? b->revision : "");
}

int dpkg_version_compare_text(const char *a, const char *b, int *ok)
{
	struct dpkg_version va, vb;
	if (dpkg_version_parse(a, &va, NULL) < 0) {
		*ok = 0;
		return 0;
	}
	if (dpkg_version_parse(b, &vb, NULL) < 0) {
		dpkg_version_free(&va);
		*ok = 0;
		return 0;
	}
	*ok = 1;
	int rc = dpkg_version_compare(&va, &vb);
	dpkg_version_free(&va);
	dpkg_version_free(&vb);
	return rc;
}
