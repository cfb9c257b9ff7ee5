/* inetd.conf and xinetd configuration parsing (see inetd.h). */
#include "inetd.h"
#include "../core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Iterate over lines; returns the line without its newline (and CR) in a bounded copy. */
struct lines {
	const char *pos, *end;
	unsigned lineno;
};

static bool next_line(struct lines *it, char *buf, size_t buflen)
{
	if (it->pos >= it->end)
		return false;
	const char *nl = memchr(it->pos, '\n', (size_t)(it->end - it->pos));
	size_t n = nl ? (size_t)(nl - it->pos) : (size_t)(it->end - it->pos);
	const char *nul = memchr(it->pos, '\0', n);
	size_t text = nul ? (size_t)(nul - it->pos) : n;
	if (text && it->pos[text - 1] == '\r')
		text--;
	if (text >= buflen)
		text = buflen - 1;
	memcpy(buf, it->pos, text);
	buf[text] = '\0';
	it->pos += n + (nl ? 1 : 0);
	it->lineno++;
	return true;
}

static int split_words(char *line, char **words, int max)
{
	int n = 0;
	char *p = line;
	while (*p && n < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		words[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

static void copy(char *dst, size_t dstlen, const char *src)
{
	snprintf(dst, dstlen, "%s", src);
}

void inetd_conf_parse(const char *buf, size_t len, struct inetd_conf *out)
{
	memset(out, 0, sizeof *out);
	struct lines it = { buf, buf + len, 0 };
	char line[4096];
	size_t cap = 0;
	while (next_line(&it, line, sizeof line)) {
		char *words[8];
		int n = split_words(line, words, 8);
		if (n == 0 || words[0][0] == '#')
			continue;
		if (n == 1 && words[0][strlen(words[0]) - 1] == ':')
			continue; /* "127.0.0.1:" alone: default address for the following lines */
		if (n < 6) {
			if (out->n_bad++ == 0)
				out->first_bad_line = it.lineno;
			continue;
		}
		XGROW(out->entries, out->n, cap, out->n + 1);
		struct inetd_entry *e = &out->entries[out->n++];
		memset(e, 0, sizeof *e);
		/* "host:service" binds one address; RPC names have no colon but a slash. */
		const char *service = words[0];
		const char *colon = strrchr(service, ':');
		if (colon && colon[1])
			service = colon + 1;
		copy(e->service, sizeof e->service, service);
		copy(e->socket_type, sizeof e->socket_type, words[1]);
		copy(e->protocol, sizeof e->protocol, words[2]);
		copy(e->server, sizeof e->server, words[5]);
		if (n > 6)
			copy(e->args, sizeof e->args, words[6]);
		e->line = it.lineno;
	}
}

void inetd_conf_free(struct inetd_conf *c)
{
	free(c->entries);
	memset(c, 0, sizeof *c);
}

static void strlist_add(char ***items, size_t *n, const char *s)
{
	*items = xreallocarray(*items, *n + 1, sizeof **items);
	(*items)[(*n)++] = xstrdup(s);
}

static void strlist_free(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

static void xbad(struct xinetd_conf *c, unsigned line, const char *why)
{
	if (c->n_bad++ == 0) {
		c->first_bad_line = line;
		c->first_bad_why = why;
	}
}

enum xblock { XB_NONE, XB_WANT_BRACE_SERVICE, XB_WANT_BRACE_DEFAULTS, XB_SERVICE, XB_DEFAULTS };

void xinetd_parse(const char *buf, size_t len, struct xinetd_conf *c)
{
	struct lines it = { buf, buf + len, 0 };
	char line[4096];
	enum xblock state = XB_NONE;
	struct xinetd_service cur;
	size_t file = c->n_files++;
	c->n_bad = 0;
	c->first_bad_line = 0;
	c->first_bad_why = NULL;
	memset(&cur, 0, sizeof cur);
	while (next_line(&it, line, sizeof line)) {
		char *words[64];
		int n = split_words(line, words, 64);
		if (n == 0 || words[0][0] == '#')
			continue;
		if (state == XB_WANT_BRACE_SERVICE || state == XB_WANT_BRACE_DEFAULTS) {
			if (n == 1 && strcmp(words[0], "{") == 0) {
				state = state == XB_WANT_BRACE_SERVICE ? XB_SERVICE : XB_DEFAULTS;
				continue;
			}
			xbad(c, it.lineno, "expected '{' after the service or defaults line");
			state = XB_NONE;
			if (strcmp(words[0], "service") && strcmp(words[0], "defaults"))
				continue; /* xinetd skips the broken entry */
		}
		if (state == XB_NONE) {
			if (strcmp(words[0], "service") == 0 && n >= 2) {
				memset(&cur, 0, sizeof cur);
				copy(cur.name, sizeof cur.name, words[1]);
				cur.disable = -1;
				cur.line = it.lineno;
				cur.file = file;
				bool brace = n >= 3 && strcmp(words[2], "{") == 0;
				state = brace ? XB_SERVICE : XB_WANT_BRACE_SERVICE;
			} else if (strcmp(words[0], "defaults") == 0) {
				bool brace = n >= 2 && strcmp(words[1], "{") == 0;
				state = brace ? XB_DEFAULTS : XB_WANT_BRACE_DEFAULTS;
			} else if (strcmp(words[0], "includedir") == 0 && n == 2) {
				strlist_add(&c->includedirs, &c->n_includedirs, words[1]);
			} else if (strcmp(words[0], "include") == 0 && n == 2) {
				/* a single included file: rare; not followed */
			} else {
				xbad(c, it.lineno, "unknown line outside a service block");
			}
			continue;
		}
		if (n == 1 && strcmp(words[0], "}") == 0) {
			if (state == XB_SERVICE) {
				if (!cur.id[0])
					copy(cur.id, sizeof cur.id, cur.name);
				c->services = xreallocarray(c->services, c->n + 1, sizeof *c->services);
				c->services[c->n++] = cur;
			}
			state = XB_NONE;
			continue;
		}
		/* attribute = value ... (also += and -=) */
		if (n < 2 || (strcmp(words[1], "=") && strcmp(words[1], "+=") && strcmp(words[1], "-="))) {
			xbad(c, it.lineno, "attribute line is not 'name = value'");
			continue;
		}
		const char *attr = words[0];
		bool remove = strcmp(words[1], "-=") == 0;
		if (state == XB_SERVICE) {
			if (strcmp(attr, "disable") == 0 && n >= 3) {
				if (strcmp(words[2], "yes") == 0)
					cur.disable = 1;
				else if (strcmp(words[2], "no") == 0)
					cur.disable = 0;
				else
					xbad(c, it.lineno, "disable is neither yes nor no");
				cur.disable_line = it.lineno;
			} else if (strcmp(attr, "id") == 0 && n >= 3) {
				copy(cur.id, sizeof cur.id, words[2]);
			} else if (strcmp(attr, "flags") == 0 && !remove) {
				for (int i = 2; i < n; i++)
					if (strcmp(words[i], "DISABLE") == 0) {
						cur.disable = 1;
						cur.disable_line = it.lineno;
					}
			}
		} else if (state == XB_DEFAULTS && !remove) {
			/* "disabled" and "enabled" are cumulative: '=' adds like '+='. */
			if (strcmp(attr, "disabled") == 0)
				for (int i = 2; i < n; i++)
					strlist_add(&c->disabled, &c->n_disabled, words[i]);
			else if (strcmp(attr, "enabled") == 0) {
				c->has_enabled = true;
				for (int i = 2; i < n; i++)
					strlist_add(&c->enabled, &c->n_enabled, words[i]);
			}
		}
	}
	if (state != XB_NONE)
		xbad(c, it.lineno, "block not closed with '}' before the end of the file");
}

void xinetd_conf_free(struct xinetd_conf *c)
{
	free(c->services);
	strlist_free(c->disabled, c->n_disabled);
	strlist_free(c->enabled, c->n_enabled);
	strlist_free(c->includedirs, c->n_includedirs);
	memset(c, 0, sizeof *c);
}

static bool listed(char *const *items, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i], s) == 0)
			return true;
	return false;
}

bool xinetd_service_enabled(const struct xinetd_conf *c, const struct xinetd_service *s)
{
	if (s->disable == 1)
		return false;
	if (listed(c->disabled, c->n_disabled, s->id))
		return false;
	if (c->has_enabled && !listed(c->enabled, c->n_enabled, s->id))
		return false;
	return true;
}

bool xinetd_includedir_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && !strchr(name, '.') && name[n - 1] != '~';
}
