/* kensa summary as a printable A4 page (the host report's style sheet): the institution's answer
 * per item with the hosts behind each No, the hosts and their report dates, and the changes. */
#include "summary.h"
#include "rows.h"
#include "../core/forms.h"
#include "../core/i18n.h"
#include <string.h>

static void hosts_with(FILE *out, const struct summary *s, const struct summary_group *g, size_t item,
		       bool no)
{
	bool first = true;
	size_t shown = 0, more = 0;
	for (size_t h = 0; h < g->n_hosts; h++) {
		const struct summary_host *host = &s->hosts[g->hosts[h]];
		const struct summary_answer *a = summary_host_answer(host, item);
		bool want = a && (no ? a->answer == ANSWER_NO
				     : a->answer != ANSWER_NO && a->answer != ANSWER_YES &&
					       a->answer != ANSWER_NOT_APPLICABLE);
		if (!want)
			continue;
		if (shown++ == SUMMARY_LIST_MAX) {
			more++;
			shown--;
			continue;
		}
		if (first)
			fprintf(out, "<div class=\"ev\"><b>%s</b> ", no ? _("No:") : _("Not checked:"));
		else
			report_html_escape(out, _(", "));
		first = false;
		report_html_escape(out, host->hostname);
		if (a->checks) {
			fputs(" (", out);
			report_html_escape(out, a->checks);
			fputs(")", out);
		}
	}
	if (more) {
		char line[64];
		snprintf(line, sizeof line, _(" and %zu more"), more);
		report_html_escape(out, line);
	}
	if (!first)
		fputs("</div>", out);
}

static void put_group(FILE *out, const struct summary *s, size_t gi)
{
	const struct summary_group *g = &s->groups[gi];
	fputs("<section>\n<h2>", out);
	report_html_escape(out, g->edition_name);
	fprintf(out, " (%s)</h2>\n", g->edition);
	fprintf(out, "<table><thead><tr><th class=\"num\">%s</th><th>%s</th><th class=\"num\">%s</th>"
		     "<th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>\n",
		_("Item"), _("Check item"), _("Answer"), _("Hosts"), _("Hosts behind the answer"));
	for (size_t i = 0; i < g->n_items; i++) {
		struct summary_verdict v;
		summary_verdict(s, gi, i, &v);
		fputs("<tr><td class=\"num\">", out);
		report_html_escape(out, g->items[i].label);
		fputs("</td><td>", out);
		report_html_escape(out, g->items[i].title);
		fputs("</td><td class=\"num\">", out);
		report_html_answer_badge(out, v.answer);
		fprintf(out, "</td><td class=\"num\">○%u ×%u △%u －%u</td><td>", v.counts[ANSWER_YES],
			v.counts[ANSWER_NO], v.counts[ANSWER_UNCHECKED], v.counts[ANSWER_NOT_APPLICABLE]);
		hosts_with(out, s, g, i, true);
		hosts_with(out, s, g, i, false);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n<h3>", out);
	report_html_escape(out, _("Hosts"));
	fprintf(out, "</h3>\n<table><thead><tr><th>%s</th><th>%s</th><th class=\"num\">%s</th><th>%s</th>"
		     "</tr></thead><tbody>\n",
		_("Host"), _("Device class"), _("Report date"), _("OS"));
	for (size_t h = 0; h < g->n_hosts; h++) {
		const struct summary_host *host = &s->hosts[g->hosts[h]];
		fputs("<tr><td>", out);
		report_html_escape(out, host->hostname);
		fputs("</td><td>", out);
		report_html_escape(out, host->device_class);
		fprintf(out, "</td><td class=\"date\">%s</td><td>", host->as_of);
		report_html_escape(out, host->os);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n</section>\n", out);
}

static void put_changes(FILE *out, const struct summary *s)
{
	fputs("<section class=\"keep\">\n<h2>", out);
	report_html_escape(out, _("Changes since the previous summary"));
	fprintf(out, " (%s)</h2>\n<ul>\n", s->previous_generated);
	for (size_t i = 0; i < s->n_changes; i++) {
		const struct summary_change *c = &s->changes[i];
		fputs("<li>", out);
		if (c->host) {
			report_html_escape(out, c->host);
			fputs(": ", out);
		}
		if (c->kind == SUMMARY_HOST_MISSING) {
			char line[128];
			snprintf(line, sizeof line, _("no report since %s"), c->before_as_of);
			report_html_escape(out, line);
		} else if (c->kind == SUMMARY_HOST_NEW) {
			report_html_escape(out, _("first report"));
		} else {
			report_html_escape(out, c->label);
			fputs(": ", out);
			report_html_escape(out, item_answer_label(c->before));
			fputs(" → ", out);
			report_html_escape(out, item_answer_label(c->after));
		}
		fputs("</li>\n", out);
	}
	if (!s->n_changes) {
		fputs("<li>", out);
		report_html_escape(out, _("nothing changed"));
		fputs("</li>\n", out);
	}
	fputs("</ul>\n</section>\n", out);
}

int summary_write_html(FILE *out, const struct summary *s, const char *generated)
{
	report_html_begin(out, s->lang);
	report_html_escape(out, _("Security checklist: the institution's summary"));
	fprintf(out, " — %s", generated);
	report_html_end_head(out);
	fputs("<header class=\"doc\"><h1>", out);
	report_html_escape(out, _("Security checklist: the institution's summary"));
	fputs("</h1><p class=\"sub\">", out);
	char line[256];
	snprintf(line, sizeof line, _("%zu hosts, %zu reports read, summarised on %s."), s->n_hosts,
		 s->n_reports, generated);
	report_html_escape(out, line);
	const struct summary_host *oldest = summary_oldest(s);
	if (oldest) {
		fputs(" ", out);
		report_html_escape(out, _("Oldest report used: "));
		report_html_escape(out, oldest->hostname);
		fprintf(out, " %s", oldest->as_of);
	}
	fputs("</p><p class=\"sub\">", out);
	report_html_escape(out, _("Form:"));
	fputs(" ", out);
	report_html_escape(out, report_form_label(s->form));
	if (s->n_other_form) {
		char other[256];
		snprintf(other, sizeof other, _("Reports of the %s, not counted here (%zu): "),
			 report_form_label(s->form ^ (CHECKLIST_FORM_INSTITUTION | CHECKLIST_FORM_VENDOR)),
			 s->n_other_form);
		fputs("<br>", out);
		report_html_escape(out, other);
		for (size_t i = 0; i < s->n_other_form; i++) {
			report_html_escape(out, i ? _(", ") : "");
			report_html_escape(out, s->other_form_files[i]);
		}
	}
	fputs("</p></header>\n", out);
	for (size_t g = 0; g < s->n_groups; g++)
		if (s->groups[g].n_hosts)
			put_group(out, s, g);
	if (s->has_previous)
		put_changes(out, s);
	fputs("<footer>", out);
	report_html_escape(out, _("Generated by kensa summary from the hosts' own reports; hosts without a report are not counted."));
	fputs("</footer>\n</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
