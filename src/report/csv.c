/* The checklist form as CSV (RFC 4180, UTF-8 with a BOM and CRLF so Excel in Japan opens it as
 * UTF-8): one row per checklist item, to paste into the ministry's workbook. */
#include "report.h"
#include "rows.h"
#include "sanitize.h"
#include "../core/i18n.h"
#include <stdio.h>
#include "../core/xalloc.h"
#include <stdlib.h>
#include <string.h>

void report_csv_field(FILE *out, const char *raw, bool last)
{
	char *clean = sanitize_dup(raw, SANITIZE_KEEP_NEWLINE); /* sanitize.h */
	const char *s = clean;
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
	free(clean);
}

int report_write_csv(FILE *out, const struct audit_report *rep)
{
	fputs("\xEF\xBB\xBF", out);
	report_csv_field(out, _("Item"), false);
	report_csv_field(out, _("Check item"), false);
	report_csv_field(out, _("Device class"), false);
	report_csv_field(out, _("Answer"), false);
	report_csv_field(out, _("Date checked"), false);
	report_csv_field(out, _("Target date"), false);
	report_csv_field(out, _("Evidence"), false);
	report_csv_field(out, _("Edition"), false);
	report_csv_field(out, _("Form"), true);
	for (size_t i = 0; i < rep->n_items; i++) {
		const struct item_verdict *v = &rep->items[i];
		char *ev = row_evidence_line(v);
		report_csv_field(out, v->label, false);
		report_csv_field(out, v->title, false);
		report_csv_field(out, rep->device_class, false);
		report_csv_field(out, item_answer_label(v->answer), false);
		report_csv_field(out, row_date_checked(rep, v), false);
		report_csv_field(out, v->target_date ? v->target_date : "", false);
		char *xnote = item_exception_note(v);
		if (xnote) { /* beside the answer: the evidence column starts with it */
			char *joined = xasprintf("%s; %s", xnote, ev);
			free(ev);
			ev = joined;
			free(xnote);
		}
		report_csv_field(out, ev, false);
		report_csv_field(out, rep->edition, false);
		report_csv_field(out, report_form_label(rep->form), true);
		free(ev);
	}
	/* checks the edition has no row for: one row each, under the guideline reference, so they
	 * do not vanish from the workbook ("Guideline requirements beyond this edition") */
	for (size_t i = 0; i < rep->n_unmapped; i++) {
		const struct check_result *r = rep->unmapped[i];
		size_t nrefs;
		char *const *refs = report_guideline_of_result(rep, r, &nrefs);
		char ref[256] = "";
		for (size_t k = 0; k < nrefs; k++) {
			size_t used = strlen(ref);
			snprintf(ref + used, sizeof ref - used, "%s%s", k ? ", " : "", refs[k]);
		}
		char ev[1024];
		snprintf(ev, sizeof ev, "%s: %s (%s)", r->id, report_status_word(r->status),
			 r->reason ? r->reason : "");
		report_csv_field(out, ref, false);
		report_csv_field(out, r->title ? r->title : r->id, false);
		report_csv_field(out, rep->device_class, false);
		report_csv_field(out, r->status == CHECK_PASS ? item_answer_label(ANSWER_YES)
			   : r->status == CHECK_FAIL || r->status == CHECK_WARN
				   ? item_answer_label(ANSWER_NO)
			   : r->status == CHECK_NOT_APPLICABLE ? item_answer_label(ANSWER_NOT_APPLICABLE)
							       : item_answer_label(ANSWER_UNCHECKED),
		      false);
		report_csv_field(out, rep->as_of, false);
		report_csv_field(out, "", false);
		report_csv_field(out, ev, false);
		report_csv_field(out, report_unmapped_heading(rep), false);
		report_csv_field(out, report_form_label(rep->form), true);
	}
	return ferror(out) ? -1 : 0;
}
