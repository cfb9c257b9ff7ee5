/* The checklist form as text: the edition's rows in order with はい/いいえ/未確認, the date
 * checked, a target-date column for the answerer and one evidence line, then the details. */
#include "report.h"
#include "rows.h"
#include "sanitize.h"
#include "../core/forms.h"
#include "../core/i18n.h"
#include <stdlib.h>
#include <string.h>

int report_write_checklist(FILE *out, const struct audit_report *rep)
{
	char *notice = report_root_notice(rep);
	if (notice)
		fprintf(out, "%s\n", notice);
	free(notice);
	/* every string may come from the audited system or a saved report: sanitize.h */
	sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "%s\n", rep->edition_name);
	fprintf(out, "%s %s\n", _("Device class:"),
		!strcmp(rep->device_class, "server") ? _("server") :
		!strcmp(rep->device_class, "terminal") ? _("terminal PC") : _("network device"));
	fprintf(out, "%s %s\n", _("Form:"), report_form_label(rep->form));
	if (rep->form == CHECKLIST_FORM_VENDOR) {
		/* the vendor's form: who answers it, for which institution and which system */
		sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "%s %s\n", _("Vendor:"),
				 row_or_to_fill(rep->vendor_company));
		sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "%s %s\n", _("Person in charge:"),
				 row_or_to_fill(rep->vendor_person));
		sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "%s %s\n", _("For institution:"),
				 row_or_to_fill(rep->site_name));
		sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "%s %s\n", _("System:"),
				 row_or_to_fill(rep->vendor_system));
	} else if (rep->site_name) {
		sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "%s %s\n", _("Site:"), rep->site_name);
	}
	sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "%s %s (%s)\n", _("Host:"), rep->host.hostname,
			 rep->host.os);
	sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "%s %s\n\n", _("Date checked:"), rep->as_of);

	const size_t w_no = 6, w_ans = 10, w_date = 12;
	put_padded(out, _("No."), w_no);
	put_padded(out, _("Answer"), w_ans);
	put_padded(out, _("Checked"), w_date);
	put_padded(out, _("Target"), w_date);
	fprintf(out, "%s\n", _("Item / evidence"));
	const char *last_section = NULL;
	for (size_t i = 0; i < rep->n_items; i++) {
		const struct item_verdict *v = &rep->items[i];
		if (!last_section || strcmp(last_section, v->section) != 0) {
			sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "\n[%s %s]\n", v->section, v->section_title);
			last_section = v->section;
		}
		char *label = sanitize_dup(v->label, 0);
		put_padded(out, label, w_no);
		free(label);
		put_padded(out, item_answer_label(v->answer), w_ans);
		put_padded(out, row_date_checked(rep, v), w_date);
		put_padded(out, v->target_date ? v->target_date :
				v->answer == ANSWER_NO ? "____-__-__" : "", w_date);
		sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "%s\n", v->title);
		char *xnote = item_exception_note(v);
		if (xnote)
			sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE, "%*s%s\n", (int)w_no, "", xnote);
		free(xnote);
		char *ev = row_evidence_line(v);
		fprintf(out, "%*s", (int)(w_no + w_ans + 2 * w_date), "");
		sanitize_put(out, ev, 0);
		fputc('\n', out);
		free(ev);
	}
	fprintf(out, "\n%s\n\n", _("Details"));
	return report_write_text(out, rep, false);
}
