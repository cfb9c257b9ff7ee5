/* Check results: findings with evidence, and the verdict derived from them. */
#include "result.h"
#include "check.h"
#include "i18n.h"
#include "xalloc.h"
#include <stdarg.h>
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

void result_init(struct check_result *r, const struct check *check)
{
	memset(r, 0, sizeof *r);
	r->check = check;
	r->status = CHECK_PASS;
	if (check) {
		r->id = xstrdup(check->id);
		r->title = xstrdup(_(check->title));
		r->remediation = xstrdup(_(check->remediation));
	}
}

static void evidence_free(struct evidence *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ev[i].source);
		free(ev[i].value);
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
	}
	free(r->findings);
	evidence_free(r->evidence, r->n_evidence);
	free(r->reason);
	free(r->id);
	free(r->title);
	free(r->remediation);
	memset(r, 0, sizeof *r);
}

static void set_reason(struct check_result *r, const char *fmt, va_list ap)
{
	free(r->reason);
	r->reason = xvasprintf(fmt, ap);
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
	va_list ap;
	va_start(ap, fmt);
	f->detail = xvasprintf(fmt, ap);
	va_end(ap);
	return f;
}

static void add_evidence(struct evidence **ev, size_t *n, const char *source, const char *fmt,
			 va_list ap)
{
	*ev = xreallocarray(*ev, *n + 1, sizeof **ev);
	(*ev)[*n].source = source ? xstrdup(source) : NULL;
	(*ev)[*n].value = xvasprintf(fmt, ap);
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
			r->reason = f->subject && *f->subject
					    ? xasprintf("%s: %s", f->subject, f->detail)
					    : xstrdup(f->detail);
		}
	}
}
