/* Checklist editions as data: items, their device classes and the check ids that answer them. */
#ifndef KENSA_CHECKLIST_H
#define KENSA_CHECKLIST_H
#include <stdbool.h>
#include <stddef.h>
#include "forms.h"

struct checklist_section {
	char *number; /* "2" */
	char *title_ja, *title_en;
	unsigned forms; /* "forms = institution, vendor": checklist_form bits, required */
};

struct checklist_item {
	char *id;      /* "2-5" */
	char *label;   /* "2-⑤" as printed on the form */
	char *section; /* "2" */
	char *title_ja, *title_en;
	char **classes; /* server, terminal, network */
	size_t n_classes;
	char **checks; /* check ids; none means the item is answered by hand */
	size_t n_checks;
	char *manual_hint_ja, *manual_hint_en; /* what evidence a person should look at */
	/* "person_answers = yes": when its checks cannot prove the item (a check answers
	 * "manual", e.g. 2-10's "planned by FY2027"), the site file's answer decides the row */
	bool person_answers;
	unsigned forms; /* "forms = ...": overrides its section's; 0 = the section's */
};

/* A check that answers a requirement of the guideline this edition has no row for, with the
 * guideline's own references ("7.0 14-⑥"): the edition's [guideline] section. */
struct checklist_guideline {
	char *check;
	char **refs;
	size_t n_refs;
};

struct checklist {
	char *id;       /* "mhlw-r7" */
	char *name_ja, *name_en;
	char *published; /* YYYY-MM-DD */
	char *file;
	struct checklist_section *sections;
	size_t n_sections;
	struct checklist_item *items;
	size_t n_items;
	struct checklist_guideline *guideline;
	size_t n_guideline;
};

/* NAME ("mhlw-r7", or "latest") from profiles/checklists/, or a FILE path. */
int checklist_load(const char *name_or_file, struct checklist **out, char *err, size_t errlen);
void checklist_free(struct checklist *c);
bool checklist_item_applies(const struct checklist_item *item, const char *device_class);
/* Item ids (all device classes) whose rows name check_id. */
size_t checklist_items_for_check(const struct checklist *c, const char *check_id,
				 const char **ids, size_t max);
/* The guideline references the edition gives for check_id (NULL, *n = 0 when none). */
char *const *checklist_guideline_refs(const struct checklist *c, const char *check_id, size_t *n);
const struct checklist_section *checklist_section(const struct checklist *c, const char *number);
/* The forms an item is on: its own "forms", else its section's. */
unsigned checklist_item_forms(const struct checklist *c, const struct checklist_item *item);

#endif
