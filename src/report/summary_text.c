/* kensa summary as text: per edition, the hosts and every item's answer for the estate, with the
 * hosts behind each No and Not checked; then what changed since the previous summary. */
#include "summary.h"
#include "rows.h"
#include "sanitize.h"
#include "../core/forms.h"
#include "../core/i18n.h"
#include <string.h>

static void host_list(FILE *out, const struct summary *s, const struct summary_group *g, size_t item,
		      bool no)
{
	size_t shown = 0, more = 0;
	for (size_t h = 0; h < g->n_hosts; h++) {
		const struct summary_host *host = &s->hosts[g->hosts[h]];
		const struct summary_answer *a = summary_host_answer(host, item);
		if (!a || (no ? a->answer != ANSWER_NO
			      : a->answer == ANSWER_NO || a->answer == ANSWER_YES ||
					a->answer == ANSWER_NOT_APPLICABLE))
			continue;
		if (shown == SUMMARY_LIST_MAX) {
			more++;
			continue;
		}
		fputs(shown++ ? _(", ") : "", out);
		sanitize_put(out, host->hostname, 0);
		if (a->checks) {
			fputs(" (", out);
			sanitize_put(out, a->checks, 0);
			fputs(")", out);
		}
	}
	if (more)
		fprintf(out, _(" and %zu more"), more);
}

static void put_group(FILE *out, const struct summary *s, size_t gi)
{
	const struct summary_group *g = &s->groups[gi];
	fprintf(out, _("\nEdition %s (%s): %zu hosts\n"), g->edition, g->edition_name, g->n_hosts);
	fputs(_("  Hosts (device class, date of the report used, OS):\n"), out);
	for (size_t h = 0; h < g->n_hosts; h++) {
		const struct summary_host *host = &s->hosts[g->hosts[h]];
		fputs("    ", out);
		sanitize_put(out, host->hostname, 0);
		fprintf(out, "  %s  %s  ", host->device_class, host->as_of);
		sanitize_put(out, host->os, 0);
		fputc('\n', out);
	}
	fputs(_("  Items:\n"), out);
	for (size_t i = 0; i < g->n_items; i++) {
		struct summary_verdict v;
		summary_verdict(s, gi, i, &v);
		fputs("    ", out);
		put_padded(out, g->items[i].label, 6);
		sanitize_put(out, g->items[i].title, 0);
		fprintf(out, _("\n          %s  (Yes %u, No %u, Not checked %u, Not applicable %u)\n"),
			item_answer_label(v.answer), v.counts[ANSWER_YES], v.counts[ANSWER_NO],
			v.counts[ANSWER_UNCHECKED], v.counts[ANSWER_NOT_APPLICABLE]);
		if (v.counts[ANSWER_NO]) {
			fputs(_("          No: "), out);
			host_list(out, s, g, i, true);
			fputc('\n', out);
		}
		if (v.counts[ANSWER_UNCHECKED]) {
			fputs(_("          Not checked: "), out);
			host_list(out, s, g, i, false);
			fputc('\n', out);
		}
	}
}

/* Change lines: the host and item come from reports, so they go through sanitize_put. */
static void put_change(FILE *out, const struct summary_change *c)
{
	bool worse = c->kind != SUMMARY_HOST_NEW && c->kind != SUMMARY_ITEM_BETTER;
	fputs(worse ? _("  worse   ") : c->kind == SUMMARY_HOST_NEW ? _("  new     ") : _("  better  "), out);
	if (c->host) {
		sanitize_put(out, c->host, 0);
		fputs(": ", out);
	}
	switch (c->kind) {
	case SUMMARY_HOST_MISSING:
		fprintf(out, _("no report since %s\n"), c->before_as_of);
		break;
	case SUMMARY_HOST_NEW:
		fputs(_("first report\n"), out);
		break;
	default:
		if (!c->host)
			fprintf(out, "%s ", c->edition);
		sanitize_put(out, c->label, 0);
		fprintf(out, ": %s -> %s\n", item_answer_label(c->before), item_answer_label(c->after));
		break;
	}
}

int summary_write_text(FILE *out, const struct summary *s)
{
	size_t editions = 0;
	for (size_t g = 0; g < s->n_groups; g++)
		editions += s->groups[g].n_hosts != 0;
	fprintf(out, _("kensa summary: %zu hosts, %zu reports read\n"), s->n_hosts, s->n_reports);
	fprintf(out, "%s %s\n", _("Form:"), report_form_label(s->form));
	if (s->n_other_form) { /* not mixed in: named, so none is lost without a word */
		fprintf(out, _("Reports of the %s, not counted here (%zu): "),
			report_form_label(s->form ^ (CHECKLIST_FORM_INSTITUTION | CHECKLIST_FORM_VENDOR)),
			s->n_other_form);
		for (size_t i = 0; i < s->n_other_form; i++) {
			fputs(i ? _(", ") : "", out);
			sanitize_put(out, s->other_form_files[i], 0);
		}
		fputc('\n', out);
	}
	if (editions > 1)
		fprintf(out, _("The reports were judged against %zu checklist editions: each is answered "
			       "on its own, item numbers are never mixed.\n"), editions);
	const struct summary_host *oldest = summary_oldest(s);
	if (oldest) {
		fputs(_("Oldest report used: "), out);
		sanitize_put(out, oldest->hostname, 0);
		fprintf(out, " %s\n", oldest->as_of);
	}
	for (size_t g = 0; g < s->n_groups; g++)
		if (s->groups[g].n_hosts)
			put_group(out, s, g);
	if (s->has_previous) {
		fprintf(out, _("\nSince the summary of %s: %zu worse\n"), s->previous_generated, s->worse);
		for (size_t i = 0; i < s->n_changes; i++)
			put_change(out, &s->changes[i]);
		if (!s->n_changes)
			fputs(_("  nothing changed\n"), out);
	}
	return ferror(out) ? -1 : 0;
}
