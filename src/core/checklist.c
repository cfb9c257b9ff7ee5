/* Loading checklist editions (profiles/checklists/NAME.ini), validated strictly: every check id must
 * exist, every item must have titles, classes and a known section. */
#include "checklist.h"
#include "embedded_data.h"
#include "check.h"
#include "ini.h"
#include "profile.h"
#include "xalloc.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHECKLIST_BYTES (1 << 20)

struct parse_state {
	struct checklist *c;
	const char *file;
};

static const char *const known_classes[] = { "server", "terminal", "network" };

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static size_t split_to_strv(const char *value, char ***out)
{
	char **items, *storage;
	size_t n = ini_split_list(value, &items, &storage);
	char **copy = xcalloc(n + 1, sizeof *copy);
	for (size_t i = 0; i < n; i++)
		copy[i] = xstrdup(items[i]);
	free(items);
	free(storage);
	*out = copy;
	return n;
}

static struct checklist_item *item_get(struct checklist *c, const char *id)
{
	for (size_t i = 0; i < c->n_items; i++)
		if (strcmp(c->items[i].id, id) == 0)
			return &c->items[i];
	c->items = xreallocarray(c->items, c->n_items + 1, sizeof *c->items);
	struct checklist_item *it = &c->items[c->n_items++];
	memset(it, 0, sizeof *it);
	it->id = xstrdup(id);
	return it;
}

static struct checklist_section *section_get(struct checklist *c, const char *number)
{
	for (size_t i = 0; i < c->n_sections; i++)
		if (strcmp(c->sections[i].number, number) == 0)
			return &c->sections[i];
	c->sections = xreallocarray(c->sections, c->n_sections + 1, sizeof *c->sections);
	struct checklist_section *s = &c->sections[c->n_sections++];
	memset(s, 0, sizeof *s);
	s->number = xstrdup(number);
	return s;
}

static int set_once(char **field, const char *value, const struct parse_state *st,
		    unsigned lineno, const char *key, char *err, size_t errlen)
{
	if (*field) {
		snprintf(err, errlen, "%s:%u: '%s' given twice", st->file, lineno, key);
		return -1;
	}
	if (!*value) {
		snprintf(err, errlen, "%s:%u: '%s' is empty", st->file, lineno, key);
		return -1;
	}
	*field = xstrdup(value);
	return 0;
}

static int set_forms(unsigned *forms, const char *value, const struct parse_state *st,
		     unsigned lineno, char *err, size_t errlen)
{
	if (*forms) {
		snprintf(err, errlen, "%s:%u: 'forms' given twice", st->file, lineno);
		return -1;
	}
	*forms = checklist_forms_parse(value, st->file, lineno, err, errlen);
	return *forms ? 0 : -1;
}

static int on_value(void *ud, const char *section, const char *key, enum ini_op op,
		    const char *value, unsigned lineno, char *err, size_t errlen)
{
	struct parse_state *st = ud;
	struct checklist *c = st->c;
	if (!key)
		return 0;
	if (op != INI_SET) {
		snprintf(err, errlen, "%s:%u: only '=' is allowed in a checklist", st->file, lineno);
		return -1;
	}
	if (strcmp(section, "edition") == 0) {
		if (!strcmp(key, "id"))
			return set_once(&c->id, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "name_ja"))
			return set_once(&c->name_ja, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "name_en"))
			return set_once(&c->name_en, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "published"))
			return set_once(&c->published, value, st, lineno, key, err, errlen);
	} else if (strncmp(section, "section ", 8) == 0) {
		struct checklist_section *s = section_get(c, section + 8);
		if (!strcmp(key, "title_ja"))
			return set_once(&s->title_ja, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "title_en"))
			return set_once(&s->title_en, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "forms"))
			return set_forms(&s->forms, value, st, lineno, err, errlen);
	} else if (strncmp(section, "item ", 5) == 0) {
		struct checklist_item *it = item_get(c, section + 5);
		if (!strcmp(key, "label"))
			return set_once(&it->label, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "section"))
			return set_once(&it->section, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "title_ja"))
			return set_once(&it->title_ja, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "title_en"))
			return set_once(&it->title_en, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "manual_ja"))
			return set_once(&it->manual_hint_ja, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "manual_en"))
			return set_once(&it->manual_hint_en, value, st, lineno, key, err, errlen);
		if (!strcmp(key, "forms"))
			return set_forms(&it->forms, value, st, lineno, err, errlen);
		if (!strcmp(key, "person_answers")) {
			if (strcmp(value, "yes") && strcmp(value, "no")) {
				snprintf(err, errlen, "%s:%u: person_answers must be yes or no",
					 st->file, lineno);
				return -1;
			}
			it->person_answers = strcmp(value, "yes") == 0;
			return 0;
		}
		if (!strcmp(key, "classes")) {
			free_strv(it->classes, it->n_classes);
			it->n_classes = split_to_strv(value, &it->classes);
			for (size_t i = 0; i < it->n_classes; i++) {
				bool ok = false;
				for (size_t k = 0; k < sizeof known_classes / sizeof *known_classes; k++)
					ok |= strcmp(it->classes[i], known_classes[k]) == 0;
				if (!ok) {
					snprintf(err, errlen, "%s:%u: unknown device class '%s'",
						 st->file, lineno, it->classes[i]);
					return -1;
				}
			}
			return 0;
		}
		if (!strcmp(key, "checks")) {
			free_strv(it->checks, it->n_checks);
			it->n_checks = split_to_strv(value, &it->checks);
			for (size_t i = 0; i < it->n_checks; i++)
				if (!check_find(it->checks[i])) {
					snprintf(err, errlen, "%s:%u: no check has the id '%s'",
						 st->file, lineno, it->checks[i]);
					return -1;
				}
			return 0;
		}
	} else if (strcmp(section, "guideline") == 0) {
		if (!check_find(key)) {
			snprintf(err, errlen, "%s:%u: no check has the id '%s'", st->file, lineno, key);
			return -1;
		}
		for (size_t i = 0; i < c->n_guideline; i++)
			if (strcmp(c->guideline[i].check, key) == 0) {
				snprintf(err, errlen, "%s:%u: '%s' is set twice", st->file, lineno, key);
				return -1;
			}
		c->guideline = xreallocarray(c->guideline, c->n_guideline + 1, sizeof *c->guideline);
		struct checklist_guideline *g = &c->guideline[c->n_guideline++];
		g->check = xstrdup(key);
		g->n_refs = split_to_strv(value, &g->refs);
		return 0;
	} else {
		snprintf(err, errlen, "%s:%u: unknown section [%s]", st->file, lineno, section);
		return -1;
	}
	snprintf(err, errlen, "%s:%u: unknown key '%s' in [%s]", st->file, lineno, key, section);
	return -1;
}

static int validate(struct checklist *c, const char *file, char *err, size_t errlen)
{
	if (!c->id || !c->name_ja || !c->name_en || !c->published) {
		snprintf(err, errlen, "%s: [edition] needs id, name_ja, name_en and published", file);
		return -1;
	}
	for (size_t i = 0; i < c->n_sections; i++)
		if (!c->sections[i].title_ja || !c->sections[i].title_en) {
			snprintf(err, errlen, "%s: [section %s] needs title_ja and title_en", file,
				 c->sections[i].number);
			return -1;
		}
	if (c->n_items == 0) {
		snprintf(err, errlen, "%s: no [item ...] sections", file);
		return -1;
	}
	for (size_t i = 0; i < c->n_items; i++) {
		struct checklist_item *it = &c->items[i];
		if (!it->label || !it->section || !it->title_ja || !it->title_en || !it->n_classes) {
			snprintf(err, errlen, "%s: [item %s] needs label, section, title_ja, title_en and classes",
				 file, it->id);
			return -1;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(c->items[k].label, it->label) == 0) {
				snprintf(err, errlen, "%s: [item %s] and [item %s] share the label %s",
					 file, c->items[k].id, it->id, it->label);
				return -1;
			}
		if (!checklist_section(c, it->section)) {
			snprintf(err, errlen, "%s: [item %s] names section %s, which has no [section %s]",
				 file, it->id, it->section, it->section);
			return -1;
		}
	}
	for (size_t i = 0; i < c->n_sections; i++)
		if (!c->sections[i].forms) {
			snprintf(err, errlen, "%s: [section %s] needs forms (institution, vendor)", file,
				 c->sections[i].number);
			return -1;
		}
	return 0;
}

/* "latest": the edition with the newest published date among the shipped files. */
static char *find_latest(void)
{
	char *any = data_file_find("profiles/checklists/mhlw-r7.ini");
	if (!any)
		return NULL;
	char *dir = xstrndup(any, (size_t)(strrchr(any, '/') - any));
	/* the editions next to it: that directory's files, or the built-in ones */
	bool builtin = embedded_from_path(any) != NULL;
	DIR *d = builtin ? NULL : opendir(dir);
	if (!builtin && !d) { /* there but cannot be listed: opening the file says why */
		free(dir);
		return any;
	}
	const struct embedded_file *ef = embedded_files;
	const char *builtin_dir = "profiles/checklists/";
	char *best = NULL, *best_date = NULL;
	struct dirent *de;
	for (;;) {
		const char *entry;
		if (builtin) {
			for (; ef->name && strncmp(ef->name, builtin_dir, strlen(builtin_dir)); ef++)
				;
			if (!ef->name)
				break;
			entry = ef->name + strlen(builtin_dir);
			ef++;
		} else {
			if (!d || !(de = readdir(d)))
				break;
			entry = de->d_name;
		}
		size_t n = strlen(entry);
		if (n < 5 || strcmp(entry + n - 4, ".ini") != 0 || strchr(entry, '/'))
			continue;
		char *path = xasprintf("%s/%s", dir, entry);
		struct checklist *c;
		char err[512];
		if (checklist_load(path, &c, err, sizeof err) == 0) {
			if (!best_date || strcmp(c->published, best_date) > 0) {
				free(best);
				free(best_date);
				best = xstrdup(path);
				best_date = xstrdup(c->published);
			}
			checklist_free(c);
		}
		free(path);
	}
	if (d)
		closedir(d);
	free(best_date);
	free(dir);
	free(any);
	return best;
}

int checklist_load(const char *name_or_file, struct checklist **out, char *err, size_t errlen)
{
	char *path;
	if (strchr(name_or_file, '/')) {
		path = xstrdup(name_or_file);
	} else if (strcmp(name_or_file, "latest") == 0) {
		path = find_latest();
	} else {
		char *rel = xasprintf("profiles/checklists/%s.ini", name_or_file);
		path = data_file_find(rel);
		free(rel);
	}
	if (!path) {
		snprintf(err, errlen, "checklist edition '%s' not found", name_or_file);
		return -1;
	}
	struct checklist *c = xcalloc(1, sizeof *c);
	c->file = path;
	struct parse_state st = { .c = c, .file = path };
	int rc = ini_parse_file(path, MAX_CHECKLIST_BYTES, on_value, &st, err, errlen);
	if (rc == 0)
		rc = validate(c, path, err, errlen);
	if (rc != 0) {
		checklist_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

void checklist_free(struct checklist *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_items; i++) {
		struct checklist_item *it = &c->items[i];
		free(it->id);
		free(it->label);
		free(it->section);
		free(it->title_ja);
		free(it->title_en);
		free(it->manual_hint_ja);
		free(it->manual_hint_en);
		free_strv(it->classes, it->n_classes);
		free_strv(it->checks, it->n_checks);
	}
	free(c->items);
	for (size_t i = 0; i < c->n_sections; i++) {
		free(c->sections[i].number);
		free(c->sections[i].title_ja);
		free(c->sections[i].title_en);
	}
	free(c->sections);
	for (size_t i = 0; i < c->n_guideline; i++) {
		free(c->guideline[i].check);
		free_strv(c->guideline[i].refs, c->guideline[i].n_refs);
	}
	free(c->guideline);
	free(c->id);
	free(c->name_ja);
	free(c->name_en);
	free(c->published);
	free(c->file);
	free(c);
}

bool checklist_item_applies(const struct checklist_item *item, const char *device_class)
{
	for (size_t i = 0; i < item->n_classes; i++)
		if (strcmp(item->classes[i], device_class) == 0)
			return true;
	return false;
}

char *const *checklist_guideline_refs(const struct checklist *c, const char *check_id, size_t *n)
{
	for (size_t i = 0; i < c->n_guideline; i++)
		if (strcmp(c->guideline[i].check, check_id) == 0) {
			*n = c->guideline[i].n_refs;
			return c->guideline[i].refs;
		}
	*n = 0;
	return NULL;
}

const struct checklist_section *checklist_section(const struct checklist *c, const char *number)
{
	for (size_t i = 0; i < c->n_sections; i++)
		if (strcmp(c->sections[i].number, number) == 0)
			return &c->sections[i];
	return NULL;
}

size_t checklist_items_for_check(const struct checklist *c, const char *check_id,
				 const char **ids, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n_items; i++)
		for (size_t k = 0; k < c->items[i].n_checks; k++)
			if (strcmp(c->items[i].checks[k], check_id) == 0) {
				if (n < max)
					ids[n] = c->items[i].id;
				n++;
				break;
			}
	return n;
}

unsigned checklist_item_forms(const struct checklist *c, const struct checklist_item *item)
{
	if (item->forms)
		return item->forms;
	const struct checklist_section *s = checklist_section(c, item->section);
	return s ? s->forms : 0;
}
