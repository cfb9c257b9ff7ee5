/* Shared pieces of the form-shaped reporters (see rows.h). */
#include "rows.h"
#include "../core/check.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MAX_SUBJECTS 5

static void append(char **buf, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char **buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *piece = xvasprintf(fmt, ap);
	va_end(ap);
	size_t n = strlen(piece);
	*buf = xrealloc(*buf, *len + n + 1);
	memcpy(*buf + *len, piece, n + 1);
	*len += n;
	free(piece);
}

const char *report_status_word(enum check_status s)
{
	switch (s) {
	case CHECK_PASS:
		return _("pass");
	case CHECK_WARN:
		return _("warn");
	case CHECK_FAIL:
		return _("fail");
	case CHECK_ERROR:
		return _("error");
	case CHECK_NOT_APPLICABLE:
		return _("not applicable");
	default:
		return _("manual");
	}
}

const char *report_status_label(enum check_status s)
{
	switch (s) {
	case CHECK_PASS:
		return _("PASS");
	case CHECK_WARN:
		return _("WARN");
	case CHECK_FAIL:
		return _("FAIL");
	case CHECK_ERROR:
		return _("ERROR");
	case CHECK_NOT_APPLICABLE:
		return _("N/A");
	default:
		return _("MANUAL");
	}
}

const char *row_check_title(const struct item_verdict *v, const char *id)
{
	for (size_t j = 0; j < v->n_results; j++)
		if (strcmp(v->results[j]->id, id) == 0 && v->results[j]->title)
			return v->results[j]->title;
	const struct check *c = check_find(id);
	return c ? _(c->title) : id;
}

char *row_evidence_line(const struct item_verdict *v)
{
	return row_evidence_line_titled(v, false);
}

char *row_evidence_line_titled(const struct item_verdict *v, bool titles)
{
	char *buf = xstrdup("");
	size_t len = 0;
	if (v->answered_by) {
		append(&buf, &len, _("answered by %s on %s"), v->answered_by, v->answered_on);
		if (v->note)
			append(&buf, &len, ": %s", v->note);
		return buf;
	}
	if (v->n_check_ids == 0) {
		append(&buf, &len, "%s", v->hint ? v->hint : v->reason);
		return buf;
	}
	for (size_t k = 0; k < v->n_check_ids; k++) {
		const struct check_result *r = NULL;
		for (size_t j = 0; j < v->n_results; j++)
			if (strcmp(v->results[j]->id, v->check_ids[k]) == 0)
				r = v->results[j];
		if (k)
			append(&buf, &len, "; ");
		const char *name = titles ? row_check_title(v, v->check_ids[k]) : v->check_ids[k];
		if (!r) {
			append(&buf, &len, "%s: %s", name, _("not run"));
			continue;
		}
		append(&buf, &len, "%s: %s", name, report_status_word(r->status));
		size_t counted = 0, accepted = 0;
		for (size_t f = 0; f < r->n_findings; f++) {
			counted += r->findings[f].severity != FINDING_INFO && !r->findings[f].accepted;
			accepted += r->findings[f].accepted != NULL;
		}
		if (counted) {
			append(&buf, &len, _(" (%zu findings: "), counted);
			size_t shown = 0;
			for (size_t f = 0; f < r->n_findings && shown < MAX_SUBJECTS; f++) {
				if (r->findings[f].severity == FINDING_INFO || r->findings[f].accepted)
					continue;
				bool dup = false;
				for (size_t g = 0; g < f; g++)
					dup |= r->findings[g].severity != FINDING_INFO &&
					       !r->findings[g].accepted &&
					       strcmp(r->findings[g].subject, r->findings[f].subject) == 0;
				if (dup)
					continue;
				append(&buf, &len, "%s%s", shown ? ", " : "", r->findings[f].subject);
				shown++;
			}
			append(&buf, &len, "%s)", shown < counted ? ", …" : "");
		} else if (r->reason && (r->status == CHECK_ERROR || r->status == CHECK_NOT_APPLICABLE)) {
			append(&buf, &len, " (%s)", r->reason);
		}
		if (accepted) {
			append(&buf, &len, _(" [accepted exception: %zu findings: "), accepted);
			size_t shown = 0;
			for (size_t f = 0; f < r->n_findings && shown < MAX_SUBJECTS; f++) {
				if (!r->findings[f].accepted)
					continue;
				bool dup = false;
				for (size_t g = 0; g < f; g++)
					dup |= r->findings[g].accepted &&
					       strcmp(r->findings[g].subject, r->findings[f].subject) == 0;
				if (dup)
					continue;
				append(&buf, &len, "%s%s", shown ? ", " : "", r->findings[f].subject);
				shown++;
			}
			append(&buf, &len, "%s]", shown < accepted ? ", …" : "");
		}
	}
	/* control bytes from the audited system never reach a form */
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return buf;
}

const char *row_date_checked(const struct audit_report *rep, const struct item_verdict *v)
{
	if (v->answered_on)
		return v->answered_on;
	if (v->n_check_ids == 0)
		return "";
	return rep->as_of;
}

char *finding_ref_labels(const struct finding *f)
{
	if (!f->n_evidence_refs)
		return NULL;
	char *buf = xstrdup("");
	size_t len = 0;
	for (size_t i = 0; i < f->n_evidence_refs;) {
		size_t j = i;
		while (j + 1 < f->n_evidence_refs && f->evidence_refs[j + 1] == f->evidence_refs[j] + 1)
			j++;
		if (j > i)
			append(&buf, &len, "%sE%zu–E%zu", i ? ", " : "", f->evidence_refs[i] + 1,
			       f->evidence_refs[j] + 1);
		else
			append(&buf, &len, "%sE%zu", i ? ", " : "", f->evidence_refs[i] + 1);
		i = j + 1;
	}
	return buf;
}

bool result_has_evidence_refs(const struct check_result *r)
{
	for (size_t i = 0; i < r->n_findings; i++)
		if (r->findings[i].n_evidence_refs)
			return true;
	return false;
}

char *report_root_notice(const struct audit_report *rep)
{
	if (rep->root_user || !rep->n_unreadable_checks)
		return NULL;
	char *list = xstrdup("");
	size_t len = 0;
	for (size_t i = 0; i < rep->n_unreadable_checks; i++)
		append(&list, &len, "%s%s", i ? ", " : "", rep->unreadable_checks[i]);
	char *line = xasprintf(_("run as root: %zu check(s) could not read what they need (%s); their errors below say which files"),
			       rep->n_unreadable_checks, list);
	free(list);
	return line;
}

const char *report_zone_label(const struct audit_report *rep, char *buf, size_t len)
{
	if (!rep->time_zone[0] || !strcmp(rep->time_zone, "+09:00"))
		return _("Japan time");
	snprintf(buf, len, "UTC%s", rep->time_zone);
	return buf;
}

size_t display_width(const char *s)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t width = 0, left = strlen(s);
	while (left > 0) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, left, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			s++;
			left--;
			width++;
			continue;
		}
		if (n == 0)
			break;
		int w = wcwidth(wc);
		width += w < 0 ? 1 : (size_t)w;
		s += n;
		left -= n;
	}
	return width;
}

void put_padded(FILE *out, const char *s, size_t width)
{
	fputs(s, out);
	for (size_t w = display_width(s); w < width; w++)
		fputc(' ', out);
}
