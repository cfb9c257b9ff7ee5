/* Support-lifecycle data, os-release and the judgement (see os_lifecycle.h). */
#include "os_lifecycle.h"
#include "../core/civil_date.h"
#include "../core/ini.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool os_lifecycle_date(const char *s, int64_t *days)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1970 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[m - 1] + (m == 2 && leap))
		return false;
	*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return true;
}

struct parse_state {
	struct os_lifecycle *db;
	const char *file;
};

static void free_entry(struct os_release_entry *e)
{
	free(e->key);
	free(e->name);
	for (size_t i = 0; i < e->n_editions; i++)
		free(e->editions[i]);
	free(e->editions);
	for (int k = 0; k < 2; k++) {
		free(e->period[k].source);
		free(e->period[k].checked);
	}
}

static int set_string(char **slot, const char *value, const struct parse_state *st, unsigned line,
		      const char *key, char *err, size_t errlen)
{
	if (*slot) {
		snprintf(err, errlen, "%s:%u: %s is set twice", st->file, line, key);
		return -1;
	}
	*slot = xstrdup(value);
	return 0;
}

static int entry_cb(void *ud, const char *section, const char *key, enum ini_op op,
		    const char *value, unsigned lineno, char *err, size_t errlen)
{
	struct parse_state *st = ud;
	struct os_lifecycle *db = st->db;
	if (!key) {
		for (size_t i = 0; i < db->n; i++)
			if (strcasecmp(db->entries[i].key, section) == 0) {
				snprintf(err, errlen, "%s:%u: [%s] appears twice", st->file, lineno,
					 section);
				return -1;
			}
		/* "[debian 12]": an id and a version, or "[windows BUILD WORD]" */
		const char *sp = strchr(section, ' ');
		if (!sp || !sp[1] || section == sp) {
			snprintf(err, errlen, "%s:%u: [%s] is not \"ID VERSION\"", st->file, lineno,
				 section);
			return -1;
		}
		db->entries = xreallocarray(db->entries, db->n + 1, sizeof *db->entries);
		struct os_release_entry *e = &db->entries[db->n++];
		memset(e, 0, sizeof *e);
		e->key = xstrdup(section);
		e->line = lineno;
		return 0;
	}
	if (db->n == 0 || strcasecmp(db->entries[db->n - 1].key, section) != 0) {
		snprintf(err, errlen, "%s:%u: key outside a release section", st->file, lineno);
		return -1;
	}
	if (op != INI_SET) {
		snprintf(err, errlen, "%s:%u: only '=' is allowed here", st->file, lineno);
		return -1;
	}
	struct os_release_entry *e = &db->entries[db->n - 1];
	if (!strcmp(key, "name"))
		return set_string(&e->name, value, st, lineno, key, err, errlen);
	if (!strcmp(key, "editions")) {
		if (e->editions) {
			snprintf(err, errlen, "%s:%u: editions is set twice", st->file, lineno);
			return -1;
		}
		char **items, *storage;
		size_t n = ini_split_list(value, &items, &storage);
		e->editions = xcalloc(n + 1, sizeof *e->editions);
		for (size_t i = 0; i < n; i++)
			e->editions[i] = xstrdup(items[i]);
		e->n_editions = n;
		free(items);
		free(storage);
		if (n == 0) {
			snprintf(err, errlen, "%s:%u: editions is empty", st->file, lineno);
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "unverified")) {
		char **items, *storage;
		size_t n = ini_split_list(value, &items, &storage);
		int rc = 0;
		for (size_t i = 0; i < n && rc == 0; i++) {
			if (!strcmp(items[i], "regular"))
				e->period[OS_SUPPORT_REGULAR].unverified = true;
			else if (!strcmp(items[i], "lts"))
				e->period[OS_SUPPORT_LTS].unverified = true;
			else {
				snprintf(err, errlen, "%s:%u: unverified names regular or lts, not '%s'",
					 st->file, lineno, items[i]);
				rc = -1;
			}
		}
		free(items);
		free(storage);
		return rc;
	}
	int kind = strncmp(key, "regular_", 8) == 0 ? OS_SUPPORT_REGULAR
		: strncmp(key, "lts_", 4) == 0 ? OS_SUPPORT_LTS : -1;
	if (kind >= 0) {
		struct os_support_period *p = &e->period[kind];
		const char *what = key + (kind == OS_SUPPORT_REGULAR ? 8 : 4);
		if (!strcmp(what, "end")) {
			if (p->set) {
				snprintf(err, errlen, "%s:%u: %s is set twice", st->file, lineno, key);
				return -1;
			}
			if (!os_lifecycle_date(value, &p->end)) {
				snprintf(err, errlen, "%s:%u: %s: '%s' is not a YYYY-MM-DD date",
					 st->file, lineno, key, value);
				return -1;
			}
			memcpy(p->end_text, value, 10);
			p->end_text[10] = '\0';
			p->set = true;
			return 0;
		}
		if (!strcmp(what, "source"))
			return set_string(&p->source, value, st, lineno, key, err, errlen);
		if (!strcmp(what, "checked")) {
			int64_t d;
			if (!os_lifecycle_date(value, &d)) {
				snprintf(err, errlen, "%s:%u: %s: '%s' is not a YYYY-MM-DD date",
					 st->file, lineno, key, value);
				return -1;
			}
			return set_string(&p->checked, value, st, lineno, key, err, errlen);
		}
	}
	snprintf(err, errlen, "%s:%u: unknown key '%s'", st->file, lineno, key);
	return -1;
}

int os_lifecycle_parse(const char *buf, size_t len, const char *filename, struct os_lifecycle *db,
		       char *err, size_t errlen)
{
	memset(db, 0, sizeof *db);
	struct parse_state st = { db, filename };
	if (ini_parse(buf, len, filename, entry_cb, &st, err, errlen) != 0) {
		os_lifecycle_free(db);
		return -1;
	}
	for (size_t i = 0; i < db->n; i++) {
		struct os_release_entry *e = &db->entries[i];
		const struct os_support_period *reg = &e->period[OS_SUPPORT_REGULAR];
		const struct os_support_period *lts = &e->period[OS_SUPPORT_LTS];
		const char *why = !e->name ? "needs name"
			: !reg->set ? "needs regular_end"
			: lts->set && lts->end < reg->end ? "has lts_end before regular_end" : NULL;
		if (why) {
			snprintf(err, errlen, "%s:%u: [%s] %s", filename, e->line, e->key, why);
			os_lifecycle_free(db);
			return -1;
		}
	}
	return 0;
}

void os_lifecycle_free(struct os_lifecycle *db)
{
	for (size_t i = 0; i < db->n; i++)
		free_entry(&db->entries[i]);
	free(db->entries);
	memset(db, 0, sizeof *db);
}

/* The section's words: first two compared, the rest free */
static bool key_matches(const char *key, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (strncasecmp(key, a, la) != 0 || key[la] != ' ')
		return false;
	key += la + 1;
	return strncasecmp(key, b, lb) == 0 && (key[lb] == '\0' || key[lb] == ' ');
}

const struct os_release_entry *os_lifecycle_find_linux(const struct os_lifecycle *db,
						       const char *id, const char *major)
{
	if (!id || !*id || !major || !*major || strchr(id, ' ') || strchr(major, ' '))
		return NULL;
	for (size_t i = 0; i < db->n; i++)
		if (key_matches(db->entries[i].key, id, major) && !db->entries[i].editions)
			return &db->entries[i];
	return NULL;
}

const struct os_release_entry *os_lifecycle_find_windows(const struct os_lifecycle *db,
							 const char *build, const char *edition)
{
	if (!build || !*build || strchr(build, ' '))
		return NULL;
	for (size_t i = 0; i < db->n; i++) {
		const struct os_release_entry *e = &db->entries[i];
		if (!key_matches(e->key, "windows", build))
			continue;
		if (!e->editions)
			return e;
		for (size_t k = 0; k < e->n_editions && edition; k++)
			if (fnmatch(e->editions[k], edition, FNM_CASEFOLD) == 0)
				return e;
	}
	return NULL;
}

enum os_support_state os_lifecycle_judge(const struct os_release_entry *e, int64_t today,
					 long long warn_days, enum os_support_kind *which)
{
	const struct os_support_period *reg = &e->period[OS_SUPPORT_REGULAR];
	const struct os_support_period *lts = &e->period[OS_SUPPORT_LTS];
	enum os_support_kind last = lts->set ? OS_SUPPORT_LTS : OS_SUPPORT_REGULAR;
	int64_t last_end = e->period[last].end;
	if (today > last_end) {
		*which = last;
		return OS_ENDED;
	}
	*which = today <= reg->end ? OS_SUPPORT_REGULAR : OS_SUPPORT_LTS;
	if (last_end - today < warn_days) {
		*which = last;
		return OS_ENDING;
	}
	return *which == OS_SUPPORT_REGULAR ? OS_SUPPORTED : OS_SUPPORTED_LTS;
}

/* One os-release value: unquoted, "double" (with \ escapes) or 'single' quoted */
static char *unquote(const char *v, size_t n)
{
	char *out = xmalloc(n + 1);
	size_t o = 0;
	char q = n && (v[0] == '"' || v[0] == '\'') ? v[0] : 0;
	for (size_t i = q ? 1 : 0; i < n; i++) {
		if (q && v[i] == q)
			break;
		if (q == '"' && v[i] == '\\' && i + 1 < n)
			i++;
		out[o++] = v[i];
	}
	out[o] = '\0';
	return out;
}

bool os_release_parse(const char *buf, size_t len, struct os_release *out)
{
	memset(out, 0, sizeof *out);
	if (memchr(buf, '\0', len))
		return false;
	const char *pos = buf, *end = buf + len;
	while (pos < end) {
		const char *nl = memchr(pos, '\n', (size_t)(end - pos));
		const char *le = nl ? nl : end;
		const char *next = nl ? nl + 1 : end;
		while (pos < le && (*pos == ' ' || *pos == '\t'))
			pos++;
		while (le > pos && (le[-1] == '\r' || le[-1] == ' ' || le[-1] == '\t'))
			le--;
		const char *eq = memchr(pos, '=', (size_t)(le - pos));
		if (eq && *pos != '#') {
			size_t kl = (size_t)(eq - pos);
			char **slot = kl == 2 && !memcmp(pos, "ID", 2) ? &out->id
				: kl == 10 && !memcmp(pos, "VERSION_ID", 10) ? &out->version_id
				: kl == 11 && !memcmp(pos, "PRETTY_NAME", 11) ? &out->pretty_name
				: kl == 7 && !memcmp(pos, "ID_LIKE", 7) ? &out->id_like : NULL;
			if (slot) {
				free(*slot);
				*slot = unquote(eq + 1, (size_t)(le - eq - 1));
			}
		}
		pos = next;
	}
	return true;
}

void os_release_free(struct os_release *r)
{
	free(r->id);
	free(r->version_id);
	free(r->pretty_name);
	free(r->id_like);
	memset(r, 0, sizeof *r);
}

bool os_version_major(const char *version, char *buf, size_t len)
{
	if (!version || !isdigit((unsigned char)version[0]) || len == 0)
		return false;
	size_t n = strspn(version, "0123456789");
	if (n >= len)
		return false;
	memcpy(buf, version, n);
	buf[n] = '\0';
	return true;
}
