/* The report a clinic files: one self-contained HTML page laid out for A4 printing. Inline CSS
 * only; no script, no image, no font or anything else fetched (a Content-Security-Policy says
 * so to the browser too). Everything that came from the audited system or the site file is
 * escaped: it renders as text, never as markup. */
#include "report.h"
#include "sanitize.h"
#include "rows.h"
#include "../core/forms.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Write s as HTML text: & < > " ' escaped, invalid UTF-8 replaced by U+FFFD, control and
 * bidirectional formatting characters shown as visible marks (sanitize.h), so nothing from the
 * audited system can open a tag or an attribute, or reorder what the reader sees. */
static void esc(FILE *out, const char *s)
{
	sanitize_put(out, s, SANITIZE_HTML | SANITIZE_KEEP_NEWLINE | SANITIZE_KEEP_TAB);
}

/* <tag class="cls">escaped text</tag> */
void report_html_escape(FILE *out, const char *s)
{
	esc(out, s);
}

static void el(FILE *out, const char *tag, const char *cls, const char *text)
{
	if (cls)
		fprintf(out, "<%s class=\"%s\">", tag, cls);
	else
		fprintf(out, "<%s>", tag);
	esc(out, text);
	fprintf(out, "</%s>", tag);
}

/* printf, then escape: formats carry values that may come from a saved report */
static void escf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void escf(FILE *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	esc(out, s);
	free(s);
}

static const char *device_class_label(const char *c)
{
	return !strcmp(c, "server") ? _("server") : !strcmp(c, "terminal") ? _("terminal PC")
									 : _("network device");
}

/* A badge reads without colour: a symbol, the word, and a distinct border or fill. */
void report_html_answer_badge(FILE *out, enum item_answer a)
{
	static const char *const cls[ANSWER_COUNT] = { "yes", "no", "unchecked", "na", "review" };
	static const char *const sym[ANSWER_COUNT] = { "○", "×", "□", "－", "△" };
	fprintf(out, "<span class=\"badge %s\">%s&#8239;", cls[a], sym[a]);
	esc(out, item_answer_label(a));
	fputs("</span>", out);
}

static void status_badge(FILE *out, enum check_status s)
{
	static const char *const cls[CHECK_STATUS_COUNT] = {
		[CHECK_PASS] = "yes", [CHECK_WARN] = "warn", [CHECK_FAIL] = "no",
		[CHECK_ERROR] = "unchecked", [CHECK_NOT_APPLICABLE] = "na",
		[CHECK_MANUAL] = "unchecked",
	};
	fprintf(out, "<span class=\"badge small %s\">", cls[s]);
	esc(out, report_status_word(s));
	fputs("</span>", out);
}

static const char *const css =
	"@page { size: A4; margin: 16mm 14mm 18mm 14mm;\n"
	"  @bottom-right { content: counter(page) \" / \" counter(pages); font-size: 8pt; color: #444; } }\n"
	"* { box-sizing: border-box; }\n"
	"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	"body { font-family: \"Noto Sans CJK JP\", \"Noto Sans JP\", \"Hiragino Kaku Gothic ProN\",\n"
	"  \"Yu Gothic\", \"Meiryo\", sans-serif; font-size: 9.5pt; line-height: 1.5; color: #111;\n"
	"  margin: 0 auto; max-width: 190mm; }\n"
	"h1 { font-size: 17pt; margin: 0 0 2mm; letter-spacing: 0.04em; }\n"
	"h2 { font-size: 12.5pt; margin: 0 0 3mm; padding: 1mm 0 1mm 3mm; border-left: 2.2mm solid #222;\n"
	"  border-bottom: 0.3mm solid #222; break-after: avoid; }\n"
	"h3 { font-size: 10.5pt; margin: 5mm 0 1.5mm; break-after: avoid; }\n"
	/* A heading never ends a page: it shares an unbreakable block with the start of what it
	 * heads (break-after alone does not hold in Chromium's print layout). */
	"h2, h3 { page-break-after: avoid; }\n"
	".headed { break-inside: avoid; page-break-inside: avoid; }\n"
	"table.todo td, table.todo th { font-size: 7.5pt; line-height: 1.35; padding: 0.8mm 1.2mm; }\n"
	"table.todo td.what ul { margin: 0; padding-left: 3.5mm; }\n"
	"p { margin: 1mm 0; }\n"
	".sub { color: #333; font-size: 9pt; margin-bottom: 4mm; }\n"
	"header.doc { border-bottom: 0.6mm double #111; padding-bottom: 3mm; margin-bottom: 5mm; }\n"
	"section { margin-bottom: 6mm; }\n"
	"section.page { break-before: page; }\n"
	"table { border-collapse: collapse; width: 100%; }\n"
	"thead { display: table-header-group; }\n"
	"tr, .keep { break-inside: avoid; page-break-inside: avoid; }\n"
	"th, td { border: 0.25mm solid #555; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }\n"
	"th { background: #e6e6e6; font-weight: bold; }\n"
	"table.meta th { width: 38mm; }\n"
	"table.meta td { font-size: 10pt; }\n"
	"td.num, th.num { text-align: center; white-space: nowrap; }\n"
	"td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }\n"
	"td.ev, .ev { font-size: 8pt; color: #222; overflow-wrap: anywhere; }\n"
	"tr.sec td { background: #f2f2f2; font-weight: bold; }\n"
	".badge { display: inline-block; min-width: 15mm; padding: 0.2mm 1.5mm; border: 0.35mm solid #111;\n"
	"  border-radius: 1mm; text-align: center; font-weight: bold; white-space: nowrap; }\n"
	".badge.no { background: #111; color: #fff; }\n"
	".badge.warn { border-style: double; border-width: 0.8mm; }\n"
	".badge.unchecked { border-style: dashed; }\n"
	".badge.review { border-style: double; border-width: 0.8mm; }\n"
	".xnote { display: block; font-size: 7.5pt; font-weight: bold; margin-top: 0.5mm; }\n"
	".badge.na { border-style: dotted; color: #444; font-weight: normal; }\n"
	".badge.small { min-width: 0; font-size: 8pt; padding: 0 1.2mm; }\n"
	".badge.accepted { border-style: double; border-width: 0.8mm; font-size: 8pt; min-width: 0; }\n"
	".blank { display: inline-block; min-width: 22mm; border-bottom: 0.3mm solid #555; height: 4mm; }\n"
	".item { border-top: 0.3mm solid #999; padding-top: 1mm; }\n"
	".result { margin: 2mm 0 3mm 3mm; }\n"
	".result .title { font-weight: bold; }\n"
	".note { border: 0.3mm solid #777; border-left: 1.5mm solid #333; padding: 1mm 2mm; margin: 1mm 0;\n"
	"  font-size: 8.5pt; }\n"
	"table.findings { margin: 1mm 0 2mm; }\n"
	"table.findings td, table.findings th { font-size: 8.5pt; }\n"
	"tr.accepted td { background: #f4f4f4; }\n"
	"ul.evidence { margin: 0.5mm 0 0; padding-left: 4mm; }\n"
	"ul.evidence li { font-size: 8pt; overflow-wrap: anywhere; }\n"
	".remedy { font-size: 8.5pt; margin: 1mm 0 0; }\n"
	".remedy b { margin-right: 2.5mm; }\n"
	"table.sign { table-layout: fixed; margin-top: 3mm; }\n"
	"table.sign > tbody > tr > td { border: 0.35mm solid #111; padding: 3mm 4mm 4mm; width: 50%; }\n"
	"table.sign h3 { margin: 0 0 2mm; font-size: 11pt; }\n"
	".line { display: flex; align-items: flex-end; margin: 4.5mm 0 0; }\n"
	".line span.l { width: 22mm; font-size: 9pt; }\n"
	".line span.v { flex: 1; border-bottom: 0.3mm solid #111; min-height: 6mm; padding: 0 1mm; }\n"
	".line span.seal { width: 9mm; height: 9mm; margin-left: 2mm; border: 0.3mm solid #555;\n"
	"  border-radius: 50%; text-align: center; line-height: 8.4mm; font-size: 8pt; color: #555; }\n"
	"footer { margin-top: 6mm; font-size: 8pt; color: #444; border-top: 0.3mm solid #999; padding-top: 1mm; }\n"
	"@media screen { body { padding: 10mm; } }\n";

void report_html_begin(FILE *out, const char *lang)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		lang && strcmp(lang, "ja") == 0 ? "ja" : "en");
	/* nothing may be fetched or run: the page is a document, not an application */
	fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"generator\" content=\"kensa\">\n<title>", out);
}

void report_html_end_head(FILE *out)
{
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

static void meta_row(FILE *out, const char *label, const char *value)
{
	fputs("<tr>", out);
	el(out, "th", NULL, label);
	el(out, "td", NULL, value);
	fputs("</tr>\n", out);
}

static void put_header(FILE *out, const struct audit_report *rep)
{
	fputs("<header class=\"doc\">\n", out);
	char *notice = report_root_notice(rep);
	if (notice) {
		el(out, "p", "note", notice);
		fputc('\n', out);
		free(notice);
	}
	el(out, "h1", NULL, rep->form == CHECKLIST_FORM_VENDOR
				    ? _("Security checklist inspection report: vendor's form")
				    : _("Security checklist inspection report"));
	fputs("\n<p class=\"sub\">", out);
	esc(out, rep->edition_name);
	fputs(" — ", out);
	esc(out, report_form_label(rep->form)); /* which of the two forms this is */
	fputs("</p>\n<table class=\"meta\">\n", out);
	if (rep->form == CHECKLIST_FORM_VENDOR) {
		/* the vendor's form: who answers it, for which institution and which system */
		char *vendor = xasprintf("%s / %s", row_or_to_fill(rep->vendor_company),
					 row_or_to_fill(rep->vendor_person));
		meta_row(out, _("Vendor / person in charge"), vendor);
		free(vendor);
		meta_row(out, _("For institution"), row_or_to_fill(rep->site_name));
		meta_row(out, _("System"), row_or_to_fill(rep->vendor_system));
	} else if (rep->site_name) {
		meta_row(out, _("Medical institution"), rep->site_name);
	}
	meta_row(out, _("Host"), rep->host.hostname);
	meta_row(out, _("Operating system"), rep->host.os);
	meta_row(out, _("Date of audit"), rep->as_of);
	char *edition = xasprintf("%s (%s, %s)", rep->edition_name, rep->edition,
					 rep->edition_published);
	meta_row(out, _("Checklist edition"), edition);
	free(edition);
	meta_row(out, _("Device class"), device_class_label(rep->device_class));
	char *target = xasprintf("%s (%s)", rep->host.root,
					rep->host.live ? _("live host") : _("offline image"));
	meta_row(out, _("Audited system"), target);
	free(target);
	meta_row(out, _("Profile"), rep->profile_name);
	char *tool = xasprintf("kensa %s", rep->tool_version);
	meta_row(out, _("Tool"), tool);
	free(tool);
	fputs("</table>\n</header>\n", out);
}

/* The answers in the order a reader weighs them. */
static const enum item_answer answer_order[ANSWER_COUNT] = {
	ANSWER_YES, ANSWER_NO, ANSWER_REVIEW, ANSWER_UNCHECKED, ANSWER_NOT_APPLICABLE,
};

/* The answer, and 「例外承認済み（期限 …）」 beside it when an exception covers the row. */
static void answer_cell(FILE *out, const struct item_verdict *v)
{
	report_html_answer_badge(out, v->answer);
	char *note = item_exception_note(v);
	if (note) {
		el(out, "span", "xnote", note);
		free(note);
	}
}

static void put_summary(FILE *out, const struct audit_report *rep)
{
	fputs("<section class=\"summary\">\n", out);
	el(out, "h2", NULL, _("Summary by section"));
	fputs("\n<table>\n<thead><tr>", out);
	el(out, "th", NULL, _("Section"));
	for (size_t a = 0; a < ANSWER_COUNT; a++) {
		fputs("<th class=\"num\">", out);
		report_html_answer_badge(out, answer_order[a]);
		fputs("</th>", out);
	}
	el(out, "th", "num", _("Total"));
	fputs("</tr></thead>\n<tbody>\n", out);
	unsigned total[ANSWER_COUNT] = { 0 };
	for (size_t i = 0; i < rep->n_items;) {
		const char *sec = rep->items[i].section;
		unsigned count[ANSWER_COUNT] = { 0 }, n = 0;
		size_t j = i;
		for (; j < rep->n_items && !strcmp(rep->items[j].section, sec); j++) {
			count[rep->items[j].answer]++;
			total[rep->items[j].answer]++;
			n++;
		}
		fputs("<tr><td>", out);
		esc(out, sec);
		fputs(". ", out);
		esc(out, rep->items[i].section_title);
		fputs("</td>", out);
		for (size_t a = 0; a < ANSWER_COUNT; a++)
			fprintf(out, "<td class=\"num\">%u</td>", count[answer_order[a]]);
		fprintf(out, "<td class=\"num\">%u</td></tr>\n", n);
		i = j;
	}
	fputs("<tr class=\"sec\">", out);
	el(out, "td", NULL, _("Total"));
	for (size_t a = 0; a < ANSWER_COUNT; a++)
		fprintf(out, "<td class=\"num\">%u</td>", total[answer_order[a]]);
	fprintf(out, "<td class=\"num\">%zu</td></tr>\n</tbody>\n</table>\n", rep->n_items);
	size_t active = 0, warn = 0;
	for (size_t i = 0; i < rep->n_exceptions; i++) {
		enum exception_state s = rep->exceptions[i].state;
		active += s == EXCEPTION_ACTIVE || s == EXCEPTION_TOO_LONG;
		warn += s != EXCEPTION_ACTIVE;
	}
	if (rep->n_exceptions) {
		fputs("<p class=\"note\">", out);
		escf(out, _("%zu accepted exception(s) apply; %zu need attention (expired, matching nothing, or too long). See \"Accepted exceptions\"."),
			active, warn);
		fputs("</p>\n", out);
	}
	fputs("</section>\n", out);
}

static void put_checklist(FILE *out, const struct audit_report *rep)
{
	fputs("<section class=\"page checklist\">\n", out);
	el(out, "h2", NULL, _("Checklist"));
	fputs("\n<table>\n<colgroup><col style=\"width:11mm\"><col><col style=\"width:21mm\">"
	      "<col style=\"width:20mm\"><col style=\"width:20mm\"><col style=\"width:52mm\"></colgroup>\n"
	      "<thead><tr>", out);
	el(out, "th", "num", _("No."));
	el(out, "th", NULL, _("Check item"));
	el(out, "th", "num", _("Answer"));
	el(out, "th", NULL, _("Date checked"));
	el(out, "th", NULL, _("Target date"));
	el(out, "th", NULL, _("Evidence"));
	fputs("</tr></thead>\n<tbody>\n", out);
	const char *last = NULL;
	for (size_t i = 0; i < rep->n_items; i++) {
		const struct item_verdict *v = &rep->items[i];
		if (!last || strcmp(last, v->section)) {
			fputs("<tr class=\"sec\"><td colspan=\"6\">", out);
			esc(out, v->section);
			fputs(". ", out);
			esc(out, v->section_title);
			fputs("</td></tr>\n", out);
			last = v->section;
		}
		fputs("<tr id=\"row-", out);
		esc(out, v->id);
		fputs("\">", out);
		el(out, "td", "num", v->label);
		el(out, "td", NULL, v->title);
		fputs("<td class=\"num\">", out);
		answer_cell(out, v);
		fputs("</td>", out);
		el(out, "td", "date", row_date_checked(rep, v));
		if (v->target_date)
			el(out, "td", "date", v->target_date);
		else if (v->answer == ANSWER_NO)
			fputs("<td class=\"date\"><span class=\"blank\"></span></td>", out);
		else
			fputs("<td></td>", out);
		char *ev = row_evidence_line_titled(v, true); /* a clinic reads titles, not ids */
		el(out, "td", "ev", ev);
		free(ev);
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
}

static void put_evidence_list(FILE *out, const struct evidence *ev, size_t n, bool numbered)
{
	if (!n)
		return;
	fputs("<ul class=\"evidence\">", out);
	for (size_t i = 0; i < n; i++) {
		fputs("<li>", out);
		if (numbered) /* findings refer to these by number */
			fprintf(out, "<b>E%zu</b> ", i + 1);
		if (ev[i].source) {
			el(out, "code", NULL, ev[i].source);
			fputs(": ", out);
		}
		esc(out, ev[i].value);
		fputs("</li>", out);
	}
	fputs("</ul>", out);
}

static void put_exception_line(FILE *out, const struct finding *f, const char *zone)
{
	const struct finding_exception *x = f->accepted ? f->accepted : f->expired;
	if (!x)
		return;
	fputs("<div class=\"note\">", out);
	if (f->accepted) {
		fputs("<span class=\"badge accepted\">", out);
		esc(out, _("Accepted exception"));
		fputs("</span> ", out);
		if (x->expires)
			escf(out, _("until %s (%s)"), x->expires, zone);
		else
			esc(out, _("no expiry date"));
	} else {
		fputs("<b>", out);
		esc(out, _("Exception expired"));
		fputs("</b> ", out);
		escf(out, _("at the end of %s (%s); this finding counts again"),
			x->expires ? x->expires : "?", zone);
	}
	fputs(" — ", out);
	esc(out, _("Accepted by:"));
	fputc(' ', out);
	esc(out, x->by);
	fputs("; ", out);
	esc(out, _("Reason:"));
	fputc(' ', out);
	esc(out, x->reason);
	fputs("</div>", out);
}

/* The check's status line and reason: what a heading above it must stay with. */
static void put_result_head(FILE *out, const struct check_result *r)
{
	fputs("<p>", out);
	status_badge(out, r->status);
	fputs(" <span class=\"title\">", out);
	esc(out, r->title);
	fputs("</span> ", out);
	el(out, "code", NULL, r->id);
	fputs("</p>\n", out);
	if (r->reason)
		el(out, "p", NULL, r->reason);
}

/* head_done: the status line was already written (inside the item's heading block). */
static void put_result(FILE *out, const struct check_result *r, const char *zone, bool head_done)
{
	fputs("<div class=\"result\">\n", out);
	if (!head_done)
		put_result_head(out, r);
	if (r->n_findings) {
		fputs("\n<table class=\"findings\">\n<colgroup><col style=\"width:30mm\"><col></colgroup>\n"
		      "<thead><tr>", out);
		el(out, "th", NULL, _("Subject"));
		el(out, "th", NULL, _("Finding"));
		fputs("</tr></thead>\n<tbody>\n", out);
		for (size_t i = 0; i < r->n_findings; i++) {
			const struct finding *f = &r->findings[i];
			fprintf(out, "<tr%s><td>", f->accepted ? " class=\"accepted\"" : "");
			esc(out, f->subject);
			fputs("</td><td>", out);
			if (!f->accepted) {
				static const char *const cls[] = { "na", "warn", "no" };
				fprintf(out, "<span class=\"badge small %s\">", cls[f->severity]);
				esc(out, f->severity == FINDING_FAIL ? _("fail") :
					 f->severity == FINDING_WARN ? _("warn") : _("info"));
				fputs("</span> ", out);
			}
			esc(out, f->detail);
			put_evidence_list(out, f->evidence, f->n_evidence, false);
			char *refs = finding_ref_labels(f);
			if (refs) { /* shared with other findings: listed once, below */
				fputs("<div class=\"ev\">", out);
				escf(out, _("evidence %s (listed once below)"), refs);
				fputs("</div>", out);
				free(refs);
			}
			put_exception_line(out, f, zone);
			fputs("</td></tr>\n", out);
		}
		fputs("</tbody>\n</table>\n", out);
	}
	if (r->n_evidence) {
		fputs("<div class=\"ev\"><b>", out);
		esc(out, _("Evidence"));
		fputs("</b>", out);
		put_evidence_list(out, r->evidence, r->n_evidence, result_has_evidence_refs(r));
		fputs("</div>\n", out);
	}
	if (r->remediation && (r->status == CHECK_FAIL || r->status == CHECK_WARN)) {
		fputs("<p class=\"remedy\"><b>", out);
		esc(out, _("Remediation"));
		fputs("</b>", out);
		esc(out, r->remediation);
		fputs("</p>\n", out);
	}
	fputs("</div>\n", out);
}

static void put_details(FILE *out, const struct audit_report *rep)
{
	char zbuf[16];
	const char *zone = report_zone_label(rep, zbuf, sizeof zbuf);
	fputs("<section class=\"page details\">\n", out);
	el(out, "h2", NULL, _("Details by item"));
	fputc('\n', out);
	for (size_t i = 0; i < rep->n_items; i++) {
		const struct item_verdict *v = &rep->items[i];
		/* the heading, the row's reason and its first check's status line print together */
		fputs("<div class=\"item\">\n<div class=\"headed\">\n<h3>", out);
		esc(out, v->label);
		fputs(" ", out);
		esc(out, v->title);
		fputs(" ", out);
		answer_cell(out, v);
		fputs("</h3>\n", out);
		if (v->answered_by) {
			fputs("<p>", out);
			esc(out, _("Answered by"));
			fputc(' ', out);
			esc(out, v->answered_by);
			fputs(" (", out);
			esc(out, v->answered_on);
			fputs(")", out);
			if (v->note) {
				fputs(": ", out);
				esc(out, v->note);
			}
			fputs("</p>\n", out);
			if (v->target_date) {
				fputs("<p>", out);
				esc(out, _("Target date:"));
				fputc(' ', out);
				esc(out, v->target_date);
				fputs("</p>\n", out);
			}
		} else {
			el(out, "p", NULL, v->reason);
			if ((v->n_check_ids == 0 || v->status == CHECK_MANUAL) && v->hint) {
				fputs("\n<p>", out);
				esc(out, _("To confirm:"));
				fputc(' ', out);
				esc(out, v->hint);
				fputs("</p>", out);
			}
			fputc('\n', out);
		}
		if (v->n_results)
			put_result_head(out, v->results[0]);
		fputs("</div>\n", out);
		for (size_t k = 0; k < v->n_results; k++)
			put_result(out, v->results[k], zone, k == 0);
		fputs("</div>\n", out);
	}
	if (rep->n_unmapped) {
		/* the heading kept with the first requirement's guideline line and status */
		fputs("<div class=\"headed\">", out);
		el(out, "h3", NULL, report_unmapped_heading(rep));
		for (size_t i = 0; i < rep->n_unmapped; i++) {
			size_t nrefs;
			char *const *refs = report_guideline_of_result(rep, rep->unmapped[i], &nrefs);
			for (size_t k = 0; k < nrefs; k++) {
				char label[160];
				const char *prefix = report_ref_prefix(refs[k]);
				snprintf(label, sizeof label, "%s%s%s", prefix ? prefix : "",
					 prefix ? " " : "", refs[k]);
				el(out, "p", "guideline", label);
				fputc('\n', out);
			}
			put_result_head(out, rep->unmapped[i]);
			if (i == 0)
				fputs("</div>\n", out);
			put_result(out, rep->unmapped[i], zone, true);
		}
	}
	if (rep->n_off_form) { /* checks of this audit whose rows are on the other form */
		fputs("<div class=\"headed\">", out);
		el(out, "h3", NULL, _("Checks whose rows are on the other form"));
		for (size_t i = 0; i < rep->n_off_form; i++) {
			put_result_head(out, rep->off_form[i]);
			if (i == 0)
				fputs("</div>\n", out);
			put_result(out, rep->off_form[i], zone, true);
		}
	}
	fputs("</section>\n", out);
}

static const char *exception_state_label(enum exception_state s)
{
	switch (s) {
	case EXCEPTION_ACTIVE:
		return _("Applies");
	case EXCEPTION_EXPIRED:
		return _("Expired");
	case EXCEPTION_UNMATCHED:
		return _("Matches nothing");
	case EXCEPTION_NOT_RUN:
		return _("Not run");
	default:
		return _("Too long");
	}
}

static const char *exception_state_text(enum exception_state s)
{
	switch (s) {
	case EXCEPTION_ACTIVE:
		return _("Its findings are accepted and do not count");
	case EXCEPTION_EXPIRED:
		return _("Its findings count again");
	case EXCEPTION_UNMATCHED:
		return _("Matches no finding: check the id and subject for a typo, or remove it if the issue is fixed");
	case EXCEPTION_NOT_RUN:
		return _("Its check did not run in this audit");
	default:
		return _("Applies, but has no expiry date or one further ahead than the profile allows ([exceptions] max_days)");
	}
}

static void put_exceptions(FILE *out, const struct audit_report *rep)
{
	if (!rep->n_exceptions)
		return;
	fputs("<section class=\"exceptions\">\n<div class=\"headed\">", out);
	el(out, "h2", NULL, _("Accepted exceptions"));
	fputs("\n<p>", out);
	char zbuf[16];
	const char *zone = report_zone_label(rep, zbuf, sizeof zbuf);
	escf(out, _("Known findings the institution accepted for a time, from the site file. An exception applies through the whole of its expiry day (%s); judged on %s."),
		zone, rep->exceptions_as_of);
	fputs("</p>\n</div>\n<table>\n<colgroup><col style=\"width:34mm\"><col><col style=\"width:30mm\">"
	      "<col style=\"width:21mm\"><col style=\"width:46mm\"></colgroup>\n<thead><tr>", out);
	el(out, "th", NULL, _("Check / subject"));
	el(out, "th", NULL, _("Reason"));
	el(out, "th", NULL, _("Accepted by"));
	el(out, "th", NULL, _("Expires"));
	el(out, "th", NULL, _("State"));
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < rep->n_exceptions; i++) {
		const struct exception_note *n = &rep->exceptions[i];
		fputs("<tr><td>", out);
		el(out, "code", NULL, n->check_id);
		fputs("<br>", out);
		esc(out, n->subject ? n->subject : _("(every finding)"));
		fputs("</td>", out);
		el(out, "td", NULL, n->reason);
		el(out, "td", NULL, n->by);
		el(out, "td", "date", n->expires ? n->expires : _("none"));
		fputs("<td><b>", out);
		esc(out, exception_state_label(n->state));
		fputs("</b><br>", out);
		esc(out, exception_state_text(n->state));
		fputs(" ", out);
		escf(out, _("(%zu finding(s))"), n->matched);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
}

/* What is wrong with a row, one line per check that failed or could not decide: the check's
 * title and its first counting findings (the rest counted). */
static void put_todo_what(FILE *out, const struct item_verdict *v)
{
	fputs("<td class=\"what\"><ul>", out);
	if (v->answered_by) { /* a person's "no" */
		fputs("<li>", out);
		esc(out, v->note ? v->note : v->reason);
		fputs("</li>", out);
	}
	for (size_t k = 0; k < v->n_check_ids; k++) {
		const struct check_result *r = NULL;
		for (size_t j = 0; j < v->n_results; j++)
			if (!strcmp(v->results[j]->id, v->check_ids[k]))
				r = v->results[j];
		if (r && (r->status == CHECK_PASS || r->status == CHECK_NOT_APPLICABLE))
			continue;
		fputs("<li><b>", out);
		esc(out, row_check_title(v, v->check_ids[k]));
		fputs("</b>: ", out);
		if (!r) {
			esc(out, _("not run"));
			fputs("</li>", out);
			continue;
		}
		size_t shown = 0, counted = 0;
		for (size_t f = 0; f < r->n_findings; f++) {
			const struct finding *fd = &r->findings[f];
			if (fd->severity == FINDING_INFO || fd->accepted)
				continue;
			if (counted++ < 1) {
				if (shown++)
					fputs(" / ", out);
				esc(out, fd->subject);
				fputs(": ", out);
				esc(out, fd->detail);
			}
		}
		if (counted > shown)
			escf(out, _(" (and %zu more)"), counted - shown);
		if (!counted)
			esc(out, r->reason ? r->reason : report_status_word(r->status));
		fputs("</li>", out);
	}
	if (v->accepted) {
		char *note = item_exception_note(v);
		fputs("<li>", out);
		esc(out, note);
		fputs("</li>", out);
		free(note);
	}
	fputs("</ul></td>", out);
}

static void put_todo_remedy(FILE *out, const struct item_verdict *v)
{
	fputs("<td>", out);
	bool any = false;
	for (size_t k = 0; k < v->n_results; k++) {
		const struct check_result *r = v->results[k];
		if ((r->status != CHECK_FAIL && r->status != CHECK_WARN) || !r->remediation)
			continue;
		if (any)
			fputs("<br>", out);
		/* the first sentence, so the page stays one page; the details have the rest */
		const char *t = r->remediation, *end = NULL;
		const char *ja_stop = strstr(t, "。"), *en_stop = strstr(t, ". ");
		if (ja_stop)
			end = ja_stop + strlen("。");
		if (en_stop && (!end || en_stop + 1 < end))
			end = en_stop + 1;
		if (end && *end) {
			char *first = xstrndup(t, (size_t)(end - t));
			esc(out, first);
			esc(out, "…");
			free(first);
		} else {
			esc(out, t);
		}
		any = true;
	}
	if (!any && v->n_check_ids == 0 && v->hint) /* a person's "no": what to look at */
		esc(out, v->hint);
	fputs("</td>", out);
}

/* The page after the cover: every row answered いいえ or 要確認, what is wrong, the remedy, and a
 * blank for the date the clinic sets to have it done. */
static void put_action_summary(FILE *out, const struct audit_report *rep)
{
	fputs("<section class=\"page todo\">\n<div class=\"headed\">", out);
	el(out, "h2", NULL, _("Items that need action"));
	fputs("\n<p>", out);
	size_t todo = 0, unchecked = 0;
	for (size_t i = 0; i < rep->n_items; i++) {
		todo += rep->items[i].answer == ANSWER_NO || rep->items[i].answer == ANSWER_REVIEW;
		unchecked += rep->items[i].answer == ANSWER_UNCHECKED;
	}
	if (todo)
		escf(out, _("%zu item(s) answered No or To review. Set a target date for each with the vendor."),
		     todo);
	else
		esc(out, _("No item is answered No or To review."));
	if (unchecked) {
		fputc(' ', out);
		escf(out, _("%zu item(s) only a person can answer are still Not checked (see the checklist)."),
		     unchecked);
	}
	fputs("</p>\n", out);
	if (!todo) {
		fputs("</div>\n</section>\n", out);
		return;
	}
	fputs("</div>\n<table class=\"todo\">\n<colgroup><col style=\"width:30mm\"><col>"
	      "<col style=\"width:62mm\"><col style=\"width:21mm\"></colgroup>\n<thead><tr>", out);
	el(out, "th", NULL, _("Check item"));
	el(out, "th", NULL, _("What is wrong"));
	el(out, "th", NULL, _("Remediation"));
	el(out, "th", NULL, _("Target date"));
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < rep->n_items; i++) {
		const struct item_verdict *v = &rep->items[i];
		if (v->answer != ANSWER_NO && v->answer != ANSWER_REVIEW)
			continue;
		fputs("<tr><td>", out);
		esc(out, v->label);
		fputc(' ', out);
		esc(out, v->title);
		fputs("<br>", out);
		report_html_answer_badge(out, v->answer);
		fputs("</td>", out);
		put_todo_what(out, v);
		put_todo_remedy(out, v);
		if (v->target_date)
			el(out, "td", "date", v->target_date);
		else
			fputs("<td class=\"date\"><span class=\"blank\"></span></td>", out);
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
}

static void sign_line(FILE *out, const char *label, const char *value, bool seal)
{
	fputs("<div class=\"line\"><span class=\"l\">", out);
	esc(out, label);
	fputs("</span><span class=\"v\">", out);
	esc(out, value);
	fputs("</span>", out);
	if (seal) {
		fputs("<span class=\"seal\">", out);
		esc(out, _("Seal"));
		fputs("</span>", out);
	}
	fputs("</div>\n", out);
}

static void sign_box(FILE *out, const char *title, const char *org_label, const char *org,
		     const char *name)
{
	fputs("<td>", out);
	el(out, "h3", NULL, title);
	fputc('\n', out);
	sign_line(out, org_label, org ? org : "", false);
	sign_line(out, _("Title"), "", false);
	sign_line(out, _("Name"), name ? name : "", true);
	sign_line(out, _("Date"), "", false);
	fputs("</td>\n", out);
}

/* Signature boxes on the cover page: the vendor who audited, the clinic's responsible person. */
static void put_signatures(FILE *out, const struct audit_report *rep)
{
	fputs("<section class=\"signatures\">\n", out);
	el(out, "h2", NULL, _("Confirmation and signatures"));
	fputs("\n<p>", out);
	esc(out, _("We confirm the results in this report as of the date of audit."));
	fputs("</p>\n<table class=\"sign\"><tbody><tr>\n", out);
	if (rep->form == CHECKLIST_FORM_VENDOR) { /* the vendor answers and signs its own form */
		sign_box(out, _("Vendor"), _("Company"), row_or_to_fill(rep->vendor_company),
			 row_or_to_fill(rep->vendor_person));
		sign_box(out, _("Medical institution: received by"), _("Institution"),
			 row_or_to_fill(rep->site_name), NULL);
	} else {
		sign_box(out, _("Vendor"), _("Company"), rep->site_vendor, NULL);
		sign_box(out, _("Medical institution: responsible person"), _("Institution"),
			 rep->site_name, NULL);
	}
	fputs("</tr></tbody></table>\n</section>\n", out);
}

int report_write_html(FILE *out, const struct audit_report *rep)
{
	report_html_begin(out, rep->lang);
	esc(out, _("Security checklist inspection report"));
	fputs(" — ", out);
	esc(out, rep->site_name ? rep->site_name : rep->host.hostname);
	fputs(" — ", out);
	esc(out, rep->as_of);
	report_html_end_head(out);
	put_header(out, rep);
	put_summary(out, rep);
	put_signatures(out, rep);
	put_action_summary(out, rep);
	put_checklist(out, rep);
	put_exceptions(out, rep);
	put_details(out, rep);
	fputs("<footer>", out);
	escf(out, _("Generated by kensa %s from an audit as of %s. kensa only reads the system; it changed nothing."),
		rep->tool_version, rep->as_of);
	fputs("</footer>\n</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
