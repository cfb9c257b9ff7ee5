/* Item verdicts: an item passes only when every check mapped to it passes; an error never rolls
 * up into a pass; items no check answers are manual. */
#include "checklist.h"
#include "check.h"
#include "i18n.h"
#include "xalloc.h"
#include "../report/report.h"
#include <stdlib.h>
#include <string.h>

static int severity_rank(enum check_status s)
{
	switch (s) {
	case CHECK_FAIL:
		return 5;
	case CHECK_ERROR:
		return 4;
	case CHECK_WARN:
		return 3;
	case CHECK_PASS:
		return 2;
	case CHECK_MANUAL:
		return 1;
	default:
		return 0; /* not_applicable */
	}
}

static const struct check_result *find_result(const struct audit_report *rep, const char *id)
{
	for (size_t i = 0; i < rep->n_results; i++)
		if (strcmp(rep->results[i].check->id, id) == 0)
			return &rep->results[i];
	return NULL;
}

void report_build_items(struct audit_report *rep)
{
	const struct checklist *c = rep->checklist;
	rep->items = xcalloc(c->n_items ? c->n_items : 1, sizeof *rep->items);
	rep->n_items = 0;
	for (size_t i = 0; i < c->n_items; i++) {
		const struct checklist_item *it = &c->items[i];
		if (!checklist_item_applies(it, rep->device_class))
			continue;
		struct item_verdict *v = &rep->items[rep->n_items++];
		v->item = it;
		v->results = xcalloc(it->n_checks ? it->n_checks : 1, sizeof *v->results);
		for (size_t k = 0; k < it->n_checks; k++) {
			const struct check_result *r = find_result(rep, it->checks[k]);
			if (r)
				v->results[v->n_results++] = r;
		}
		if (it->n_checks == 0) {
			v->status = CHECK_MANUAL;
			v->reason = _("answered by a person: no machine check exists for this item");
			continue;
		}
		if (v->n_results == 0) {
			v->status = CHECK_MANUAL;
			v->reason = _("its checks were not run (--only/--skip or another platform)");
			continue;
		}
		enum check_status worst = CHECK_NOT_APPLICABLE;
		for (size_t k = 0; k < v->n_results; k++)
			if (severity_rank(v->results[k]->status) > severity_rank(worst))
				worst = v->results[k]->status;
		v->status = worst;
	}
	rep->unmapped = xcalloc(rep->n_results ? rep->n_results : 1, sizeof *rep->unmapped);
	for (size_t i = 0; i < rep->n_results; i++) {
		const char *ids[1];
		if (report_items_for_check(rep, rep->results[i].check->id, ids, 1) == 0)
			rep->unmapped[rep->n_unmapped++] = &rep->results[i];
	}
}

void report_free_items(struct audit_report *rep)
{
	for (size_t i = 0; i < rep->n_items; i++)
		free(rep->items[i].results);
	free(rep->items);
	free(rep->unmapped);
	rep->items = NULL;
	rep->unmapped = NULL;
}

size_t report_items_for_check(const struct audit_report *rep, const char *check_id,
			      const char **ids, size_t max)
{
	size_t n = 0;
	const struct checklist *c = rep->checklist;
	for (size_t i = 0; i < c->n_items; i++)
		for (size_t k = 0; k < c->items[i].n_checks; k++)
			if (strcmp(c->items[i].checks[k], check_id) == 0) {
				if (n < max)
					ids[n] = c->items[i].id;
				n++;
			}
	return n;
}
