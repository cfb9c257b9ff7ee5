/* Profile loading: INI files with `include`, typed and bounded against profile_keys. */
#include "config.h"
#include "profile.h"
#include "build.h"
#include "embedded_data.h"
#include "ini.h"
#include "xalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_INCLUDE_DEPTH 8
#define MAX_PROFILE_BYTES (1 << 20)

struct profile_value {
	const struct profile_key *key;
	char *text;              /* scalar value */
	struct profile_list list;
	char *file;
	unsigned line;
};

struct profile {
	char *name;
	char *file;
	struct profile_value *values; /* one per profile_keys entry, same order */
	char **files;
	size_t n_files;
};

struct load_state {
	struct profile *p;
	const char *file;
	int depth;
	bool saw_section;
};

static int load_file(struct profile *p, const char *path, int depth, char *err, size_t errlen);

/* /etc/kensa, $KENSA_DATADIR, the install prefix, the source tree (not in the self-contained
 * build: the build machine's path means nothing where it is copied to), then the copy built into
 * kensa: a file on disk always overrides the built-in one. */
char *data_file_find(const char *relative)
{
	const char *dirs[] = { "/etc/kensa", getenv("KENSA_DATADIR"), KENSA_DATADIR,
			       kensa_static_build ? NULL : KENSA_SOURCE_DATADIR };
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		if (!dirs[i] || !*dirs[i])
			continue;
		char *path = xasprintf("%s/%s", dirs[i], relative);
		struct stat st;
		if (stat(path, &st) == 0 ? S_ISREG(st.st_mode) : errno != ENOENT && errno != ENOTDIR)
			return path;  /* found, or there but not ours to read: opening it says why */
		free(path);
	}
	if (embedded_find(relative))
		return xasprintf("%s%s", EMBEDDED_PREFIX, relative);
	return NULL;
}

char *profile_data_path(const struct profile *p, const char *v)
{
	if (!strchr(v, '/')) {
		char *rel = xasprintf("profiles/%s", v);
		char *found = data_file_find(rel);
		free(rel);
		return found;
	}
	if (v[0] == '/')
		return xstrdup(v);
	const char *pf = profile_file(p);
	const char *slash = pf ? strrchr(pf, '/') : NULL;
	return slash ? xasprintf("%.*s/%s", (int)(slash - pf), pf, v) : xstrdup(v);
}

static bool looks_like_path(const char *s)
{
	size_t n = strlen(s);
	return strchr(s, '/') || (n > 4 && strcmp(s + n - 4, ".ini") == 0);
}

static const struct profile_key *find_key(const char *section, const char *key, size_t *index)
{
	for (size_t i = 0; i < profile_key_count; i++)
		if (strcmp(profile_keys[i].section, section) == 0 &&
		    strcmp(profile_keys[i].key, key) == 0) {
			*index = i;
			return &profile_keys[i];
		}
	return NULL;
}

static void list_free(struct profile_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static void list_add_unique(struct profile_list *l, const char *item)
{
	if (profile_list_contains(l, item))
		return;
	l->items = xreallocarray(l->items, l->n + 1, sizeof *l->items);
	l->items[l->n++] = xstrdup(item);
}

static void list_remove(struct profile_list *l, const char *item)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i], item) == 0) {
			free(l->items[i]);
			memmove(&l->items[i], &l->items[i + 1], (l->n - i - 1) * sizeof *l->items);
			l->n--;
			return;
		}
}

static int parse_int(const char *text, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno || end == text || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *text, bool *out)
{
	if (!strcmp(text, "yes") || !strcmp(text, "true") || !strcmp(text, "1")) {
		*out = true;
		return 0;
	}
	if (!strcmp(text, "no") || !strcmp(text, "false") || !strcmp(text, "0")) {
		*out = false;
		return 0;
	}
	return -1;
}

static char *resolve_include(const char *from_file, const char *target)
{
	if (!looks_like_path(target)) {
		char *rel = xasprintf("profiles/%s.ini", target);
		char *found = data_file_find(rel);
		free(rel);
		return found;
	}
	if (target[0] == '/')
		return xstrdup(target);
	const char *slash = strrchr(from_file, '/');
	if (!slash)
		return xstrdup(target);
	return xasprintf("%.*s/%s", (int)(slash - from_file), from_file, target);
}

static int on_value(void *ud, const char *section, const char *key, enum ini_op op,
		    const char *value, unsigned lineno, char *err, size_t errlen)
{
	struct load_state *st = ud;
	struct profile *p = st->p;
	if (!key)
		return 0;
	if (!*section) {
		if (strcmp(key, "include") != 0 || op != INI_SET) {
			snprintf(err, errlen, "%s:%u: only 'include = PROFILE' may come before the first [section]",
				 st->file, lineno);
			return -1;
		}
		if (st->saw_section) {
			snprintf(err, errlen, "%s:%u: include must come first", st->file, lineno);
			return -1;
		}
		if (st->depth >= MAX_INCLUDE_DEPTH) {
			snprintf(err, errlen, "%s:%u: includes nested deeper than %d (a loop?)",
				 st->file, lineno, MAX_INCLUDE_DEPTH);
			return -1;
		}
		char *path = resolve_include(st->file, value);
		if (!path) {
			snprintf(err, errlen, "%s:%u: included profile '%s' not found", st->file,
				 lineno, value);
			return -1;
		}
		int rc = load_file(p, path, st->depth + 1, err, errlen);
		free(path);
		return rc;
	}
	st->saw_section = true;
	size_t index;
	const struct profile_key *k = find_key(section, key, &index);
	if (!k) {
		snprintf(err, errlen, "%s:%u: unknown key '%s' in [%s]", st->file, lineno, key,
			 section);
		return -1;
	}
	struct profile_value *v = &p->values[index];
	if (op != INI_SET && k->type != PROFILE_LIST) {
		snprintf(err, errlen, "%s:%u: '%s' is not a list; use '='", st->file, lineno, key);
		return -1;
	}
	switch (k->type) {
	case PROFILE_INT: {
		long long n;
		if (parse_int(value, &n) != 0 || n < k->min || n > k->max) {
			snprintf(err, errlen, "%s:%u: [%s] %s must be a whole number from %lld to %lld, not '%s'",
				 st->file, lineno, section, key, k->min, k->max, value);
			return -1;
		}
		break;
	}
	case PROFILE_BOOL: {
		bool b;
		if (parse_bool(value, &b) != 0) {
			snprintf(err, errlen, "%s:%u: [%s] %s must be yes or no, not '%s'", st->file,
				 lineno, section, key, value);
			return -1;
		}
		break;
	}
	case PROFILE_STRING:
		if (!*value) {
			snprintf(err, errlen, "%s:%u: [%s] %s must not be empty", st->file, lineno,
				 section, key);
			return -1;
		}
		break;
	case PROFILE_LIST: {
		char **items, *storage;
		size_t n = ini_split_list(value, &items, &storage);
		if (op == INI_SET)
			list_free(&v->list);
		for (size_t i = 0; i < n; i++) {
			if (op == INI_REMOVE)
				list_remove(&v->list, items[i]);
			else
				list_add_unique(&v->list, items[i]);
		}
		free(items);
		free(storage);
		break;
	}
	}
	free(v->text);
	v->text = xstrdup(value);
	free(v->file);
	v->file = xstrdup(st->file);
	v->line = lineno;
	return 0;
}

static int load_file(struct profile *p, const char *path, int depth, char *err, size_t errlen)
{
	/* Any failure discards the whole profile, so the file may be listed before it is read. */
	p->files = xreallocarray(p->files, p->n_files + 2, sizeof *p->files);
	p->files[p->n_files++] = xstrdup(path);
	p->files[p->n_files] = NULL;
	struct load_state st = { .p = p, .file = path, .depth = depth };
	return ini_parse_file(path, MAX_PROFILE_BYTES, on_value, &st, err, errlen);
}

int profile_load(const char *name_or_file, struct profile **out, char *err, size_t errlen)
{
	char *path;
	if (looks_like_path(name_or_file)) {
		path = xstrdup(name_or_file);
	} else {
		char *rel = xasprintf("profiles/%s.ini", name_or_file);
		path = data_file_find(rel);
		free(rel);
		if (!path) {
			snprintf(err, errlen, "profile '%s' not found (try 'server' or 'terminal', or give a file)",
				 name_or_file);
			return -1;
		}
	}
	struct profile *p = xcalloc(1, sizeof *p);
	p->values = xcalloc(profile_key_count, sizeof *p->values);
	p->file = path;
	const char *base = strrchr(name_or_file, '/');
	p->name = xstrdup(base ? base + 1 : name_or_file);
	size_t nl = strlen(p->name);
	if (nl > 4 && strcmp(p->name + nl - 4, ".ini") == 0)
		p->name[nl - 4] = '\0';
	if (load_file(p, path, 0, err, errlen) != 0) {
		profile_free(p);
		return -1;
	}
	for (size_t i = 0; i < profile_key_count; i++)
		if (!p->values[i].text) {
			snprintf(err, errlen, "%s: no value for [%s] %s (add 'include = server' to inherit the defaults)",
				 path, profile_keys[i].section, profile_keys[i].key);
			profile_free(p);
			return -1;
		}
	*out = p;
	return 0;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < profile_key_count; i++) {
		free(p->values[i].text);
		free(p->values[i].file);
		list_free(&p->values[i].list);
	}
	free(p->values);
	for (size_t i = 0; i < p->n_files; i++)
		free(p->files[i]);
	free(p->files);
	free(p->name);
	free(p->file);
	free(p);
}

const char *profile_name(const struct profile *p) { return p->name; }
const char *profile_file(const struct profile *p) { return p->file; }
const char *const *profile_files(const struct profile *p) { return (const char *const *)p->files; }

static const struct profile_value *lookup(const struct profile *p, const char *section,
					  const char *key, enum profile_type type)
{
	size_t index;
	const struct profile_key *k = find_key(section, key, &index);
	if (!k || k->type != type) {
		fprintf(stderr, "kensa: internal error: profile key [%s] %s unknown or mistyped\n",
			section, key);
		abort();
	}
	return &p->values[index];
}

long long profile_int(const struct profile *p, const char *section, const char *key)
{
	long long n = 0;
	(void)parse_int(lookup(p, section, key, PROFILE_INT)->text, &n);
	return n;
}

bool profile_bool(const struct profile *p, const char *section, const char *key)
{
	bool b = false;
	(void)parse_bool(lookup(p, section, key, PROFILE_BOOL)->text, &b);
	return b;
}

const char *profile_string(const struct profile *p, const char *section, const char *key)
{
	return lookup(p, section, key, PROFILE_STRING)->text;
}

const struct profile_list *profile_list(const struct profile *p, const char *section,
					const char *key)
{
	return &lookup(p, section, key, PROFILE_LIST)->list;
}

bool profile_list_contains(const struct profile_list *l, const char *item)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i], item) == 0)
			return true;
	return false;
}
