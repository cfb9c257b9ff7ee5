/* Check results: what a check found, independent of how a reporter prints it. */
#ifndef KENSA_RESULT_H
#define KENSA_RESULT_H
#include <stdbool.h>
#include <stddef.h>
#include "msg.h"

enum check_status {
	CHECK_PASS,
	CHECK_WARN,
	CHECK_FAIL,
	CHECK_ERROR,
	CHECK_NOT_APPLICABLE,
	CHECK_MANUAL,
};
#define CHECK_STATUS_COUNT 6

enum finding_severity {
	FINDING_INFO, /* evidence worth showing; does not change the verdict */
	FINDING_WARN,
	FINDING_FAIL,
};

/* Every text below may have a *_msg beside it: its identity (msg.h), the untranslated format and
 * arguments it was made from, so a saved report renders again in another language. NULL: the
 * text is the same in every language (a path, a value), or the report predates schema 1.2. The
 * functions below record them; a check never sets them itself. */
struct evidence {
	char *source; /* file inside the root, command, or NULL */
	char *value;
	struct kmsg *value_msg;
};

/* An accepted exception from the site file (site.h) as it applies to one finding. */
struct finding_exception {
	char *reason, *by;
	char *expires; /* YYYY-MM-DD, a whole day in Japan time; NULL when none was given */
};
/* Frees x and its strings; NULL is fine. */
void finding_exception_free(struct finding_exception *x);

struct finding {
	enum finding_severity severity;
	char *subject;
	char *detail;
	struct evidence *evidence;
	size_t n_evidence;
	/* Evidence this finding shares with other findings of its check, shown once: indices into
	 * the check's evidence (result_share_evidence). */
	size_t *evidence_refs;
	size_t n_evidence_refs;
	/* What to do about this finding on this host (finding_remedy), or NULL: the check's
	 * remediation is composed from these (result_compose_remedy). */
	char *remedy;
	/* An active accepted exception covers this finding: it stays in the report but counts
	 * neither towards the check's status nor the exit status. NULL: the finding counts. */
	struct finding_exception *accepted;
	/* An exception matched this finding but had expired: it counts again. NULL otherwise. */
	struct finding_exception *expired;
	struct kmsg *subject_msg, *detail_msg, *remedy_msg;
};

struct check;

struct check_result {
	const struct check *check; /* NULL when read back from a saved report */
	char *id;
	char *title, *remediation; /* in the report's language */
	enum check_status status;
	bool status_forced; /* error / not_applicable / manual set by the check */
	char *reason;       /* one-line explanation of the verdict */
	struct finding *findings;
	size_t n_findings;
	struct evidence *evidence; /* check-level: files read, values decided */
	size_t n_evidence;
	double duration_ms;
	struct kmsg *title_msg, *remediation_msg, *reason_msg;
};

const char *check_status_name(enum check_status status); /* "pass", "fail", ... */
const char *finding_severity_name(enum finding_severity severity);
int check_status_from_name(const char *name); /* -1 when unknown */

/* Copies the check's id and translated title/remediation (check may be NULL in tests). */
void result_init(struct check_result *r, const struct check *check);
void result_free(struct check_result *r);

/* Force a verdict that findings cannot express; the reason is mandatory. */
void result_error(struct check_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void result_not_applicable(struct check_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The machine cannot answer alone (e.g. "planned by FY2027"): a person's answer in the site file
 * decides the checklist row. Findings stay as evidence; the reason is mandatory. */
void result_manual(struct check_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Sets the one-line reason without forcing the status. */
void result_reason(struct check_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

struct finding *result_finding(struct check_result *r, enum finding_severity severity,
			       const char *subject, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void finding_evidence(struct finding *f, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void result_evidence(struct check_result *r, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Mark a finding as covered by an active (accepted) or an expired exception; copies the
 * strings (expires may be NULL). Call before result_finish(). */
void finding_set_exception(struct finding *f, bool active, const char *reason, const char *by,
			   const char *expires);

/* Show each piece of evidence once per check: an item (same source and value) that two or more
 * findings carry, or that the check carries too, moves to the check's evidence (once, in order of
 * first appearance) and those findings refer to it by index. Idempotent. */
void result_share_evidence(struct check_result *r);
/* Add a reference from f to r->evidence[index] (reading a saved report). */
void finding_evidence_ref(struct finding *f, size_t index);

/* The remedy for this finding, naming what this host has (its files, its values). */
void finding_remedy(struct finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Compose r->remediation from the remedies of the findings that count (warn/fail, not accepted),
 * each once, in finding order; the check's static text is kept after them when a counting
 * finding has none, and alone when no finding has one. Call once, after result_finish(). */
void result_compose_remedy(struct check_result *r);

/* Render every text of r that has an identity again, in the current language (kensa report
 * --lang, kensa diff). Texts without one are kept as stored. */
void result_render_messages(struct check_result *r);

/* Derive the status from the findings unless a check forced one; accepted findings do not
 * count. */
void result_finish(struct check_result *r);

#endif
