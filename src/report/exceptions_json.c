/* Accepted exceptions in the JSON report (see exceptions_json.h). */
#include "exceptions_json.h"
#include "json_text.h"
#include "../core/timefmt.h"
#include "../core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *str_or_null(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	return j ? j : report_json_text(s); /* valid UTF-8, exact otherwise */
}

json_t *finding_exception_to_json(const struct finding_exception *x)
{
	if (!x)
		return json_null();
	return json_pack("{s:o, s:o, s:o}", "reason", str_or_null(x->reason), "by",
			 str_or_null(x->by), "expires", str_or_null(x->expires));
}

json_t *exception_notes_to_json(const struct audit_report *rep)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < rep->n_exceptions; i++) {
		const struct exception_note *n = &rep->exceptions[i];
		json_array_append_new(arr,
			json_pack("{s:o, s:o, s:o, s:o, s:o, s:s, s:I}", "check",
				  str_or_null(n->check_id), "subject", str_or_null(n->subject),
				  "reason", str_or_null(n->reason), "by", str_or_null(n->by),
				  "expires", str_or_null(n->expires), "state",
				  exception_state_name(n->state), "matched", (json_int_t)n->matched));
	}
	return arr;
}

/* A string member, or NULL when absent/null; -1 when of another type. */
static int get_str(json_t *obj, const char *key, bool required, char **out, const char *what,
		   char *err, size_t errlen)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (!required)
			return 0;
		snprintf(err, errlen, "%s: '%s' is missing", what, key);
		return -1;
	}
	if (!json_is_string(v)) {
		snprintf(err, errlen, "%s: '%s' is not a string", what, key);
		return -1;
	}
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int check_date(const char *s, const char *what, char *err, size_t errlen)
{
	int64_t d;
	if (s && *s && parse_day(s, &d) != 0) {
		snprintf(err, errlen, "%s: '%s' is not a date YYYY-MM-DD", what, s);
		return -1;
	}
	return 0;
}

int finding_exception_from_json(json_t *j, struct finding_exception **out, char *err,
				size_t errlen)
{
	*out = NULL;
	if (!j || json_is_null(j))
		return 0;
	if (!json_is_object(j)) {
		snprintf(err, errlen, "finding exception: not an object");
		return -1;
	}
	struct finding_exception *x = xcalloc(1, sizeof *x);
	if (get_str(j, "reason", true, &x->reason, "finding exception", err, errlen) ||
	    get_str(j, "by", true, &x->by, "finding exception", err, errlen) ||
	    get_str(j, "expires", false, &x->expires, "finding exception", err, errlen) ||
	    check_date(x->expires, "finding exception", err, errlen)) {
		finding_exception_free(x);
		return -1;
	}
	*out = x;
	return 0;
}

int finding_exceptions_from_json(json_t *finding, struct finding *f, char *err, size_t errlen)
{
	struct finding_exception *a = NULL, *e = NULL;
	if (finding_exception_from_json(json_object_get(finding, "accepted"), &a, err, errlen) ||
	    finding_exception_from_json(json_object_get(finding, "expired_exception"), &e, err,
					errlen)) {
		finding_exception_free(a);
		return -1;
	}
	if (a)
		finding_set_exception(f, true, a->reason, a->by, a->expires);
	if (e)
		finding_set_exception(f, false, e->reason, e->by, e->expires);
	finding_exception_free(a);
	finding_exception_free(e);
	return 0;
}

int exception_notes_from_json(json_t *root, struct audit_report *rep, char *err, size_t errlen)
{
	json_t *as_of = json_object_get(root, "exceptions_as_of");
	rep->exceptions_as_of[0] = '\0';
	if (as_of && json_is_string(as_of)) {
		const char *s = json_string_value(as_of);
		if (*s && check_date(s, "exceptions_as_of", err, errlen))
			return -1;
		snprintf(rep->exceptions_as_of, sizeof rep->exceptions_as_of, "%s", s);
	}
	json_t *arr = json_object_get(root, "exceptions");
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr)) {
		snprintf(err, errlen, "'exceptions' is not an array");
		return -1;
	}
	size_t n = json_array_size(arr);
	rep->exceptions = xcalloc(n ? n : 1, sizeof *rep->exceptions);
	rep->n_exceptions = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		char what[48];
		snprintf(what, sizeof what, "exceptions[%zu]", i);
		if (!json_is_object(o)) {
			snprintf(err, errlen, "%s: not an object", what);
			return -1;
		}
		struct exception_note *x = &rep->exceptions[rep->n_exceptions++];
		char *state = NULL;
		json_t *matched = json_object_get(o, "matched");
		if (get_str(o, "check", true, &x->check_id, what, err, errlen) ||
		    get_str(o, "subject", false, &x->subject, what, err, errlen) ||
		    get_str(o, "reason", true, &x->reason, what, err, errlen) ||
		    get_str(o, "by", true, &x->by, what, err, errlen) ||
		    get_str(o, "expires", false, &x->expires, what, err, errlen) ||
		    check_date(x->expires, what, err, errlen) ||
		    get_str(o, "state", true, &state, what, err, errlen))
			return -1;
		int st = exception_state_from_name(state);
		free(state);
		if (st < 0) {
			snprintf(err, errlen, "%s: unknown state", what);
			return -1;
		}
		x->state = (enum exception_state)st;
		if (!json_is_integer(matched) || json_integer_value(matched) < 0) {
			snprintf(err, errlen, "%s: 'matched' is not a count", what);
			return -1;
		}
		x->matched = (size_t)json_integer_value(matched);
	}
	return 0;
}
