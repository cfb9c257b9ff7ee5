/* Security Center's anti-virus product list (see win_avproduct.h). */
#include "win_avproduct.h"
#include "csv_field.h"
#include "../core/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool av_products_parse(const char *text, size_t len, struct av_product *out, size_t *n,
		       size_t *dropped, char *why, size_t whylen)
{
	*n = 0;
	*dropped = 0;
	const char *pos = text, *end = text + len;
	int col_name = -1, col_state = -1, col_ts = -1;
	bool header = false;
	unsigned lineno = 0;
	while (pos < end) {
		const char *nl = memchr(pos, '\n', (size_t)(end - pos));
		const char *le = nl ? nl : end;
		const char *next = nl ? nl + 1 : end;
		lineno++;
		if (le > pos && le[-1] == '\r')
			le--;
		if (le == pos || *pos == '#') {
			pos = next;
			continue;
		}
		char fields[8][128];
		int nf = 0;
		const char *p = pos;
		while (p && nf < 8) {
			p = csv_field(p, le, fields[nf], sizeof fields[nf]);
			nf++;
		}
		if (!header) {
			for (int i = 0; i < nf; i++) {
				if (!strcasecmp(fields[i], "displayName"))
					col_name = i;
				else if (!strcasecmp(fields[i], "productState"))
					col_state = i;
				else if (!strcasecmp(fields[i], "timestamp"))
					col_ts = i;
			}
			if (col_name < 0 || col_state < 0) {
				snprintf(why, whylen, _("line %u: no displayName and productState columns"),
					 lineno);
				return false;
			}
			header = true;
			pos = next;
			continue;
		}
		if (col_name >= nf || col_state >= nf) {
			snprintf(why, whylen, _("line %u: fewer columns than the header"), lineno);
			return false;
		}
		const char *s = fields[col_state];
		char *e;
		unsigned long v = strtoul(s, &e, 10);
		if (!*s || *e || strspn(s, "0123456789") != strlen(s) || v > 0xFFFFFFFFUL) {
			snprintf(why, whylen, _("line %u: productState '%s' is not a number"), lineno, s);
			return false;
		}
		if (*n < AV_PRODUCTS_MAX) {
			struct av_product *a = &out[(*n)++];
			snprintf(a->name, sizeof a->name, "%s", fields[col_name]);
			a->state = (uint32_t)v;
			snprintf(a->timestamp, sizeof a->timestamp, "%s",
				 col_ts >= 0 && col_ts < nf ? fields[col_ts] : "");
			a->line = lineno;
		} else {
			(*dropped)++;
		}
		pos = next;
	}
	if (!header) {
		snprintf(why, whylen, _("empty: no header line"));
		return false;
	}
	return true;
}

bool av_product_enabled(uint32_t state)
{
	return ((state >> 12) & 0xF) == 1;
}

bool av_product_outdated(uint32_t state)
{
	return ((state >> 4) & 0xF) != 0;
}
