/* systemd unit file [Install] parsing and unit name rules, following systemd's conf-parser.c
 * (line continuation, comments) and unit-name.c (valid names, templates, instances). */
#include "unit_file.h"
#include "../core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNIT_NAME_MAX 256 /* systemd's UNIT_NAME_MAX, including the NUL */

static const char *const unit_suffixes[] = {
	".service", ".socket", ".target", ".device", ".mount", ".automount", ".swap",
	".timer", ".path", ".slice", ".scope",
};

const char *unit_name_suffix(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return NULL;
	for (size_t i = 0; i < sizeof unit_suffixes / sizeof unit_suffixes[0]; i++)
		if (strcmp(dot, unit_suffixes[i]) == 0)
			return dot;
	return NULL;
}

/* systemd's VALID_CHARS plus '@' for the one instance separator. */
static bool valid_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == ':' || c == '-' || c == '_' || c == '.' || c == '\\';
}

bool unit_name_valid(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len >= UNIT_NAME_MAX)
		return false;
	const char *suffix = unit_name_suffix(name);
	if (!suffix || suffix == name)
		return false;
	const char *at = NULL;
	for (const char *p = name; p < suffix; p++) {
		if (*p == '@') {
			if (at)
				return false;
			at = p;
		} else if (!valid_char(*p)) {
			return false;
		}
	}
	return at != name; /* "@x.service" has an empty prefix */
}

bool unit_name_is_template(const char *name)
{
	const char *suffix = unit_name_suffix(name);
	return unit_name_valid(name) && suffix > name && suffix[-1] == '@';
}

bool unit_name_is_instance(const char *name)
{
	const char *at = strchr(name, '@');
	const char *suffix = unit_name_suffix(name);
	return unit_name_valid(name) && at && suffix && at + 1 < suffix;
}

bool unit_name_template(const char *name, char *out, size_t outlen)
{
	if (!unit_name_is_instance(name))
		return false;
	const char *at = strchr(name, '@');
	const char *suffix = unit_name_suffix(name);
	int n = snprintf(out, outlen, "%.*s@%s", (int)(at - name), name, suffix);
	return n > 0 && (size_t)n < outlen;
}

void unit_name_prefix(const char *name, char *out, size_t outlen)
{
	if (outlen == 0)
		return;
	const char *suffix = unit_name_suffix(name);
	size_t n = suffix ? (size_t)(suffix - name) : strlen(name);
	const char *at = memchr(name, '@', n);
	if (at)
		n = (size_t)(at - name);
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, name, n);
	out[n] = '\0';
}

static void list_clear(struct unit_name_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static void list_add(struct unit_name_list *l, const char *word, size_t len)
{
	l->items = xreallocarray(l->items, l->n + 1, sizeof *l->items);
	l->items[l->n++] = xstrndup(word, len);
}

/* Split a value into words as extract_first_word(EXTRACT_UNQUOTE) does for simple cases:
 * whitespace separates, "..." and '...' group. An empty value resets the list. */
static void list_assign(struct unit_name_list *l, const char *value)
{
	const char *p = value;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p) {
		list_clear(l);
		return;
	}
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (*p == '"' || *p == '\'') {
			char q = *p++;
			const char *end = strchr(p, q);
			size_t n = end ? (size_t)(end - p) : strlen(p);
			if (n)
				list_add(l, p, n);
			p += n + (end ? 1 : 0);
			continue;
		}
		const char *start = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		list_add(l, start, (size_t)(p - start));
	}
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static void note_bad(struct unit_install *u, unsigned line, const char *why)
{
	if (u->n_bad++ == 0) {
		u->first_bad_line = line;
		u->first_bad_why = why;
	}
}

static void assign(struct unit_install *u, const char *key, const char *value)
{
	if (strcmp(key, "Alias") == 0)
		list_assign(&u->alias, value);
	else if (strcmp(key, "WantedBy") == 0)
		list_assign(&u->wanted_by, value);
	else if (strcmp(key, "RequiredBy") == 0)
		list_assign(&u->required_by, value);
	else if (strcmp(key, "UpheldBy") == 0)
		list_assign(&u->upheld_by, value);
	else if (strcmp(key, "Also") == 0)
		list_assign(&u->also, value);
	else if (strcmp(key, "DefaultInstance") == 0) {
		free(u->default_instance);
		u->default_instance = *value ? xstrdup(value) : NULL;
	}
}

/* One logical line (continuations joined): section header, comment or assignment. */
static void logical_line(struct unit_install *u, char *line, unsigned lineno, char *section,
			 size_t section_len)
{
	char *l = trim(line);
	if (!*l || *l == '#' || *l == ';')
		return;
	if (*l == '[') {
		size_t n = strlen(l);
		if (n < 2 || l[n - 1] != ']') {
			note_bad(u, lineno, "invalid section header");
			section[0] = '\0';
			return;
		}
		snprintf(section, section_len, "%.*s", (int)(n - 2), l + 1);
		return;
	}
	char *eq = strchr(l, '=');
	if (!eq) {
		note_bad(u, lineno, "missing '='");
		return;
	}
	if (!section[0]) {
		note_bad(u, lineno, "assignment outside of a section");
		return;
	}
	*eq = '\0';
	char *key = trim(l);
	char *value = trim(eq + 1);
	if (strcmp(section, "Install") == 0)
		assign(u, key, value);
}

void unit_file_parse_install(const char *buf, size_t len, struct unit_install *out)
{
	memset(out, 0, sizeof *out);
	char section[128] = "";
	char *logical = NULL; /* the continued line being assembled */
	size_t logical_len = 0;
	unsigned logical_start = 0, lineno = 0;
	size_t pos = 0;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		const char *raw = buf + pos;
		pos += n + (nl ? 1 : 0);
		lineno++;
		const char *nul = memchr(raw, '\0', n);
		if (nul)
			n = (size_t)(nul - raw); /* a NUL byte ends the line's text */
		if (n && raw[n - 1] == '\r')
			n--;
		if (logical) {
			/* systemd skips comment lines inside a continuation. */
			size_t k = 0;
			while (k < n && (raw[k] == ' ' || raw[k] == '\t'))
				k++;
			if (k < n && (raw[k] == '#' || raw[k] == ';'))
				continue;
		}
		/* An odd number of trailing backslashes continues the line (a doubled one is literal). */
		size_t slashes = 0;
		while (slashes < n && raw[n - 1 - slashes] == '\\')
			slashes++;
		bool continued = slashes % 2 == 1;
		size_t take = continued ? n - 1 : n;
		if (!logical) {
			logical_start = lineno;
			/* A comment line never continues, even when it ends in a backslash. */
			size_t k = 0;
			while (k < n && (raw[k] == ' ' || raw[k] == '\t'))
				k++;
			if (k < n && (raw[k] == '#' || raw[k] == ';'))
				continue;
		}
		logical = xrealloc(logical, logical_len + take + 2);
		memcpy(logical + logical_len, raw, take);
		logical_len += take;
		if (continued) {
			logical[logical_len++] = ' '; /* the backslash becomes a space */
			logical[logical_len] = '\0';
			continue;
		}
		logical[logical_len] = '\0';
		logical_line(out, logical, logical_start, section, sizeof section);
		free(logical);
		logical = NULL;
		logical_len = 0;
	}
	if (logical) { /* the file ended inside a continuation: systemd still uses the text */
		logical[logical_len] = '\0';
		logical_line(out, logical, logical_start, section, sizeof section);
		free(logical);
	}
}

void unit_install_free(struct unit_install *u)
{
	list_clear(&u->alias);
	list_clear(&u->wanted_by);
	list_clear(&u->required_by);
	list_clear(&u->upheld_by);
	list_clear(&u->also);
	free(u->default_instance);
	u->default_instance = NULL;
}

bool unit_install_has_rules(const struct unit_install *u)
{
	return u->alias.n || u->wanted_by.n || u->required_by.n || u->upheld_by.n;
}
