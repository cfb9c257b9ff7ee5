/* kensa summary as JSON (kind "kensa-summary", schema_version 1; docs/summary.schema.json): the
 * estate's answer per item with its counts and the hosts behind each No and Not checked, every
 * host's own answers (what a later --previous compares), and the changes since --previous. */
#include "summary.h"
#include "../core/forms.h"
#include "../core/xalloc.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"

static json_t *str(const char *s)
{
	return json_string(s ? s : "");
}

/* "a, b" -> ["a", "b"] */
static json_t *id_list(const char *csv)
{
	json_t *arr = json_array();
	if (!csv)
		return arr;
	char *copy = xstrdup(csv), *save = NULL;
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
		json_array_append_new(arr, json_string(t));
	free(copy);
	return arr;
}

static json_t *counts(const struct summary_verdict *v)
{
	json_t *o = json_object();
	for (int a = ANSWER_YES; a <= ANSWER_NOT_APPLICABLE; a++)
		json_object_set_new(o, item_answer_name((enum item_answer)a), json_integer(v->counts[a]));
	return o;
}

/* Write v compactly and drop it: the output is streamed one element at a time, so memory stays
 * the summary's own (hosts x items), never a tree of the whole document. */
static void put(FILE *out, json_t *v)
{
	json_dumpf(v, out, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(v);
}

static json_t *item_json(const struct summary *s, size_t gi, size_t i)
{
	const struct summary_group *g = &s->groups[gi];
	struct summary_verdict v;
	summary_verdict(s, gi, i, &v);
	json_t *no = json_array(), *unchecked = json_array();
	for (size_t h = 0; h < g->n_hosts; h++) {
		const struct summary_host *host = &s->hosts[g->hosts[h]];
		const struct summary_answer *a = summary_host_answer(host, i);
		if (!a || a->answer == ANSWER_YES || a->answer == ANSWER_NOT_APPLICABLE)
			continue;
		json_array_append_new(a->answer == ANSWER_NO ? no : unchecked,
				      json_pack("{s:o, s:o}", "hostname", str(host->hostname), "checks",
						id_list(a->checks)));
	}
	return json_pack("{s:o, s:o, s:o, s:s, s:o, s:o, s:o}", "id", str(g->items[i].id), "label",
			 str(g->items[i].label), "title", str(g->items[i].title), "answer",
			 item_answer_name(v.answer), "counts", counts(&v), "hosts_no", no,
			 "hosts_unchecked", unchecked);
}

static json_t *host_json(const struct summary_group *g, const struct summary_host *host)
{
	json_t *answers = json_object(), *checks = json_object();
	for (size_t a = 0; a < host->n_answers; a++) {
		const struct summary_answer *ans = &host->answers[a];
		const char *id = g->items[ans->item].id;
		json_object_set_new(answers, id, json_string(item_answer_name(ans->answer)));
		if (ans->checks)
			json_object_set_new(checks, id, id_list(ans->checks));
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o}", "hostname", str(host->hostname),
			 "device_class", str(host->device_class), "os", str(host->os), "profile",
			 str(host->profile), "as_of", host->as_of, "file", str(host->file), "answers",
			 answers, "checks", checks);
}

static void put_group(FILE *out, const struct summary *s, size_t gi)
{
	const struct summary_group *g = &s->groups[gi];
	json_t *classes = json_object();
	for (size_t h = 0; h < g->n_hosts; h++) {
		const char *c = s->hosts[g->hosts[h]].device_class;
		json_t *n = json_object_get(classes, c);
		json_object_set_new(classes, c, json_integer(n ? json_integer_value(n) + 1 : 1));
	}
	fputs("{\"edition\": ", out);
	put(out, str(g->edition));
	fputs(", \"edition_name\": ", out);
	put(out, str(g->edition_name));
	fputs(", \"device_classes\": ", out);
	put(out, classes);
	fputs(",\n  \"items\": [", out);
	for (size_t i = 0; i < g->n_items; i++) {
		fputs(i ? ",\n   " : "\n   ", out);
		put(out, item_json(s, gi, i));
	}
	fputs("],\n  \"hosts\": [", out);
	for (size_t h = 0; h < g->n_hosts; h++) {
		fputs(h ? ",\n   " : "\n   ", out);
		put(out, host_json(g, &s->hosts[g->hosts[h]]));
	}
	fputs("]}", out);
}

static const char *change_kind_name(enum summary_change_kind k)
{
	static const char *const names[] = { "host_missing", "host_new", "item_worse", "item_better",
					     "host_item_worse" };
	return names[k];
}

static json_t *change_json(const struct summary_change *c)
{
	json_t *o = json_pack("{s:s, s:o}", "kind", change_kind_name(c->kind), "edition", str(c->edition));
	if (c->host)
		json_object_set_new(o, "hostname", str(c->host));
	if (c->item) {
		json_object_set_new(o, "item", str(c->item));
		json_object_set_new(o, "label", str(c->label));
		json_object_set_new(o, "before", json_string(item_answer_name(c->before)));
		json_object_set_new(o, "after", json_string(item_answer_name(c->after)));
	}
	if (c->kind == SUMMARY_HOST_MISSING)
		json_object_set_new(o, "last_report", json_string(c->before_as_of));
	return o;
}

int summary_write_json(FILE *out, const struct summary *s, const char *generated)
{
	const struct summary_host *oldest = summary_oldest(s);
	json_t *head = json_pack("{s:s, s:i, s:{s:s}, s:s, s:o, s:I, s:I, s:o}", "kind", "kensa-summary",
				 "schema_version", 1, "tool", "version", KENSA_VERSION, "generated",
				 generated, "lang", str(s->lang), "hosts_count", (json_int_t)s->n_hosts,
				 "reports_read", (json_int_t)s->n_reports, "oldest",
				 oldest ? json_pack("{s:o, s:s}", "hostname", str(oldest->hostname), "as_of",
						    oldest->as_of)
					: json_null());
	json_t *others = json_array();
	for (size_t i = 0; i < s->n_other_form; i++)
		json_array_append_new(others, str(s->other_form_files[i]));
	json_object_set_new(head, "form", json_string(checklist_form_name(s->form)));
	json_object_set_new(head, "other_form_reports", others);
	/* the head object without its closing brace, then the streamed members */
	char *text = json_dumps(head, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(head);
	text[strlen(text) - 1] = '\0';
	fputs(text, out);
	free(text);
	fputs(",\n\"groups\": [", out);
	bool first = true;
	for (size_t g = 0; g < s->n_groups; g++) {
		if (!s->groups[g].n_hosts)
			continue;
		fputs(first ? "\n " : ",\n ", out);
		first = false;
		put_group(out, s, g);
	}
	fputs("],\n\"previous\": ", out);
	put(out, s->has_previous ? json_pack("{s:s, s:I}", "generated", s->previous_generated, "worse",
					     (json_int_t)s->worse)
				 : json_null());
	fputs(",\n\"changes\": [", out);
	for (size_t i = 0; i < s->n_changes; i++) {
		fputs(i ? ",\n " : "\n ", out);
		put(out, change_json(&s->changes[i]));
	}
	fputs("]}\n", out);
	return ferror(out) ? -1 : 0;
}
