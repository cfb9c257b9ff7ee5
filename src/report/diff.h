/* What changed between two reports of a host (or an image and its predecessor): check verdicts,
 * findings matched by check id and subject (detail text only to tell apart several findings of
 * one subject), and checklist rows. Used by `kensa diff` and by scheduled audits (--report-dir). */
#ifndef KENSA_REPORT_DIFF_H
#define KENSA_REPORT_DIFF_H
#include "report.h"

enum diff_kind {
	DIFF_CHECK_STATUS,       /* a check's status changed */
	DIFF_CHECK_ADDED,        /* the check ran only in the new report */
	DIFF_CHECK_REMOVED,      /* the check ran only in the old report */
	DIFF_FINDING_NEW,        /* a warn/fail finding appeared */
	DIFF_FINDING_RESOLVED,   /* a warn/fail finding is gone */
	DIFF_FINDING_SEVERITY,   /* the same finding, another severity */
	DIFF_FINDING_UNACCEPTED, /* was covered by an accepted exception, counts again */
	DIFF_FINDING_ACCEPTED,   /* counted, now covered by an accepted exception */
	DIFF_ITEM_ANSWER,        /* a checklist row's answer changed, or a new row is not はい */
};

enum diff_direction { DIFF_WORSE, DIFF_BETTER, DIFF_NEUTRAL };

struct diff_entry {
	enum diff_kind kind;
	enum diff_direction direction;
	/* borrowed from the reports */
	const struct check_result *old_result, *new_result; /* NULL where absent */
	const struct finding *old_finding, *new_finding;    /* findings kinds */
	const struct item_verdict *old_item, *new_item;     /* DIFF_ITEM_ANSWER */
};

struct report_diff {
	const struct audit_report *old_rep, *new_rep;
	struct diff_entry *entries;
	size_t n;
	size_t worse, better, neutral;
};

void report_diff_build(const struct audit_report *old_rep, const struct audit_report *new_rep,
		       struct report_diff *d);
void report_diff_free(struct report_diff *d);

/* The whole comparison for a person, grouped worse / better / other changes. */
int report_diff_write_text(FILE *out, const struct report_diff *d, const char *old_name,
			   const char *new_name);
/* The comparison as JSON (docs/ci/diff.schema.json). */
int report_diff_write_json(FILE *out, const struct report_diff *d, const char *old_name,
			   const char *new_name);
/* One line per regression and nothing else (cron mails what a job prints). */
int report_diff_write_regressions(FILE *out, const struct report_diff *d);

/* kensa diff OLD NEW: read both reports, warn on stderr when they are of different hosts or
 * checklists, print the comparison. Returns the exit status: 2 when anything got worse, 0 when
 * not, 1 on error (a one-line message on stderr naming the file and what is wrong). */
/* form: the core/forms.h bit to compare both on (--form), or 0: each as saved, and when they
 * differ the rows both have (the vendor's form), with a warning. LANG ("ja" | "en"): both
 * reports are rendered in it first (their texts with an identity, schema 1.2), the language
 * kensa speaks now; NULL keeps them as saved. */
int report_diff_files(const char *old_path, const char *new_path, unsigned form, bool json,
		      const char *lang,
		      FILE *out);

#endif
