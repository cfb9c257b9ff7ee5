/* Site file parsing (see site.h): INI sections [site], [vendor], [answer ITEM], [exception CHECK [SUBJECT]],
 * every key known, every date valid, every required key present. */
#include "site.h"
#include <stdbool.h>
#include "check.h"
#include "ini.h"
#include "result.h"
#include "../report/report.h"
#include "timefmt.h"
#include "xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SITE_BYTES (1 << 20)

struct parse_state {
	struct site *s;
	const char *file;
	unsigned section_line;
	bool new_section;
};

static int bad(char *err, size_t errlen, const struct parse_state *st, unsigned line,
	       const char *fmt, const char *arg)
{
	int n = snprintf(err, errlen, "%s:%u: ", st->file, line);
	if (n >= 0 && (size_t)n < errlen)
		snprintf(err + n, errlen - (size_t)n, fmt, arg);
	return -1;
}

static int set_string(char **field, const char *value, const struct parse_state *st,
		      unsigned line, const char *key, char *err, size_t errlen)
{
	if (*field)
		return bad(err, errlen, st, line, "'%s' given twice", key);
	if (!*value)
		return bad(err, errlen, st, line, "'%s' is empty", key);
	*field = xstrdup(value);
	return 0;
}

static int set_date(char **field, const char *value, const struct parse_state *st, unsigned line,
		    const char *key, char *err, size_t errlen)
{
	int64_t day;
	if (parse_day(value, &day) != 0)
		return bad(err, errlen, st, line, "'%s' is not a date YYYY-MM-DD", value);
	return set_string(field, value, st, line, key, err, errlen);
}

static bool valid_item_id(const char *s)
{
	unsigned a, b;
	char tail;
	return sscanf(s, "%u-%u%c", &a, &b, &tail) == 2;
}

static int on_value(void *ud, const char *section, const char *key, enum ini_op op,
		    const char *value, unsigned lineno, char *err, size_t errlen)
{
	struct parse_state *st = ud;
	struct site *s = st->s;
	if (!key) {
		st->section_line = lineno;
		st->new_section = true;
		return 0;
	}
	if (op != INI_SET)
		return bad(err, errlen, st, lineno, "only '=' is allowed here%s", "");
	if (!*section)
		return bad(err, errlen, st, lineno, "'%s' before any [section]", key);
	bool new_section = st->new_section;
	st->new_section = false;
	if (strcmp(section, "site") == 0) {
		if (!strcmp(key, "name"))
			return set_string(&s->name, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "vendor"))
			return set_string(&s->vendor, value, st, lineno, key, err, errlen);
		return bad(err, errlen, st, lineno, "unknown key '%s' in [site]", key);
	}
	if (strcmp(section, "vendor") == 0) { /* who answers the vendor's form, for which system */
		if (!strcmp(key, "company"))
			return set_string(&s->vendor_company, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "person"))
			return set_string(&s->vendor_person, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "system"))
			return set_string(&s->vendor_system, value, st, lineno, key, err, errlen);
		return bad(err, errlen, st, lineno, "unknown key '%s' in [vendor]", key);
	}
	if (strncmp(section, "answer ", 7) == 0) {
		const char *item = section + 7;
		if (!valid_item_id(item))
			return bad(err, errlen, st, lineno, "'%s' is not an item id like 1-1", item);
		struct site_answer *a = NULL;
		if (new_section) {
			for (size_t i = 0; i < s->n_answers; i++)
				if (!strcmp(s->answers[i].item, item))
					return bad(err, errlen, st, lineno, "item %s answered twice", item);
			s->answers = xreallocarray(s->answers, s->n_answers + 1, sizeof *s->answers);
			a = &s->answers[s->n_answers++];
			memset(a, 0, sizeof *a);
			a->item = xstrdup(item);
			a->line = st->section_line;
			a->yes = -1;
		}
		a = &s->answers[s->n_answers - 1];
		if (!strcmp(key, "answer")) {
			if (!strcmp(value, "yes") || !strcmp(value, "はい"))
				a->yes = 1;
			else if (!strcmp(value, "no") || !strcmp(value, "いいえ"))
				a->yes = 0;
			else
				return bad(err, errlen, st, lineno, "answer must be yes or no, not '%s'", value);
			return 0;
		}
		if (!strcmp(key, "by"))
			return set_string(&a->by, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "date"))
			return set_date(&a->date, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "note"))
			return set_string(&a->note, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "target_date"))
			return set_date(&a->target_date, value, st, lineno, key, err, errlen);
		return bad(err, errlen, st, lineno, "unknown key '%s' in an [answer]", key);
	}
	if (strncmp(section, "exception ", 10) == 0) {
		if (new_section) {
			char *copy = xstrdup(section + 10);
			char *sp = strchr(copy, ' ');
			if (sp)
				*sp++ = '\0';
			if (!check_find(copy)) {
				bad(err, errlen, st, lineno, "no check has the id '%s'", copy);
				free(copy);
				return -1;
			}
			s->exceptions = xreallocarray(s->exceptions, s->n_exceptions + 1,
						      sizeof *s->exceptions);
			struct site_exception *e = &s->exceptions[s->n_exceptions++];
			memset(e, 0, sizeof *e);
			e->check_id = xstrdup(copy);
			e->subject = sp && *sp ? xstrdup(sp) : NULL;
			e->line = st->section_line;
			free(copy);
		}
		struct site_exception *e = &s->exceptions[s->n_exceptions - 1];
		if (!strcmp(key, "reason"))
			return set_string(&e->reason, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "by"))
			return set_string(&e->by, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "expires")) {
			if (set_date(&e->expires, value, st, lineno, key, err, errlen) != 0)
				return -1;
			parse_day(value, &e->expires_day);
			return 0;
		}
		return bad(err, errlen, st, lineno, "unknown key '%s' in an [exception]", key);
	}
	return bad(err, errlen, st, lineno, "unknown section [%s]", section);
}

static int validate(struct site *s, const char *file, char *err, size_t errlen)
{
	for (size_t i = 0; i < s->n_answers; i++) {
		struct site_answer *a = &s->answers[i];
		const char *missing = a->yes == -1 ? "answer" : !a->by ? "by" : !a->date ? "date" : NULL;
		if (missing) {
			snprintf(err, errlen, "%s:%u: [answer %s] needs '%s'", file, a->line, a->item,
				 missing);
			return -1;
		}
		if (a->target_date && a->yes) {
			snprintf(err, errlen, "%s:%u: [answer %s] has a target_date but the answer is yes",
				 file, a->line, a->item);
			return -1;
		}
	}
	for (size_t i = 0; i < s->n_exceptions; i++) {
		struct site_exception *e = &s->exceptions[i];
		const char *missing = !e->reason ? "reason" : !e->by ? "by" : NULL;
		if (missing) {
			snprintf(err, errlen, "%s:%u: [exception %s] needs '%s'", file, e->line,
				 e->check_id, missing);
			return -1;
		}
	}
	return 0;
}

int site_load(const char *path, struct site **out, char *err, size_t errlen)
{
	struct site *s = xcalloc(1, sizeof *s);
	s->file = xstrdup(path);
	struct parse_state st = { .s = s, .file = path };
	int rc = ini_parse_file(path, MAX_SITE_BYTES, on_value, &st, err, errlen);
	if (rc == 0)
		rc = validate(s, path, err, errlen);
	if (rc != 0) {
		site_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void site_free(struct site *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_answers; i++) {
		free(s->answers[i].item);
		free(s->answers[i].by);
		free(s->answers[i].date);
		free(s->answers[i].note);
		free(s->answers[i].target_date);
	}
	free(s->answers);
	for (size_t i = 0; i < s->n_exceptions; i++) {
		free(s->exceptions[i].check_id);
		free(s->exceptions[i].subject);
		free(s->exceptions[i].reason);
		free(s->exceptions[i].by);
		free(s->exceptions[i].expires);
	}
	free(s->exceptions);
	free(s->name);
	free(s->vendor);
	free(s->vendor_company);
	free(s->vendor_person);
	free(s->vendor_system);
	free(s->file);
	free(s);
}

const struct site_answer *site_answer_for(const struct site *s, const char *item)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < s->n_answers; i++)
		if (strcmp(s->answers[i].item, item) == 0)
			return &s->answers[i];
	return NULL;
}

/* --- exceptions: Japan-time dates and applying them ------------------------------------ */

int64_t site_jst_day(int64_t t)
{
	return day_in_zone(t, 9 * 3600);
}

static bool two_digits(const char *p, unsigned max, unsigned *out)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return false;
	*out = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
	return *out <= max;
}

int site_parse_as_of(const char *s, int zone, int64_t *now, int64_t *today, int64_t *day)
{
	int64_t d;
	size_t len = strlen(s);
	if (len == 10) {
		if (parse_day(s, &d) != 0)
			return -1;
		*today = d;
		*day = d;
		*now = d * 86400 + 86399;
		return 0;
	}
	/* YYYY-MM-DDTHH:MM:SS followed by Z or an offset ±HH:MM */
	if (len < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
		return -1;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	unsigned hh, mm, ss;
	if (parse_day(date, &d) != 0 || !two_digits(s + 11, 23, &hh) ||
	    !two_digits(s + 14, 59, &mm) || !two_digits(s + 17, 59, &ss))
		return -1;
	int offset;
	if (!strcmp(s + 19, "UTC") || parse_utc_offset(s + 19, &offset) != 0)
		return -1;
	int64_t t = d * 86400 + hh * 3600 + mm * 60 + ss - offset;
	*now = t;
	*today = day_in_zone(t, 0);
	*day = day_in_zone(t, zone);
	return 0;
}

static bool exception_covers(const struct site_exception *e, const struct finding *f)
{
	if (f->severity == FINDING_INFO)
		return false;
	return !e->subject || strcmp(e->subject, f->subject) == 0;
}

void site_apply_exceptions(const struct site *s, struct audit_report *rep, int64_t day,
			   long long max_days)
{
	format_day(day, rep->exceptions_as_of, sizeof rep->exceptions_as_of);
	if (!s || !s->n_exceptions)
		return;
	rep->exceptions = xcalloc(s->n_exceptions, sizeof *rep->exceptions);
	rep->n_exceptions = s->n_exceptions;
	/* Active exceptions first, so a finding both an active and an expired exception name is
	 * accepted; then expired ones mark what they no longer cover. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < s->n_exceptions; i++) {
			const struct site_exception *e = &s->exceptions[i];
			bool active = !e->expires || day <= e->expires_day;
			if (active != (pass == 0))
				continue;
			struct exception_note *n = &rep->exceptions[i];
			n->check_id = xstrdup(e->check_id);
			n->subject = e->subject ? xstrdup(e->subject) : NULL;
			n->reason = xstrdup(e->reason);
			n->by = xstrdup(e->by);
			n->expires = e->expires ? xstrdup(e->expires) : NULL;
			bool ran = false;
			for (size_t r = 0; r < rep->n_results; r++) {
				struct check_result *res = &rep->results[r];
				if (strcmp(res->id, e->check_id) != 0)
					continue;
				ran = true;
				for (size_t k = 0; k < res->n_findings; k++) {
					struct finding *f = &res->findings[k];
					if (!exception_covers(e, f))
						continue;
					/* the first exception that covers a finding speaks for it */
					if (!f->accepted && !f->expired)
						finding_set_exception(f, active, e->reason, e->by,
								      e->expires);
					n->matched++;
				}
			}
			if (!active)
				n->state = EXCEPTION_EXPIRED;
			else if (!ran)
				n->state = EXCEPTION_NOT_RUN;
			else if (!n->matched)
				n->state = EXCEPTION_UNMATCHED;
			else if (!e->expires || e->expires_day - day > max_days)
				n->state = EXCEPTION_TOO_LONG;
			else
				n->state = EXCEPTION_ACTIVE;
		}
	}
	for (size_t r = 0; r < rep->n_results; r++)
		result_finish(&rep->results[r]);
}
