/* Shared by the evidence checks: see evidence_util.h. */
#include "evidence_util.h"
#include "../core/xalloc.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool secret_name(const char *name, size_t n)
{
	static const char *const words[] = { "pass", "secret", "token", "key", "pwd", "credential",
					     NULL };
	for (size_t i = 0; words[i]; i++) {
		size_t wl = strlen(words[i]);
		for (size_t k = 0; k + wl <= n; k++)
			if (!strncasecmp(name + k, words[i], wl))
				return true;
	}
	return false;
}

static void put(char **out, size_t *len, size_t *cap, const char *s, size_t n)
{
	XGROW(*out, *len, *cap, *len + n + 1);
	memcpy(*out + *len, s, n);
	*len += n;
	(*out)[*len] = '\0';
}

char *evidence_redact_command(const char *command, size_t max)
{
	char *out = NULL;
	size_t len = 0, cap = 0;
	put(&out, &len, &cap, "", 0);
	bool hide_next = false;
	const char *p = command;
	while (*p) {
		const char *ws = p;
		while (*p == ' ' || *p == '\t')
			p++;
		put(&out, &len, &cap, ws, (size_t)(p - ws));
		const char *w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		size_t n = (size_t)(p - w);
		if (!n)
			continue;
		if (hide_next) {
			put(&out, &len, &cap, "***", 3);
			hide_next = false;
			continue;
		}
		const char *eq = memchr(w, '=', n);
		/* Windows options: "-password:SECRET", "/p:SECRET" */
		if (!eq && (w[0] == '-' || w[0] == '/') && memchr(w, ':', n) &&
		    !memchr(w, '\\', (size_t)((const char *)memchr(w, ':', n) - w)))
			eq = memchr(w, ':', n);
		size_t name_len = eq ? (size_t)(eq - w) : n;
		bool names_file = name_len > 4 && !strncasecmp(w + name_len - 4, "file", 4);
		if (eq && secret_name(w, name_len) && !names_file) {
			put(&out, &len, &cap, w, (size_t)(eq - w) + 1);
			put(&out, &len, &cap, "***", 3);
			continue;
		}
		/* "--password SECRET": hide the next word; "--password-file PATH" names a file */
		if (!eq && w[0] == '-' && n > 1 && secret_name(w, n) && !names_file) {
			put(&out, &len, &cap, w, n);
			hide_next = true;
			continue;
		}
		const char *scheme = NULL;
		for (size_t k = 0; k + 3 <= n; k++)
			if (!memcmp(w + k, "://", 3)) {
				scheme = w + k + 3;
				break;
			}
		const char *at = scheme ? memchr(scheme, '@', (size_t)(w + n - scheme)) : NULL;
		const char *colon = at ? memchr(scheme, ':', (size_t)(at - scheme)) : NULL;
		if (colon) {
			put(&out, &len, &cap, w, (size_t)(colon - w) + 1);
			put(&out, &len, &cap, "***", 3);
			put(&out, &len, &cap, at, (size_t)(w + n - at));
			continue;
		}
		put(&out, &len, &cap, w, n);
	}
	if (len > max) {
		size_t cut = max;
		while (cut && ((unsigned char)out[cut] & 0xC0) == 0x80)
			cut--;
		out[cut] = '\0';
		len = cut;
		put(&out, &len, &cap, "…", strlen("…"));
	}
	return out;
}

char *evidence_unit_value(const char *buf, size_t len, const char *section, const char *key)
{
	char *joined = NULL;
	bool in = false;
	const char *p = buf, *end = buf + len;
	char *logical = NULL;
	size_t llen = 0, lcap = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *nul = memchr(p, '\0', (size_t)(eol - p));
		const char *stop = nul ? nul : eol;
		const char *s = p;
		p = nl ? nl + 1 : end;
		while (s < stop && (*s == ' ' || *s == '\t'))
			s++;
		const char *e = stop;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (!llen && (s == e || *s == '#' || *s == ';'))
			continue;
		if (llen && s < e && (*s == '#' || *s == ';'))
			continue; /* a comment inside a continuation is skipped */
		bool more = e > s && e[-1] == '\\';
		put(&logical, &llen, &lcap, s, (size_t)(e - s - more));
		if (more && p < end) {
			put(&logical, &llen, &lcap, " ", 1);
			continue;
		}
		const char *l = logical;
		if (l[0] == '[') {
			const char *close = strchr(l, ']');
			in = close && (size_t)(close - l - 1) == strlen(section) &&
			     !strncmp(l + 1, section, strlen(section));
		} else if (in) {
			const char *eq = strchr(l, '=');
			size_t kl = eq ? (size_t)(eq - l) : 0;
			while (kl && (l[kl - 1] == ' ' || l[kl - 1] == '\t'))
				kl--;
			if (eq && kl == strlen(key) && !strncmp(l, key, kl)) {
				const char *v = eq + 1;
				while (*v == ' ' || *v == '\t')
					v++;
				while (*v && strchr("-@:+!", *v))
					v++;
				char *next;
				if (!*v)
					next = NULL; /* an empty assignment resets the list */
				else if (joined)
					next = xasprintf("%s; %s", joined, v);
				else
					next = xstrdup(v);
				free(joined);
				joined = next;
			}
		}
		llen = 0;
		logical[0] = '\0';
	}
	free(logical);
	return joined;
}

int evidence_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}
