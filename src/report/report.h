/* The audit as data for reporters: host facts, profile, edition, check results, item verdicts.
 * Reporters only format this; they decide nothing. */
#ifndef KENSA_REPORT_H
#define KENSA_REPORT_H
#include <stdbool.h>
#include <stdio.h>
#include "../core/result.h"

struct profile;
struct checklist;
struct checklist_item;

struct host_info {
	char *hostname;
	char *os;       /* PRETTY_NAME from os-release */
	char *kernel;   /* live only */
	const char *platform; /* "linux" | "windows" */
	const char *root;
	bool live;
};

struct item_verdict {
	const struct checklist_item *item;
	enum check_status status;
	const struct check_result **results; /* the results mapped to this item */
	size_t n_results;
	const char *reason; /* why, for manual and skipped items; translated */
};

struct audit_report {
	struct host_info host;
	const struct profile *profile;
	const struct checklist *checklist;
	const char *device_class;
	const char *lang; /* "ja" | "en" */
	char as_of[11];
	double duration_ms;
	bool sandboxed;
	struct check_result *results;
	size_t n_results;
	unsigned summary[CHECK_STATUS_COUNT];
	struct item_verdict *items;
	size_t n_items;
	const struct check_result **unmapped; /* results no item of the edition names */
	size_t n_unmapped;
};

/* Roll results up into the edition's items (core/verdict.c). */
void report_build_items(struct audit_report *rep);
void report_free_items(struct audit_report *rep);
/* Items a result answers, in this edition (pointers into the checklist). */
size_t report_items_for_check(const struct audit_report *rep, const char *check_id,
			      const char **ids, size_t max);

int report_write_text(FILE *out, const struct audit_report *rep, bool color);
int report_write_json(FILE *out, const struct audit_report *rep);

#endif
