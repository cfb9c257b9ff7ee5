/* Shared pieces of the form-shaped reporters (see rows.h). */
#include "rows.h"
#include "../core/check.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	/* checks gave evidence, a person answers: the question first */
	if (v->status == CHECK_MANUAL && v->hint)
		append(&buf, &len, "%s: ", v->hint);
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
		} else if (r->reason && (r->status == CHECK_ERROR || r->status == CHECK_NOT_APPLICABLE ||
					 r->status == CHECK_MANUAL)) {
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

/* Columns of one code point in a terminal, as glibc's wcwidth() answers in a UTF-8 locale for
 * what reports hold, but without needing a locale: a static kensa on a host with none, or cron's
 * C locale, still aligns Japanese. East Asian Wide and Fullwidth take two columns, combining
 * marks and zero-width characters none, everything else one. */
static size_t codepoint_width(uint32_t c)
{
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) || c == 0xFEFF)
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	    (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

size_t display_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t width = 0;
	while (*s) {
		size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
			 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
		uint32_t c = n > 1 ? s[0] & (0x7F >> n) : s[0];
		for (size_t i = 1; i < n; i++) {
			if ((s[i] & 0xC0) != 0x80) {
				n = 0;
				break;
			}
			c = c << 6 | (s[i] & 0x3F);
		}
		if (n == 0) { /* not UTF-8: one column, as a replacement character would take */
			width++;
			s++;
			continue;
		}
		width += codepoint_width(c);
		s += n;
	}
	return width;
}

void put_padded(FILE *out, const char *s, size_t width)
{
	fputs(s, out);
	for (size_t w = display_width(s); w < width; w++)
		fputc(' ', out);
}

const char *row_or_to_fill(const char *s)
{
	return s && *s ? s : _("(to be filled in)");
}
