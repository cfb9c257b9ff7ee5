/* The checklist form as CSV (RFC 4180, UTF-8 with a BOM and CRLF so Excel in Japan opens it as
 * UTF-8): one row per checklist item, to paste into the ministry's workbook. */
#include "report.h"
#include "rows.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <stdlib.h>
#include <string.h>

static void field(FILE *out, const char *s, bool last)
{
	/* A leading = + - @ would be read by Excel as a formula: neutralise with a quote. */
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
	fputs(last ? "\r\n" : ",", out);
}

int report_write_csv(FILE *out, const struct audit_report *rep)
{
	fputs("\xEF\xBB\xBF", out);
	field(out, _("Item"), false);
	field(out, _("Check item"), false);
	field(out, _("Device class"), false);
	field(out, _("Answer"), false);
	field(out, _("Date checked"), false);
	field(out, _("Target date"), false);
	field(out, _("Evidence"), false);
	field(out, _("Edition"), true);
	for (size_t i = 0; i < rep->n_items; i++) {
		const struct item_verdict *v = &rep->items[i];
		char *ev = row_evidence_line(v);
		field(out, v->label, false);
		field(out, v->title, false);
		field(out, rep->device_class, false);
		field(out, item_answer_label(v->answer), false);
		field(out, row_date_checked(rep, v), false);
		field(out, v->target_date ? v->target_date : "", false);
		char *xnote = item_exception_note(v);
		if (xnote) { /* beside the answer: the evidence column starts with it */
			char *joined = xasprintf("%s; %s", xnote, ev);
			free(ev);
			ev = joined;
			free(xnote);
		}
		field(out, ev, false);
		field(out, rep->edition, true);
		free(ev);
	}
	return ferror(out) ? -1 : 0;
}
