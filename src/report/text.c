/* Text report: the checklist in item order, a verdict line per check, findings and evidence
 * indented below, a summary last. Colour only on a terminal and never with NO_COLOR. */
#include "report.h"
#include "rows.h"
#include "sanitize.h"
#include "../core/forms.h"
#include "../core/i18n.h"
#include <stdlib.h>
#include <string.h>

struct style {
	bool color;
};

static const char *status_color(enum check_status s)
{
	switch (s) {
	case CHECK_PASS:
		return "\033[32m";
	case CHECK_WARN:
		return "\033[33m";
	case CHECK_FAIL:
		return "\033[31;1m";
	case CHECK_ERROR:
		return "\033[35m";
	default:
		return "\033[36m";
	}
}

static void put_status(FILE *out, const struct style *st, enum check_status s)
{
	if (st->color)
		fprintf(out, "%s[%s]\033[0m", status_color(s), report_status_label(s));
	else
		fprintf(out, "[%s]", report_status_label(s));
}

/* Text that came from the audited system or a saved report: one sanitiser for every writer. */
static void put_clean(FILE *out, const char *s)
{
	sanitize_put(out, s, 0);
}

/* A line of kensa's own format whose arguments may not be kensa's. */
#define put_line(out, ...) sanitize_fprintf(out, SANITIZE_KEEP_NEWLINE | SANITIZE_KEEP_TAB, __VA_ARGS__)

static void put_evidence(FILE *out, const struct evidence *ev, size_t n, const char *indent,
			 bool numbered)
{
	for (size_t i = 0; i < n; i++) {
		fputs(indent, out);
		if (numbered) /* findings refer to these by number */
			fprintf(out, "E%zu ", i + 1);
		if (ev[i].source) {
			put_clean(out, ev[i].source);
			fputs(": ", out);
		}
		put_clean(out, ev[i].value);
		fputc('\n', out);
	}
}

/* An exception's "by" and "reason" come from the site file: printed clean all the same. */
static void put_finding_exception(FILE *out, const struct finding *f, const char *zone)
{
	const struct finding_exception *x = f->accepted ? f->accepted : f->expired;
	if (!x)
		return;
	fputs("            ", out);
	if (f->accepted && x->expires)
		put_line(out, _("Accepted exception, until %s (%s), by "), x->expires, zone);
	else if (f->accepted)
		fputs(_("Accepted exception, with no expiry, by "), out);
	else
		put_line(out, _("Exception expired at the end of %s (%s); counts again. It was accepted by "),
			 x->expires ? x->expires : "?", zone);
	put_clean(out, x->by);
	fputs(": ", out);
	put_clean(out, x->reason);
	fputc('\n', out);
}

static void put_result(FILE *out, const struct style *st, const struct check_result *r,
		       const char *zone)
{
	fputs("    ", out);
	put_status(out, st, r->status);
	fputc(' ', out);
	put_clean(out, r->title);
	put_line(out, "  (%s)\n", r->id);
	if (r->reason) {
		fputs("        ", out);
		put_clean(out, r->reason);
		fputc('\n', out);
	}
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		fprintf(out, "        - %s ", f->accepted ? "~" : f->severity == FINDING_FAIL ? "✗" :
				f->severity == FINDING_WARN ? "!" : "·");
		put_clean(out, f->subject);
		fputs(": ", out);
		put_clean(out, f->detail);
		fputc('\n', out);
		put_evidence(out, f->evidence, f->n_evidence, "            ", false);
		char *refs = finding_ref_labels(f);
		if (refs) { /* shared with other findings: printed once, below */
			fputs("            ", out);
			fprintf(out, _("evidence %s (listed once below)"), refs);
			fputc('\n', out);
		}
		free(refs);
		put_finding_exception(out, f, zone);
	}
	if (r->n_evidence) {
		fprintf(out, "        %s\n", _("Evidence:"));
		put_evidence(out, r->evidence, r->n_evidence, "            ",
			     result_has_evidence_refs(r));
	}
	if (r->status == CHECK_FAIL || r->status == CHECK_WARN)
		put_line(out, "        %s %s\n", _("Remedy:"), r->remediation);
}

static void put_answer(FILE *out, const struct style *st, enum item_answer a)
{
	static const char *const colors[ANSWER_COUNT] = { "\033[32m", "\033[31;1m", "\033[35m",
							  "\033[36m", "\033[33m" };
	if (st->color)
		fprintf(out, "%s[%s]\033[0m", colors[a], item_answer_label(a));
	else
		fprintf(out, "[%s]", item_answer_label(a));
}

/* A header label padded by display width, so Japanese labels line up too. */
static void put_label(FILE *out, const char *label)
{
	fputs("  ", out);
	put_padded(out, label, 16);
	fputc(' ', out);
}

int report_write_text(FILE *out, const struct audit_report *rep, bool color)
{
	struct style st = { .color = color };
	char zbuf[16];
	const char *zone = report_zone_label(rep, zbuf, sizeof zbuf);
	char *notice = report_root_notice(rep);
	if (notice) /* one line at the very top, instead of a scatter of errors to piece together */
		put_line(out, "%s\n", notice);
	free(notice);
	put_line(out, _("kensa %s audit report\n"), rep->tool_version);
	if (rep->site_name && rep->form != CHECKLIST_FORM_VENDOR) { /* the vendor's: below */
		put_label(out, _("Site:"));
		put_clean(out, rep->site_name);
		fputc('\n', out);
	}
	put_label(out, _("Host:"));
	put_clean(out, rep->host.hostname);
	fputs(" (", out);
	put_clean(out, rep->host.os);
	fputs(")\n", out);
	put_label(out, _("Root:"));
	put_clean(out, rep->host.root);
	fprintf(out, " (%s)\n", rep->host.live ? _("live host") : _("offline image"));
	put_label(out, _("Checklist:"));
	put_line(out, "%s (%s, %s)\n", rep->edition_name, rep->edition, rep->device_class);
	put_label(out, _("Form:"));
	put_line(out, "%s\n", report_form_label(rep->form));
	if (rep->form == CHECKLIST_FORM_VENDOR) { /* who answers it, for whom, for which system */
		put_label(out, _("Vendor:"));
		put_clean(out, row_or_to_fill(rep->vendor_company));
		fputc('\n', out);
		put_label(out, _("Person in charge:"));
		put_clean(out, row_or_to_fill(rep->vendor_person));
		fputc('\n', out);
		put_label(out, _("For institution:"));
		put_clean(out, row_or_to_fill(rep->site_name));
		fputc('\n', out);
		put_label(out, _("System:"));
		put_clean(out, row_or_to_fill(rep->vendor_system));
		fputc('\n', out);
	}
	put_label(out, _("Profile:"));
	put_clean(out, rep->profile_name);
	fputc('\n', out);
	put_label(out, _("As of:"));
	put_line(out, "%s\n", rep->as_of);
	const char *last_section = NULL;
	for (size_t i = 0; i < rep->n_items; i++) {
		const struct item_verdict *v = &rep->items[i];
		if (!last_section || strcmp(last_section, v->section) != 0) {
			put_line(out, "\n== %s %s ==\n", v->section, v->section_title);
			last_section = v->section;
		}
		fputc('\n', out);
		put_answer(out, &st, v->answer);
		put_line(out, " %s %s\n", v->label, v->title);
		char *xnote = item_exception_note(v);
		if (xnote)
			put_line(out, "    %s\n", xnote);
		free(xnote);
		if (v->answered_by) {
			fprintf(out, "    %s ", _("Answered by"));
			put_clean(out, v->answered_by);
			put_line(out, " (%s)", v->answered_on);
			if (v->note) {
				fputs(": ", out);
				put_clean(out, v->note);
			}
			fputc('\n', out);
			if (v->target_date)
				put_line(out, "    %s %s\n", _("Target date:"), v->target_date);
		} else if (v->n_check_ids == 0) {
			put_line(out, "    %s\n", v->reason);
			if (v->hint)
				put_line(out, "    %s %s\n", _("To confirm:"), v->hint);
		} else if (v->answer == ANSWER_UNCHECKED || v->answer == ANSWER_REVIEW) {
			put_line(out, "    %s\n", v->reason);
			/* a row its checks left to a person: the question, then their evidence */
			if (v->status == CHECK_MANUAL && v->hint)
				put_line(out, "    %s %s\n", _("To confirm:"), v->hint);
		}
		for (size_t k = 0; k < v->n_results; k++)
			put_result(out, &st, v->results[k], zone);
	}
	if (rep->n_unmapped) {
		fprintf(out, "\n== %s ==\n", report_unmapped_heading(rep));
		for (size_t i = 0; i < rep->n_unmapped; i++) {
			size_t nrefs;
			char *const *refs = report_guideline_of_result(rep, rep->unmapped[i], &nrefs);
			if (nrefs) {
				/* "Guideline: 7.0 14-⑥"; a reference naming its own source
				 * ("9の心得 ⑧") stands alone */
				fputc('\n', out);
				const char *last = NULL;
				for (size_t k = 0; k < nrefs; k++) {
					const char *prefix = report_ref_prefix(refs[k]);
					if (k)
						fputs(_(", "), out);
					if (prefix && prefix != last)
						fprintf(out, "%s ", prefix);
					last = prefix;
					put_line(out, "%s", refs[k]);
				}
				fputc('\n', out);
			}
			put_result(out, &st, rep->unmapped[i], zone);
		}
	}
	if (rep->n_off_form) { /* checks of this audit whose rows are on the other form */
		fprintf(out, "\n== %s ==\n", _("Checks whose rows are on the other form"));
		for (size_t i = 0; i < rep->n_off_form; i++)
			put_result(out, &st, rep->off_form[i], zone);
	}
	report_write_exceptions_text(out, rep);
	fprintf(out, "\n%s ", _("Summary (checks):"));
	/* one format, so a language puts its own separators between the counts (、 in Japanese) */
	fprintf(out, _("%s %u, %s %u, %s %u, %s %u, %s %u, %s %u"),
		report_status_label(CHECK_PASS), rep->summary[CHECK_PASS],
		report_status_label(CHECK_WARN), rep->summary[CHECK_WARN],
		report_status_label(CHECK_FAIL), rep->summary[CHECK_FAIL],
		report_status_label(CHECK_ERROR), rep->summary[CHECK_ERROR],
		report_status_label(CHECK_NOT_APPLICABLE), rep->summary[CHECK_NOT_APPLICABLE],
		report_status_label(CHECK_MANUAL), rep->summary[CHECK_MANUAL]);
	fprintf(out, _("; %.1f ms\n"), rep->duration_ms);
	return ferror(out) ? -1 : 0;
}

static const char *exception_state_label(enum exception_state s)
{
	switch (s) {
	case EXCEPTION_ACTIVE:
		return _("ACTIVE");
	case EXCEPTION_EXPIRED:
		return _("EXPIRED");
	case EXCEPTION_UNMATCHED:
		return _("UNMATCHED");
	case EXCEPTION_NOT_RUN:
		return _("NOT RUN");
	default:
		return _("TOO LONG");
	}
}

void report_write_exceptions_text(FILE *out, const struct audit_report *rep)
{
	if (!rep->n_exceptions)
		return;
	fprintf(out, "\n== ");
	char zbuf[16];
	put_line(out, _("Accepted exceptions (judged on %s, %s)"), rep->exceptions_as_of,
		 report_zone_label(rep, zbuf, sizeof zbuf));
	fprintf(out, " ==\n");
	for (size_t i = 0; i < rep->n_exceptions; i++) {
		const struct exception_note *n = &rep->exceptions[i];
		put_line(out, "  [%s] %s", exception_state_label(n->state), n->check_id);
		if (n->subject) {
			fputc(' ', out);
			put_clean(out, n->subject);
		} else {
			fprintf(out, " %s", _("(every finding)"));
		}
		fputc('\n', out);
		fputs("      ", out);
		switch (n->state) {
		case EXCEPTION_ACTIVE:
			put_line(out, _("applies until the end of %s; %zu finding(s) accepted"),
				n->expires, n->matched);
			break;
		case EXCEPTION_EXPIRED:
			put_line(out, _("expired at the end of %s; %zu finding(s) count again"),
				n->expires, n->matched);
			break;
		case EXCEPTION_UNMATCHED:
			fputs(_("matches no finding: check the id and subject for a typo, or remove it if the issue is fixed"),
			      out);
			break;
		case EXCEPTION_NOT_RUN:
			fputs(_("its check did not run in this audit"), out);
			break;
		case EXCEPTION_TOO_LONG:
			if (n->expires)
				put_line(out, _("applies until the end of %s, further ahead than the profile allows ([exceptions] max_days); %zu finding(s) accepted"),
					n->expires, n->matched);
			else
				fprintf(out, _("has no expiry date; it applies, but the profile requires one ([exceptions] max_days); %zu finding(s) accepted"),
					n->matched);
			break;
		}
		fputc('\n', out);
		fprintf(out, "      %s ", _("Accepted by:"));
		put_clean(out, n->by);
		fprintf(out, "\n      %s ", _("Reason:"));
		put_clean(out, n->reason);
		fputc('\n', out);
	}
}
