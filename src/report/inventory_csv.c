/* --format inventory: the inventory row (item 2-1) as CSV for an institution's ledger — a header
 * and one line per host, RFC 4180 with a BOM and CRLF like the checklist CSV, so that
 * `kensa report --format inventory A.json B.json ...` builds one sheet of many hosts. */
#include "report.h"
#include "rows.h"
#include "../core/i18n.h"
#include <stdio.h>

int report_write_inventory(FILE *out, const struct audit_report *rep, bool header)
{
	if (header) {
		fputs("\xEF\xBB\xBF", out);
		for (size_t i = 0; i < INV_FIELD_COUNT; i++)
			report_csv_field(out, inventory_keys[i], i + 1 == INV_FIELD_COUNT);
	}
	if (!rep->inventory) {
		/* host.inventory did not run (--only/--skip, or an older report): the header's
		 * host name at least, the rest empty */
		report_csv_field(out, rep->host.hostname ? rep->host.hostname : "", false);
		report_csv_field(out, rep->host.os ? rep->host.os : "", false);
		for (size_t i = INV_OS + 1; i < INV_FIELD_COUNT; i++)
			report_csv_field(out, i == INV_KENSA_VERSION && rep->tool_version
					      ? rep->tool_version : "", i + 1 == INV_FIELD_COUNT);
		return ferror(out) ? -1 : 0;
	}
	for (size_t i = 0; i < INV_FIELD_COUNT; i++) {
		const char *v = rep->inventory->value[i];
		report_csv_field(out, v ? v : "", i + 1 == INV_FIELD_COUNT);
	}
	return ferror(out) ? -1 : 0;
}
