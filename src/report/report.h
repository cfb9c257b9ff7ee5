/* The audit as data for reporters: header facts, check results, and the checklist rows with
 * their answers. Everything is owned strings, so a report read back from JSON renders exactly
 * like a fresh one. Reporters only format this; they decide nothing. */
#ifndef KENSA_REPORT_H
#define KENSA_REPORT_H
#include <stdbool.h>
#include <stdio.h>
#include "../core/result.h"
#include "../core/inventory.h"

struct checklist;
struct site;

struct host_info {
	char *hostname;
	char *os;       /* PRETTY_NAME from os-release */
	char *kernel;   /* live only, else NULL */
	char *platform; /* "linux" | "windows" */
	char *root;
	bool live;
};

/* The checklist form's answer for a row: はい / いいえ / 未確認 / 該当なし / 要確認.
 * Only a failed check (or a person's "no") makes いいえ. 要確認 (review): kensa looked but could
 * not decide (a warn, an error, a check that did not run); the reason says what to settle before
 * signing. 未確認 (unchecked): a row only a person answers, with no answer in the site file.
 * The values are the JSON names' order (item_answer_name); REVIEW came last, in schema 1.1. */
enum item_answer {
	ANSWER_YES,
	ANSWER_NO,
	ANSWER_UNCHECKED,
	ANSWER_NOT_APPLICABLE,
	ANSWER_REVIEW,
};
#define ANSWER_COUNT 5

struct item_verdict {
	char *id, *label, *title;          /* title in the report language */
	char *section, *section_title;
	char *hint;                        /* what a person should look at (manual rows) */
	enum check_status status;
	enum item_answer answer;
	char *reason;                      /* why this answer, one line */
	struct kmsg *reason_msg;           /* its identity (core/msg.h), or NULL */
	char **check_ids;                  /* as the edition maps them, run or not */
	size_t n_check_ids;
	const struct check_result **results; /* those that ran */
	size_t n_results;
	/* a person's answer from the site file (rows without checks) */
	char *answered_by, *answered_on, *note, *target_date;
	/* Findings of its checks an accepted exception covers: the measure is still not in place,
	 * so the answer stays いいえ (or 要確認 for warns) with 「例外承認済み（期限 …）」 beside it.
	 * accepted_expires: the earliest expiry among them, NULL when one has none. */
	size_t accepted;
	char *accepted_expires;
	/* the forms the row is on (core/forms.h bits) as the edition says; 0 in a report saved
	 * before forms existed until report_complete_from_checklist() fills it in */
	unsigned forms;
};

/* What became of one accepted exception of the site file (core/site.c decides it). */
enum exception_state {
	EXCEPTION_ACTIVE,    /* applies: its findings are accepted, they do not count */
	EXCEPTION_EXPIRED,   /* past its expiry: its findings count again */
	EXCEPTION_UNMATCHED, /* its check ran but no finding matched (a typo, or fixed) */
	EXCEPTION_NOT_RUN,   /* its check did not run (--only/--skip, another platform) */
	EXCEPTION_TOO_LONG,  /* applies, but has no expiry or one further ahead than the
			      * profile's [exceptions] max_days */
};
#define EXCEPTION_STATE_COUNT 5

struct exception_note {
	char *check_id, *subject; /* subject NULL: every finding of the check */
	char *reason, *by;
	char *expires; /* YYYY-MM-DD (Japan time), NULL when the site file gave none */
	enum exception_state state;
	size_t matched; /* findings it covers (active) or would cover (expired) */
};

struct audit_report {
	char *tool_version;
	bool sandboxed;
	struct host_info host;
	/* The inventory row (host.inventory ran, or a saved report carried it); NULL otherwise. */
	struct host_inventory *inventory;
	char *profile_name;
	char **profile_files;
	size_t n_profile_files;
	char *edition, *edition_name, *edition_published, *device_class;
	char *site_name;  /* from the site file, optional */
	char *site_vendor; /* the site file's [site] vendor, optional */
	/* The form this report shows (core/forms.h bit): the institution's 医療機関確認用 (every
	 * section of the edition) or the vendor's 事業者確認用 (its rows only). 0 is the
	 * institution's (a report saved before forms existed). */
	unsigned form;
	/* The site file's [vendor] company, person (who answers the vendor's form) and system (the
	 * system the vendor installed at the site); each optional */
	char *vendor_company, *vendor_person, *vendor_system;
	/* Results whose checklist rows are all off this form (the vendor's form lacks sections 3-4):
	 * still reported as checks, never as rows, nor as "beyond this edition" */
	const struct check_result **off_form;
	size_t n_off_form;
	char *lang;       /* "ja" | "en" */
	char as_of[11];       /* the report's date, in its time zone */
	char time_zone[7];    /* that zone as a UTC offset, "+09:00"; "" in a report saved before */
	char audited_at[26];  /* the audit's moment with that offset, "2026-12-03T01:00:00+09:00";
			       * "" in a report saved before */
	double duration_ms;
	struct check_result *results;
	size_t n_results;
	unsigned summary[CHECK_STATUS_COUNT];
	struct item_verdict *items;
	size_t n_items;
	const struct check_result **unmapped; /* results no row of the edition names */
	size_t n_unmapped;
	/* The guideline requirement each unmapped result answers (the edition's [guideline]
	 * section, e.g. "7.0 14-⑥"): unmapped_refs[i] holds n_unmapped_refs[i] strings, owned by
	 * the report. Shown as "Guideline requirements beyond this edition". */
	char ***unmapped_refs;
	size_t *n_unmapped_refs;
	/* accepted exceptions from the site file, in file order, and the date (in the report's
	 * time zone, the same as as_of) their expiry was judged against */
	struct exception_note *exceptions;
	size_t n_exceptions;
	char exceptions_as_of[11];
	/* Not root: the checks that were refused a read for lack of privilege, for the one-line
	 * "run as root" notice at the top of a report (the errors stay in the checks). root_user:
	 * kensa ran as uid 0 (then no notice). Both from the audit driver; read back from JSON. */
	bool root_user;
	char **unreadable_checks;
	size_t n_unreadable_checks;
	/* --fail-on warn: a warn fails the run like a fail (exit status, JUnit, SARIF). Set by
	 * the audit driver; false in a report read back from JSON. */
	bool fail_on_warn;
};

/* Build the rows of the edition that apply to rep->device_class from rep->results and the
 * site file's answers (core/verdict.c). */
void report_build_items(struct audit_report *rep, const struct checklist *c,
			const struct site *site);
/* Show only the rows on `form` (a core/forms.h bit), the results of rows that drop off noted
 * in off_form. 0, or -1 with a one-line err: a report of the vendor's form has no institution
 * rows to show, and a row that does not say which forms it is on cannot be placed. */
int report_select_form(struct audit_report *rep, unsigned form, char *err, size_t errlen);
/* The form's name for people: 医療機関確認用 / 事業者確認用 (translated). */
const char *report_form_label(unsigned form);
/* Whether r is in rep->off_form. */
bool report_result_off_form(const struct audit_report *rep, const struct check_result *r);
/* The guideline references of an unmapped result (NULL, *n = 0 for a mapped one or none). */
char *const *report_guideline_of_result(const struct audit_report *rep,
					const struct check_result *r, size_t *n);
/* What a reporter prints in front of one such reference: "Guideline:" for a guideline section
 * ("7.0 14-⑥" starts with the guideline's version number, "N.N"), NULL for a reference that
 * names its own source ("9の心得 ⑧", the ministry's nine rules). */
const char *report_ref_prefix(const char *ref);
/* The heading of the section of unmapped results: "Guideline requirements beyond this edition"
 * when every reference is a guideline section, else one that names the nine rules too. */
const char *report_unmapped_heading(const struct audit_report *rep);
/* Set unmapped_refs for unmapped[i]: a copy of refs. */
void report_set_unmapped_refs(struct audit_report *rep, size_t i, char *const *refs, size_t n);
/* The item ids whose rows include this result, in row order. */
size_t report_items_of_result(const struct audit_report *rep, const struct check_result *r,
			      const char **ids, size_t max);
void report_count_summary(struct audit_report *rep);
void report_free(struct audit_report *rep);
const char *item_answer_label(enum item_answer a); /* translated はい/いいえ/... */
/* "yes", "no", "unchecked", "not_applicable", "review" */
const char *item_answer_name(enum item_answer a);
int item_answer_from_name(const char *name); /* -1 when unknown */
/* Fill v->accepted / accepted_expires from the findings of its linked results (a saved report
 * derives them the same way); says whether accepted fails / warns are among them (may be NULL). */
void report_item_accepted(struct item_verdict *v, bool *accepted_fail, bool *accepted_warn);
/* 「例外承認済み（期限 YYYY-MM-DD）」 for a row whose findings an exception accepts, else NULL.
 * Caller frees. */
char *item_exception_note(const struct item_verdict *v);
const char *exception_state_name(enum exception_state s); /* "active", "expired", ... */
int exception_state_from_name(const char *name);          /* -1 when unknown */

int report_write_text(FILE *out, const struct audit_report *rep, bool color);
int report_write_json(FILE *out, const struct audit_report *rep);
int report_write_checklist(FILE *out, const struct audit_report *rep);
int report_write_csv(FILE *out, const struct audit_report *rep);
/* --format inventory: the CSV header and this host's inventory row (inventory_csv.c); with
 * header false, the row alone (a ledger of many saved reports). */
int report_write_inventory(FILE *out, const struct audit_report *rep, bool header);
/* CI formats (junit.c, sarif.c): one JUnit testcase per check; SARIF 2.1.0, one rule per check
 * and one result per finding. */
int report_write_junit(FILE *out, const struct audit_report *rep);
int report_write_sarif(FILE *out, const struct audit_report *rep);

/* Read a saved JSON report back (json_read.c), strictly: 0, or -1 with a one-line error
 * "FILE: FIELD: what is wrong" in err (out is then empty). Files over REPORT_MAX_BYTES are
 * refused. The _buffer form names the data `name` in errors. */
/* Compatible additions to schema_version 1 (docs/report.schema.json). */
#define REPORT_SCHEMA_MINOR 2
#define REPORT_MAX_BYTES (64 << 20)
int report_read_json(const char *path, struct audit_report *out, char *err, size_t errlen);
int report_read_json_buffer(const char *data, size_t len, const char *name,
			    struct audit_report *out, char *err, size_t errlen);
int report_write_html(FILE *out, const struct audit_report *rep);
/* Fill what a saved report leaves to its checklist edition (section titles, manual rows' hints)
 * from the shipped edition it names (saved.c); nothing when the edition is unknown. */
void report_complete_from_checklist(struct audit_report *rep);
/* Render a saved report again in the current language (kensa report --lang, kensa diff): each
 * text with an identity (schema 1.2) from its message, the rows' and sections' titles and the
 * manual rows' hints from the shipped edition the report names, in LANG ("ja" | "en"). A report
 * without identities keeps its texts as stored. */
void report_render_language(struct audit_report *rep, const char *lang);
/* The one-line "run as root: N checks could not read …" notice, or NULL (root, or nothing was
 * refused). Caller frees. */
char *report_root_notice(const struct audit_report *rep);
/* The accepted-exceptions section of the text report (also part of the checklist form). */
void report_write_exceptions_text(FILE *out, const struct audit_report *rep);

#endif
