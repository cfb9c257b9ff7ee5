/* apt.conf lookup (see apt_conf.h): a tokenizer over words, quoted strings, '{', '}' and ';'
 * that keeps the stack of open scopes. */
#include "apt_conf.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_NAME 512
#define MAX_DEPTH 32

bool apt_conf_lookup(const char *buf, size_t len, const char *name, char *value, size_t vlen,
		     unsigned *line)
{
	const char *p = buf, *end = buf + len;
	unsigned lineno = 1;
	size_t scope_len[MAX_DEPTH];
	int depth = 0;
	char path[MAX_NAME] = ""; /* the open scopes joined by "::" */
	char tag[MAX_NAME] = "";   /* the word before a value, '{' or ';' */
	bool have_tag = false, found = false;
	while (p < end) {
		char c = *p;
		if (c == '\n') {
			lineno++;
			p++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			p++;
			continue;
		}
		if (c == '#' || (c == '/' && p + 1 < end && p[1] == '/')) {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (c == '/' && p + 1 < end && p[1] == '*') {
			p += 2;
			while (p + 1 < end && !(p[0] == '*' && p[1] == '/')) {
				if (*p == '\n')
					lineno++;
				p++;
			}
			p += 2;
			continue;
		}
		if (c == '{') {
			if (depth < MAX_DEPTH) {
				scope_len[depth++] = strlen(path);
				if (have_tag) {
					size_t pl = strlen(path);
					snprintf(path + pl, sizeof path - pl, "%s%s", pl ? "::" : "", tag);
				}
			}
			have_tag = false;
			p++;
			continue;
		}
		if (c == '}') {
			if (depth > 0)
				path[scope_len[--depth]] = '\0';
			have_tag = false;
			p++;
			continue;
		}
		if (c == ';') {
			have_tag = false;
			p++;
			continue;
		}
		if (c == '"') {
			const char *s = ++p;
			while (p < end && *p != '"') {
				if (*p == '\n')
					lineno++;
				p++;
			}
			size_t n = (size_t)(p - s);
			if (p < end)
				p++;
			if (have_tag) {
				char full[MAX_NAME * 2];
				snprintf(full, sizeof full, "%s%s%s", path, path[0] ? "::" : "", tag);
				if (strcasecmp(full, name) == 0) {
					if (n >= vlen)
						n = vlen - 1;
					memcpy(value, s, n);
					value[n] = '\0';
					*line = lineno;
					found = true;
				}
				have_tag = false;
			}
			continue;
		}
		/* a word: an option name (possibly A::B::C) or "#include"-style directives */
		const char *s = p;
		while (p < end && *p && !strchr(" \t\r\n{};\"", *p))
			p++;
		size_t n = (size_t)(p - s);
		if (!n) {
			p++; /* a NUL byte: no token, and no endless loop */
			continue;
		}
		if (have_tag) {
			/* an unquoted value: "Tag Value;" */
			char full[MAX_NAME * 2];
			snprintf(full, sizeof full, "%s%s%s", path, path[0] ? "::" : "", tag);
			if (strcasecmp(full, name) == 0) {
				size_t m = n < vlen ? n : vlen - 1;
				memcpy(value, s, m);
				value[m] = '\0';
				*line = lineno;
				found = true;
			}
			have_tag = false;
			continue;
		}
		if (n >= sizeof tag)
			n = sizeof tag - 1;
		memcpy(tag, s, n);
		tag[n] = '\0';
		have_tag = true;
	}
	return found;
}
