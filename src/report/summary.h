/* An institution's answer from many hosts' reports (kensa summary): the newest report of each
 * host, grouped by checklist edition (numbering is never mixed), every item answered for the
 * whole estate. Memory is hosts x items: each report is read, reduced to its rows' answers and
 * the check ids behind them, and freed before the next one is read. */
#ifndef KENSA_SUMMARY_H
#define KENSA_SUMMARY_H
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include "report.h"

/* One row of one host's report. */
struct summary_answer {
	size_t item;              /* index into its group's items */
	enum item_answer answer;
	char *checks;             /* check ids behind a No / Not checked, ", "-separated, or NULL */
};

struct summary_host {
	char *hostname, *device_class, *os, *profile, *file;
	char as_of[11];
	time_t mtime;             /* of the report file: orders two reports of one day */
	size_t group;             /* index into summary.groups */
	struct summary_answer *answers;
	size_t n_answers;
};

struct summary_item {
	char *id, *label, *title;
	size_t order;             /* position in the edition, from the reports' row order */
};

/* One checklist edition: its items (union of the rows of every host, by device class) and the
 * hosts judged against it. */
struct summary_group {
	char *edition, *edition_name;
	struct summary_item *items;
	size_t n_items;
	size_t *hosts;            /* indexes into summary.hosts, by host name */
	size_t n_hosts;
};

/* What the estate answers for one item of one group. */
struct summary_verdict {
	enum item_answer answer;  /* No if any host says No, else Not checked if any, else Yes */
	unsigned counts[4];       /* hosts per answer (item_answer values; other answers count as unchecked) */
};

/* Compared with an earlier summary (--previous). */
enum summary_change_kind {
	SUMMARY_HOST_MISSING,     /* in the previous summary, no report now */
	SUMMARY_HOST_NEW,
	SUMMARY_ITEM_WORSE,       /* the estate's answer got worse */
	SUMMARY_ITEM_BETTER,
	SUMMARY_HOST_ITEM_WORSE,  /* one host's answer for an item got worse */
};

struct summary_change {
	enum summary_change_kind kind;
	char *edition, *item, *label, *host;
	enum item_answer before, after;
	char before_as_of[11];    /* SUMMARY_HOST_MISSING: the date of its last report */
};

struct summary {
	/* The form summarised (core/forms.h bit; --form, the institution's by default): reports of
	 * the other form are not mixed in, only counted and named */
	unsigned form;
	char **other_form_files;
	size_t n_other_form;
	struct summary_host *hosts;  /* the newest report of each host */
	size_t n_hosts;
	size_t n_reports;            /* reports read, superseded ones included */
	struct summary_group *groups;
	size_t n_groups;
	char *lang;                  /* of the reports: the titles are in it */
	bool has_previous;
	char previous_generated[11];
	struct summary_change *changes;
	size_t n_changes;
	size_t worse;                /* changes that are worse */
};

/* Read REPORT.json files and directories of them (*.json, not recursive), those of `form` (a
 * core/forms.h bit; a report saved before forms is the institution's). 0, or -1 with a
 * one-line error naming the file. */
int summary_build(struct summary *s, unsigned form, char *const *paths, size_t n_paths, char *err,
		  size_t errlen);
/* Compare with an earlier `kensa summary --format json`. 0, or -1 with a one-line error. */
int summary_compare_previous(struct summary *s, const char *path, char *err, size_t errlen);
void summary_verdict(const struct summary *s, size_t group, size_t item, struct summary_verdict *v);
/* This host's answer for an item of its group, or NULL when its report has no such row. */
const struct summary_answer *summary_host_answer(const struct summary_host *h, size_t item);
/* The oldest report among the hosts (NULL when there are none). */
const struct summary_host *summary_oldest(const struct summary *s);
void summary_free(struct summary *s);

/* Host lists in text and HTML stop after this many hosts ("… and N more"); JSON lists all. */
#define SUMMARY_LIST_MAX 20

int summary_write_text(FILE *out, const struct summary *s);
int summary_write_json(FILE *out, const struct summary *s, const char *generated);
int summary_write_csv(FILE *out, const struct summary *s);
int summary_write_html(FILE *out, const struct summary *s, const char *generated);

#endif
