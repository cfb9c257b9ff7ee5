/* A report read back from JSON carries each row's id, label, title and answer, but not the
 * section titles or the hints for manual rows (they belong to the checklist edition, not to the
 * audit). Fill them in from the edition the report names, in the report's language, so
 * `kensa report` renders a saved report like a fresh one. */
#include "report.h"
#include "../core/check.h"
#include "../core/checklist.h"
#include "../core/i18n.h"
#include "../core/msg.h"
#include "../core/xalloc.h"
#include <stdlib.h>
#include <string.h>

static bool edition_id(const char *s)
{
	if (!s || !*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

void report_complete_from_checklist(struct audit_report *rep)
{
	struct checklist *c;
	char err[512];
	/* only a shipped edition by its id: a saved report never names a file to read */
	if (!edition_id(rep->edition) || checklist_load(rep->edition, &c, err, sizeof err) != 0)
		return;
	bool ja = !rep->lang || strcmp(rep->lang, "en") != 0;
	for (size_t i = 0; i < rep->n_items; i++) {
		struct item_verdict *v = &rep->items[i];
		const struct checklist_item *it = NULL;
		for (size_t k = 0; k < c->n_items && !it; k++)
			if (v->id && strcmp(c->items[k].id, v->id) == 0)
				it = &c->items[k];
		if (!it)
			continue;
		if (!v->forms) /* saved before forms existed */
			v->forms = checklist_item_forms(c, it);
		const struct checklist_section *sec = checklist_section(c, it->section);
		if ((!v->section_title || !*v->section_title) && sec) {
			free(v->section_title);
			v->section_title = xstrdup(ja ? sec->title_ja : sec->title_en);
		}
		const char *hint = ja ? it->manual_hint_ja : it->manual_hint_en;
		if (!v->hint && hint && (it->n_checks == 0 || it->person_answers))
			v->hint = xstrdup(hint);
	}
	checklist_free(c);
}

static void replace(char **text, char *s)
{
	if (!s)
		return;
	free(*text);
	*text = s;
}

void report_render_language(struct audit_report *rep, const char *lang)
{
	bool ja = !lang || strcmp(lang, "en") != 0;
	for (size_t i = 0; i < rep->n_results; i++) {
		struct check_result *r = &rep->results[i];
		result_render_messages(r);
		/* a report from before schema 1.2: the title of a check this kensa knows */
		const struct check *ck = r->title_msg || !r->id ? NULL : check_find(r->id);
		if (ck && ck->title)
			replace(&r->title, xstrdup(_(ck->title)));
	}
	for (size_t i = 0; i < rep->n_items; i++)
		if (rep->items[i].reason_msg)
			replace(&rep->items[i].reason, msg_render(rep->items[i].reason_msg));
	struct checklist *c;
	char err[512];
	if (!edition_id(rep->edition) || checklist_load(rep->edition, &c, err, sizeof err) != 0)
		return;
	if (ja ? c->name_ja : c->name_en)
		replace(&rep->edition_name, xstrdup(ja ? c->name_ja : c->name_en));
	for (size_t i = 0; i < rep->n_items; i++) {
		struct item_verdict *v = &rep->items[i];
		const struct checklist_item *it = NULL;
		for (size_t k = 0; k < c->n_items && !it; k++)
			if (v->id && strcmp(c->items[k].id, v->id) == 0)
				it = &c->items[k];
		if (!it)
			continue;
		const char *title = ja ? it->title_ja : it->title_en;
		if (title)
			replace(&v->title, xstrdup(title));
		const struct checklist_section *sec = checklist_section(c, it->section);
		if (sec && (ja ? sec->title_ja : sec->title_en))
			replace(&v->section_title, xstrdup(ja ? sec->title_ja : sec->title_en));
		const char *hint = ja ? it->manual_hint_ja : it->manual_hint_en;
		if (hint && (it->n_checks == 0 || it->person_answers))
			replace(&v->hint, xstrdup(hint));
	}
	checklist_free(c);
}
