/* Message identities in JSON (msg_json.h). */
#include "msg_json.h"
#include "sanitize.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s as a JSON string; not valid UTF-8 (a value from the audited system): U+FFFD for each bad
 * byte, as report_json_text() writes the text beside it */
static json_t *text(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	char *valid = sanitize_utf8_dup(s);
	j = json_string(valid);
	free(valid);
	return j ? j : json_string("");
}

static size_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

static size_t intern(struct msg_table *t, const char *id)
{
	if ((t->n + 1) * 2 > t->n_slots) {
		free(t->slots);
		t->n_slots = t->n_slots ? t->n_slots * 2 : 256;
		t->slots = xcalloc(t->n_slots, sizeof *t->slots);
		for (size_t i = 0; i < t->n; i++) {
			size_t k = str_hash(t->ids[i]) & (t->n_slots - 1);
			while (t->slots[k])
				k = (k + 1) & (t->n_slots - 1);
			t->slots[k] = i + 1;
		}
	}
	size_t k = str_hash(id) & (t->n_slots - 1);
	for (; t->slots[k]; k = (k + 1) & (t->n_slots - 1))
		if (!strcmp(t->ids[t->slots[k] - 1], id))
			return t->slots[k] - 1;
	XGROW(t->ids, t->n + 1, t->cap, t->n + 1);
	t->ids[t->n] = xstrdup(id);
	t->slots[k] = ++t->n;
	return t->n - 1;
}

json_t *msg_to_json(const struct kmsg *m, struct msg_table *t)
{
	if (!m)
		return json_null();
	if (!m->id)
		return text(m->text ? m->text : "");
	json_t *index = json_integer((json_int_t)intern(t, m->id));
	if (m->phrase)
		return index;
	json_t *a = json_array();
	json_array_append_new(a, index);
	for (size_t i = 0; i < m->n_args; i++)
		json_array_append_new(a, msg_to_json(m->args[i], t));
	return a;
}

json_t *msg_table_to_json(const struct msg_table *t)
{
	json_t *a = json_array();
	for (size_t i = 0; i < t->n; i++)
		json_array_append_new(a, text(t->ids[i]));
	return a;
}

static const char *string_of(const json_t *j)
{
	if (!json_is_string(j))
		return NULL;
	const char *s = json_string_value(j);
	return strlen(s) == json_string_length(j) ? s : NULL;
}

int msg_table_from_json(const json_t *arr, struct msg_table *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	if (!json_is_array(arr)) {
		snprintf(err, errlen, _("is not an array"));
		return -1;
	}
	t->n = json_array_size(arr);
	t->ids = xcalloc(t->n ? t->n : 1, sizeof *t->ids);
	t->cap = t->n;
	for (size_t i = 0; i < t->n; i++) {
		const char *s = string_of(json_array_get(arr, i));
		if (!s) {
			snprintf(err, errlen, _("[%zu] is not a string without NUL characters"), i);
			t->n = i;
			msg_table_free(t);
			return -1;
		}
		t->ids[i] = xstrdup(s);
	}
	return 0;
}

static const char *table_id(const json_t *j, const struct msg_table *t, char *err, size_t errlen)
{
	json_int_t i = json_is_integer(j) ? json_integer_value(j) : -1;
	if (i < 0 || (uint64_t)i >= t->n) {
		snprintf(err, errlen, _("does not name an entry of \"messages\""));
		return NULL;
	}
	return t->ids[i];
}

static struct kmsg *from_json(const json_t *j, const struct msg_table *t, unsigned depth,
			      char *err, size_t errlen)
{
	if (depth >= KMSG_MAX_DEPTH) {
		snprintf(err, errlen, _("nested deeper than %d"), KMSG_MAX_DEPTH);
		return NULL;
	}
	if (json_is_string(j)) {
		const char *s = string_of(j);
		if (!s) {
			snprintf(err, errlen, _("contains a NUL character"));
			return NULL;
		}
		return msg_literal(s);
	}
	if (json_is_integer(j)) {
		const char *id = table_id(j, t, err, errlen);
		return id ? msg_phrase(id) : NULL;
	}
	if (!json_is_array(j) || json_array_size(j) == 0) {
		snprintf(err, errlen, _("is not a string, a number or an array [message, arguments...]"));
		return NULL;
	}
	const char *id = table_id(json_array_get(j, 0), t, err, errlen);
	if (!id)
		return NULL;
	size_t n = json_array_size(j) - 1;
	int arity = msg_format_arity(id);
	if (arity < 0 || (size_t)arity != n) {
		snprintf(err, errlen, _("its arguments do not match the conversions of its message"));
		return NULL;
	}
	struct kmsg *parts[32];
	for (size_t i = 0; i < n; i++) {
		parts[i] = from_json(json_array_get(j, i + 1), t, depth + 1, err, errlen);
		if (!parts[i]) {
			for (size_t k = 0; k < i; k++)
				msg_free(parts[k]);
			return NULL;
		}
	}
	return msg_make(id, n, parts);
}

struct kmsg *msg_from_json(const json_t *j, const struct msg_table *t, char *err, size_t errlen)
{
	return from_json(j, t, 0, err, errlen);
}

void msg_table_free(struct msg_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->ids[i]);
	free(t->ids);
	free(t->slots);
	memset(t, 0, sizeof *t);
}
