/* Check results: findings with evidence, and the verdict derived from them. */
#include "result.h"
#include "check.h"
#include "i18n.h"
#include "xalloc.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[CHECK_STATUS_COUNT] = {
	[CHECK_PASS] = "pass",
	[CHECK_WARN] = "warn",
	[CHECK_FAIL] = "fail",
	[CHECK_ERROR] = "error",
	[CHECK_NOT_APPLICABLE] = "not_applicable",
	[CHECK_MANUAL] = "manual",
};

const char *check_status_name(enum check_status status)
{
	return status_names[status];
}

int check_status_from_name(const char *name)
{
	for (int i = 0; i < CHECK_STATUS_COUNT; i++)
		if (strcmp(status_names[i], name) == 0)
			return i;
	return -1;
}

const char *finding_severity_name(enum finding_severity severity)
{
	switch (severity) {
	case FINDING_FAIL:
		return "fail";
	case FINDING_WARN:
		return "warn";
	default:
		return "info";
	}
}

/* FMT with AP, and its identity in *msg (NULL when nothing in it is translated). The text is
 * formatted here, not by xvasprintf, so it is not captured twice. */
static char *vformat(struct kmsg **msg, const char *fmt, va_list ap)
{
	*msg = msg_capture(fmt, ap);
	char *s;
	if (vasprintf(&s, fmt, ap) < 0) {
		fputs("kensa: out of memory\n", stderr);
		exit(1);
	}
	return s;
}

void result_init(struct check_result *r, const struct check *check)
{
	memset(r, 0, sizeof *r);
	r->check = check;
	r->status = CHECK_PASS;
	if (check) {
		r->id = xstrdup(check->id);
		r->title = xstrdup(_(check->title));
		r->remediation = xstrdup(_(check->remediation));
		r->title_msg = msg_phrase(check->title);
		if (check->remediation && *check->remediation)
			r->remediation_msg = msg_phrase(check->remediation);
	}
}

static void evidence_free(struct evidence *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ev[i].source);
		free(ev[i].value);
		msg_free(ev[i].value_msg);
	}
	free(ev);
}

void finding_exception_free(struct finding_exception *x)
{
	if (!x)
		return;
	free(x->reason);
	free(x->by);
	free(x->expires);
	free(x);
}

void result_free(struct check_result *r)
{
	for (size_t i = 0; i < r->n_findings; i++) {
		finding_exception_free(r->findings[i].accepted);
		finding_exception_free(r->findings[i].expired);
		free(r->findings[i].subject);
		free(r->findings[i].detail);
		evidence_free(r->findings[i].evidence, r->findings[i].n_evidence);
		free(r->findings[i].evidence_refs);
		free(r->findings[i].remedy);
		msg_free(r->findings[i].subject_msg);
		msg_free(r->findings[i].detail_msg);
		msg_free(r->findings[i].remedy_msg);
	}
	free(r->findings);
	evidence_free(r->evidence, r->n_evidence);
	free(r->reason);
	free(r->id);
	free(r->title);
	free(r->remediation);
	msg_free(r->title_msg);
	msg_free(r->remediation_msg);
	msg_free(r->reason_msg);
	memset(r, 0, sizeof *r);
}

static void set_reason(struct check_result *r, const char *fmt, va_list ap)
{
	free(r->reason);
	msg_free(r->reason_msg);
	r->reason = vformat(&r->reason_msg, fmt, ap);
}

void result_error(struct check_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_reason(r, fmt, ap);
	va_end(ap);
	r->status = CHECK_ERROR;
	r->status_forced = true;
}

void result_not_applicable(struct check_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_reason(r, fmt, ap);
	va_end(ap);
	r->status = CHECK_NOT_APPLICABLE;
	r->status_forced = true;
}

void result_manual(struct check_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_reason(r, fmt, ap);
	va_end(ap);
	r->status = CHECK_MANUAL;
	r->status_forced = true;
}

void result_reason(struct check_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_reason(r, fmt, ap);
	va_end(ap);
}

struct finding *result_finding(struct check_result *r, enum finding_severity severity,
			       const char *subject, const char *fmt, ...)
{
	r->findings = xreallocarray(r->findings, r->n_findings + 1, sizeof *r->findings);
	struct finding *f = &r->findings[r->n_findings++];
	memset(f, 0, sizeof *f);
	f->severity = severity;
	f->subject = xstrdup(subject ? subject : "");
	f->subject_msg = msg_of_string(subject);
	va_list ap;
	va_start(ap, fmt);
	f->detail = vformat(&f->detail_msg, fmt, ap);
	va_end(ap);
	return f;
}

static void add_evidence(struct evidence **ev, size_t *n, const char *source, const char *fmt,
			 va_list ap)
{
	*ev = xreallocarray(*ev, *n + 1, sizeof **ev);
	(*ev)[*n].source = source ? xstrdup(source) : NULL;
	(*ev)[*n].value = vformat(&(*ev)[*n].value_msg, fmt, ap);
	(*n)++;
}

void finding_evidence(struct finding *f, const char *source, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_evidence(&f->evidence, &f->n_evidence, source, fmt, ap);
	va_end(ap);
}

void result_evidence(struct check_result *r, const char *source, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_evidence(&r->evidence, &r->n_evidence, source, fmt, ap);
	va_end(ap);
}

void finding_set_exception(struct finding *f, bool active, const char *reason, const char *by,
			   const char *expires)
{
	struct finding_exception **slot = active ? &f->accepted : &f->expired;
	finding_exception_free(*slot);
	*slot = xcalloc(1, sizeof **slot);
	(*slot)->reason = xstrdup(reason ? reason : "");
	(*slot)->by = xstrdup(by ? by : "");
	(*slot)->expires = expires ? xstrdup(expires) : NULL;
}

void result_finish(struct check_result *r)
{
	if (r->status_forced)
		return;
	enum check_status status = CHECK_PASS;
	for (size_t i = 0; i < r->n_findings; i++) {
		if (r->findings[i].accepted)
			continue;
		if (r->findings[i].severity == FINDING_FAIL)
			status = CHECK_FAIL;
		else if (r->findings[i].severity == FINDING_WARN && status == CHECK_PASS)
			status = CHECK_WARN;
	}
	r->status = status;
	/* every verdict but a pass says why: a check that set no reason gets its first finding of
	 * the deciding severity ("subject: detail") */
	if (status != CHECK_PASS && !r->reason) {
		enum finding_severity want = status == CHECK_FAIL ? FINDING_FAIL : FINDING_WARN;
		for (size_t i = 0; i < r->n_findings && !r->reason; i++) {
			const struct finding *f = &r->findings[i];
			if (f->accepted || f->severity != want)
				continue;
			bool with_subject = f->subject && *f->subject;
			r->reason = with_subject ? xasprintf("%s: %s", f->subject, f->detail)
						 : xstrdup(f->detail);
			if (with_subject && (f->subject_msg || f->detail_msg)) {
				struct kmsg *parts[2] = { msg_or_literal(f->subject_msg, f->subject),
							  msg_or_literal(f->detail_msg, f->detail) };
				r->reason_msg = msg_make("%s: %s", 2, parts);
			} else if (!with_subject) {
				r->reason_msg = msg_copy(f->detail_msg);
			}
		}
	}
}

void finding_evidence_ref(struct finding *f, size_t index)
{
	f->evidence_refs = xreallocarray(f->evidence_refs, f->n_evidence_refs + 1,
					 sizeof *f->evidence_refs);
	f->evidence_refs[f->n_evidence_refs++] = index;
}

/* One evidence item of a finding (finding < n_findings) or of the check (finding == SIZE_MAX). */
struct ev_slot {
	const struct evidence *ev;
	size_t finding, index;
};

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_slot(const void *pa, const void *pb)
{
	const struct ev_slot *a = pa, *b = pb;
	int c = strcmp_null(a->ev->source, b->ev->source);
	if (!c)
		c = strcmp(a->ev->value, b->ev->value);
	if (!c) /* the check's own first, then by first appearance */
		c = a->finding != b->finding ? (a->finding + 1 < b->finding + 1 ? -1 : 1)
					     : (a->index < b->index ? -1 : a->index > b->index);
	return c;
}

static bool same_ev(const struct ev_slot *a, const struct ev_slot *b)
{
	return !strcmp_null(a->ev->source, b->ev->source) && !strcmp(a->ev->value, b->ev->value);
}

void result_share_evidence(struct check_result *r)
{
	size_t n = r->n_evidence;
	for (size_t i = 0; i < r->n_findings; i++)
		n += r->findings[i].n_evidence;
	if (n < 2)
		return;
	/* Sort all items so equal ones are neighbours: O(n log n), whatever the finding count. */
	struct ev_slot *all = xcalloc(n, sizeof *all);
	size_t k = 0;
	for (size_t e = 0; e < r->n_evidence; e++)
		all[k++] = (struct ev_slot){ &r->evidence[e], SIZE_MAX, e };
	for (size_t i = 0; i < r->n_findings; i++)
		for (size_t e = 0; e < r->findings[i].n_evidence; e++)
			all[k++] = (struct ev_slot){ &r->findings[i].evidence[e], i, e };
	qsort(all, n, sizeof *all, cmp_slot);
	/* target[finding][index]: the check-evidence index it moves to, or SIZE_MAX to keep */
	size_t **target = xcalloc(r->n_findings ? r->n_findings : 1, sizeof *target);
	for (size_t i = 0; i < r->n_findings; i++) {
		target[i] = xcalloc(r->findings[i].n_evidence ? r->findings[i].n_evidence : 1,
				    sizeof **target);
		for (size_t e = 0; e < r->findings[i].n_evidence; e++)
			target[i][e] = SIZE_MAX;
	}
	/* Groups whose first member is a finding's move to the check in order of first appearance:
	 * collect them, then order by (finding, index) of that first member. */
	struct ev_slot *firsts = xcalloc(n, sizeof *firsts);
	size_t n_firsts = 0;
	/* group ends, found while every pointer is valid (r->evidence moves below) */
	size_t *group_end = xcalloc(n, sizeof *group_end);
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		while (b < n && same_ev(&all[a], &all[b]))
			b++;
		group_end[a] = b;
		bool in_check = all[a].finding == SIZE_MAX;
		if (b - a >= 2 && !in_check)
			firsts[n_firsts++] = all[a];
		if (b - a >= 2 && in_check) /* already the check's: findings refer to it */
			for (size_t m = a + 1; m < b; m++)
				if (all[m].finding != SIZE_MAX)
					target[all[m].finding][all[m].index] = all[a].index;
		a = b;
	}
	/* order of first appearance: finding index, then evidence index */
	for (size_t i = 1; i < n_firsts; i++)
		for (size_t j = i; j > 0 && (firsts[j - 1].finding > firsts[j].finding ||
					     (firsts[j - 1].finding == firsts[j].finding &&
					      firsts[j - 1].index > firsts[j].index)); j--) {
			struct ev_slot t = firsts[j];
			firsts[j] = firsts[j - 1];
			firsts[j - 1] = t;
		}
	size_t base = r->n_evidence;
	if (n_firsts)
		r->evidence = xreallocarray(r->evidence, r->n_evidence + n_firsts, sizeof *r->evidence);
	for (size_t g = 0; g < n_firsts; g++) {
		const struct evidence *src = firsts[g].ev;
		r->evidence[base + g].source = src->source ? xstrdup(src->source) : NULL;
		r->evidence[base + g].value = xstrdup(src->value);
		r->evidence[base + g].value_msg = msg_copy(src->value_msg);
	}
	r->n_evidence = base + n_firsts;
	for (size_t g = 0; g < n_firsts; g++)
		target[firsts[g].finding][firsts[g].index] = base + g;
	/* every other member of a moved group points where its first member went */
	for (size_t a = 0; a < n;) {
		size_t b = group_end[a];
		if (b - a >= 2 && all[a].finding != SIZE_MAX)
			for (size_t m = a + 1; m < b; m++)
				target[all[m].finding][all[m].index] =
					target[all[a].finding][all[a].index];
		a = b;
	}
	free(group_end);
	free(firsts);
	free(all);
	/* rewrite each finding: keep its own items, refer to the shared ones (in its order) */
	for (size_t i = 0; i < r->n_findings; i++) {
		struct finding *f = &r->findings[i];
		size_t kept = 0;
		for (size_t e = 0; e < f->n_evidence; e++) {
			if (target[i][e] == SIZE_MAX) {
				f->evidence[kept++] = f->evidence[e];
				continue;
			}
			bool dup = false;
			for (size_t q = 0; q < f->n_evidence_refs; q++)
				dup |= f->evidence_refs[q] == target[i][e];
			if (!dup)
				finding_evidence_ref(f, target[i][e]);
			free(f->evidence[e].source);
			free(f->evidence[e].value);
			msg_free(f->evidence[e].value_msg);
		}
		f->n_evidence = kept;
		free(target[i]);
	}
	free(target);
}

void finding_remedy(struct finding *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct kmsg *m;
	char *text = vformat(&m, fmt, ap);
	va_end(ap);
	free(f->remedy);
	msg_free(f->remedy_msg);
	f->remedy = text;
	f->remedy_msg = m;
}

void result_compose_remedy(struct check_result *r)
{
	char *composed = NULL;
	struct kmsg *composed_msg = NULL; /* its identity: the remedies joined by "%s %s" */
	bool missing = false;
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		if (f->severity == FINDING_INFO || f->accepted)
			continue;
		if (!f->remedy) {
			missing = true;
			continue;
		}
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = r->findings[k].remedy && r->findings[k].severity != FINDING_INFO &&
			       !r->findings[k].accepted && !strcmp(r->findings[k].remedy, f->remedy);
		if (seen)
			continue;
		char *next = composed ? xasprintf("%s %s", composed, f->remedy) : xstrdup(f->remedy);
		struct kmsg *part = msg_or_literal(f->remedy_msg, f->remedy);
		if (composed_msg) {
			struct kmsg *both[2] = { composed_msg, part };
			composed_msg = msg_make("%s %s", 2, both);
		} else {
			composed_msg = part;
		}
		free(composed);
		composed = next;
	}
	if (!composed)
		return; /* no finding says more than the check's static text */
	if (missing && r->remediation && *r->remediation) {
		char *next = xasprintf("%s %s", composed, r->remediation);
		struct kmsg *both[2] = { composed_msg,
					 msg_or_literal(r->remediation_msg, r->remediation) };
		composed_msg = msg_make("%s %s", 2, both);
		free(composed);
		composed = next;
	}
	free(r->remediation);
	r->remediation = composed;
	msg_free(r->remediation_msg);
	r->remediation_msg = composed_msg;
}

/* *text rendered again from m in the current language; kept as stored when m is NULL or does
 * not fit its format. */
static void rerender(char **text, const struct kmsg *m)
{
	if (!m)
		return;
	char *s = msg_render(m);
	if (!s)
		return;
	free(*text);
	*text = s;
}

void result_render_messages(struct check_result *r)
{
	rerender(&r->title, r->title_msg);
	rerender(&r->remediation, r->remediation_msg);
	rerender(&r->reason, r->reason_msg);
	for (size_t e = 0; e < r->n_evidence; e++)
		rerender(&r->evidence[e].value, r->evidence[e].value_msg);
	for (size_t i = 0; i < r->n_findings; i++) {
		struct finding *f = &r->findings[i];
		rerender(&f->subject, f->subject_msg);
		rerender(&f->detail, f->detail_msg);
		rerender(&f->remedy, f->remedy_msg);
		for (size_t e = 0; e < f->n_evidence; e++)
			rerender(&f->evidence[e].value, f->evidence[e].value_msg);
	}
}
