/* kensa summary as CSV for Excel (UTF-8 with a BOM, CRLF, like the checklist CSV): one row per
 * host and item, with the estate's answer for the item beside the host's own. */
#include "summary.h"
#include "rows.h"
#include "../core/i18n.h"

int summary_write_csv(FILE *out, const struct summary *s)
{
	fputs("\xEF\xBB\xBF", out);
	const char *head[] = { N_("Edition"), N_("Host"), N_("Device class"), N_("Report date"),
			       N_("Item"), N_("Check item"), N_("Answer"), N_("Checks"),
			       N_("Institution's answer") };
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		report_csv_field(out, _(head[i]), i + 1 == sizeof head / sizeof head[0]);
	for (size_t gi = 0; gi < s->n_groups; gi++) {
		const struct summary_group *g = &s->groups[gi];
		for (size_t i = 0; i < g->n_items; i++) {
			struct summary_verdict v;
			summary_verdict(s, gi, i, &v);
			for (size_t h = 0; h < g->n_hosts; h++) {
				const struct summary_host *host = &s->hosts[g->hosts[h]];
				const struct summary_answer *a = summary_host_answer(host, i);
				if (!a)
					continue;
				report_csv_field(out, g->edition, false);
				report_csv_field(out, host->hostname, false);
				report_csv_field(out, host->device_class, false);
				report_csv_field(out, host->as_of, false);
				report_csv_field(out, g->items[i].label, false);
				report_csv_field(out, g->items[i].title, false);
				report_csv_field(out, item_answer_label(a->answer), false);
				report_csv_field(out, a->checks ? a->checks : "", false);
				report_csv_field(out, item_answer_label(v.answer), true);
			}
		}
	}
	return ferror(out) ? -1 : 0;
}
