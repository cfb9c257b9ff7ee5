/* Security Center's anti-virus product list (see win_avproduct.h). */
#include "win_avproduct.h"
#include "csv_table.h"
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
	static const char *const names[] = { "displayName", "productState", "timestamp" };
	struct csv_table t;
	enum csv_table_open_status st = csv_table_open(&t, text, len, names, 3, 2);
	if (st == CSV_TABLE_EMPTY) {
		snprintf(why, whylen, _("empty: no header line"));
		return false;
	}
	if (st == CSV_TABLE_MISSING_COLUMN) {
		snprintf(why, whylen, _("line %u: no displayName and productState columns"), t.line);
		return false;
	}
	char name[sizeof out->name], state[128], stamp[sizeof out->timestamp];
	char *const fields[] = { name, state, stamp };
	static const size_t lens[] = { sizeof name, sizeof state, sizeof stamp };
	int rc;
	while ((rc = csv_table_next(&t, fields, lens)) == 1) {
		char *e;
		unsigned long v = strtoul(state, &e, 10);
		if (!state[0] || *e || strspn(state, "0123456789") != strlen(state) ||
		    v > 0xFFFFFFFFUL) {
			snprintf(why, whylen, _("line %u: productState '%s' is not a number"), t.line,
				 state);
			return false;
		}
		if (*n < AV_PRODUCTS_MAX) {
			struct av_product *a = &out[(*n)++];
			snprintf(a->name, sizeof a->name, "%s", name);
			a->state = (uint32_t)v;
			snprintf(a->timestamp, sizeof a->timestamp, "%s", stamp);
			a->line = t.line;
		} else {
			(*dropped)++;
		}
	}
	if (rc < 0) {
		snprintf(why, whylen, _("line %u: fewer columns than the header"), t.line);
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
