/* login.defs parsing: whitespace-separated name and value, '#' comments, optional quotes. */
#include "login_defs.h"
#include "parse_util.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void login_defs_parse(const char *buf, size_t len, struct login_defs *out)
{
	size_t cap = 0, pos = 0;
	unsigned lineno = 0;
	out->defs = NULL;
	out->n = 0;
	const char *start;
	size_t n;
	while (parse_next_line(buf, len, &pos, &start, &n)) {
		lineno++;
		char line[1024];
		if (n >= sizeof line)
			continue; /* getdef.c reads 1024-byte lines too; longer lines are ignored */
		memcpy(line, start, n);
		line[n] = '\0';
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		char *name = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (*s)
			*s++ = '\0';
		while (isspace((unsigned char)*s))
			s++;
		char *value = s;
		size_t vl = strlen(value);
		while (vl > 0 && isspace((unsigned char)value[vl - 1]))
			value[--vl] = '\0';
		if (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
			value[vl - 1] = '\0';
			value++;
		}
		XGROW(out->defs, out->n, cap, out->n + 1);
		out->defs[out->n].name = xstrdup(name);
		out->defs[out->n].value = xstrdup(value);
		out->defs[out->n].line = lineno;
		out->n++;
	}
}

void login_defs_free(struct login_defs *defs)
{
	for (size_t i = 0; i < defs->n; i++) {
		free(defs->defs[i].name);
		free(defs->defs[i].value);
	}
	free(defs->defs);
	defs->defs = NULL;
	defs->n = 0;
}

const struct login_def *login_defs_get(const struct login_defs *defs, const char *name)
{
	for (size_t i = defs->n; i-- > 0;)
		if (strcmp(defs->defs[i].name, name) == 0)
			return &defs->defs[i];
	return NULL;
}

bool login_defs_long(const struct login_defs *defs, const char *name, long dflt, long *out)
{
	*out = dflt;
	const struct login_def *d = login_defs_get(defs, name);
	if (!d || !*d->value)
		return false;
	char *end;
	errno = 0;
	long v = strtol(d->value, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}
