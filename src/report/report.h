/* The audit as data for reporters: header facts, check results, and the checklist rows with
 * their answers. Everything is owned strings, so a report read back from JSON renders exactly
 * like a fresh one. Reporters only format this; they decide nothing. */
#ifndef KENSA_REPORT_H
#define KENSA_REPORT_H
#include <stdbool.h>
#include <stdio.h>
#include "../core/result.h"

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

/* The checklist form's answer for a row: はい / いいえ / 未確認 / 該当なし. */
enum item_answer {
	ANSWER_YES,
	ANSWER_NO,
	ANSWER_UNCHECKED,
	ANSWER_NOT_APPLICABLE,
};

struct item_verdict {
	char *id, *label, *title;          /* title in the report language */
	char *section, *section_title;
	char *hint;                        /* what a person should look at (manual rows) */
	enum check_status status;
	enum item_answer answer;
	char *reason;                      /* why this answer, one line */
	char **check_ids;                  /* as the edition maps them, run or not */
	size_t n_check_ids;
	const struct check_result **results; /* those that ran */
	size_t n_results;
	/* a person's answer from the site file (rows without checks) */
	char *answered_by, *answered_on, *note, *target_date;
};

struct audit_report {
	char *tool_version;
	bool sandboxed;
	struct host_info host;
	char *profile_name;
	char **profile_files;
	size_t n_profile_files;
	char *edition, *edition_name, *edition_published, *device_class;
	char *site_name;  /* from the site file, optional */
	char *lang;       /* "ja" | "en" */
	char as_of[11];
	double duration_ms;
	struct check_result *results;
	size_t n_results;
	unsigned summary[CHECK_STATUS_COUNT];
	struct item_verdict *items;
	size_t n_items;
	const struct check_result **unmapped; /* results no row of the edition names */
	size_t n_unmapped;
};

/* Build the rows of the edition that apply to rep->device_class from rep->results and the
 * site file's answers (core/verdict.c). */
void report_build_items(struct audit_report *rep, const struct checklist *c,
			const struct site *site);
/* The item ids whose rows include this result, in row order. */
size_t report_items_of_result(const struct audit_report *rep, const struct check_result *r,
			      const char **ids, size_t max);
void report_count_summary(struct audit_report *rep);
void report_free(struct audit_report *rep);
const char *item_answer_label(enum item_answer a); /* translated はい/いいえ/... */
const char *item_answer_name(enum item_answer a);  /* "yes", "no", "unchecked", "not_applicable" */

int report_write_text(FILE *out, const struct audit_report *rep, bool color);
int report_write_json(FILE *out, const struct audit_report *rep);
int report_write_checklist(FILE *out, const struct audit_report *rep);
int report_write_csv(FILE *out, const struct audit_report *rep);

#endif
