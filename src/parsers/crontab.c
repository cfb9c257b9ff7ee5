/* crontab files as Debian's cron reads them (see crontab.h): one line at a time, an
 * environment setting when the line is "NAME = value" (env.c load_env), else an entry of five
 * time fields or an @keyword (entry.c load_entry), a user field in system crontabs, and the
 * command. Time fields are checked against cron's ranges and month/day names. */
#include "crontab.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct span {
	const char *p;
	size_t n;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void skip_blank(struct span *s)
{
	while (s->n && is_blank(*s->p)) {
		s->p++;
		s->n--;
	}
}

/* The next whitespace-separated word of s, consumed. */
static struct span next_word(struct span *s)
{
	skip_blank(s);
	struct span w = { s->p, 0 };
	while (s->n && !is_blank(*s->p)) {
		s->p++;
		s->n--;
		w.n++;
	}
	return w;
}

/* env.c: a name (quoted or not) without whitespace, optional blanks, then '='. */
static bool is_env_line(struct span s)
{
	if (s.n && (*s.p == '"' || *s.p == '\'')) {
		char q = *s.p;
		const char *end = memchr(s.p + 1, q, s.n - 1);
		if (!end)
			return false;
		s.n -= (size_t)(end + 1 - s.p);
		s.p = end + 1;
	} else {
		while (s.n && !is_blank(*s.p) && *s.p != '=') {
			s.p++;
			s.n--;
		}
	}
	skip_blank(&s);
	return s.n && *s.p == '=';
}

static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
				      "jul", "aug", "sep", "oct", "nov", "dec", NULL };
static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL };

struct field_rule {
	int lo, hi;
	const char *const *names; /* names[i] is lo + i */
	const char *bad;
};

static const struct field_rule rules[5] = {
	{ 0, 59, NULL, "bad minute" },
	{ 0, 23, NULL, "bad hour" },
	{ 1, 31, NULL, "bad day-of-month" },
	{ 1, 12, months, "bad month" },
	{ 0, 7, days, "bad day-of-week" }, /* 7 is Sunday too */
};

/* A number or a three-letter name within the field's range; advances *p. */
static bool read_value(const char **p, const char *end, const struct field_rule *r)
{
	const char *s = *p;
	if (s < end && isdigit((unsigned char)*s)) {
		long v = 0;
		while (s < end && isdigit((unsigned char)*s)) {
			v = v * 10 + (*s - '0');
			if (v > 1000)
				return false;
			s++;
		}
		if (v < r->lo || v > r->hi)
			return false;
		*p = s;
		return true;
	}
	if (!r->names || end - s < 3)
		return false;
	for (size_t i = 0; r->names[i]; i++)
		if (!strncasecmp(s, r->names[i], 3)) {
			*p = s + 3;
			return true;
		}
	return false;
}

/* entry.c get_list/get_range: item[,item...], item = "*" or value["-"value], each "/step". */
static bool field_ok(struct span w, const struct field_rule *r)
{
	const char *p = w.p, *end = w.p + w.n;
	for (;;) {
		if (p < end && *p == '*') {
			p++;
		} else {
			if (!read_value(&p, end, r))
				return false;
			if (p < end && *p == '-') {
				p++;
				if (!read_value(&p, end, r))
					return false;
			}
		}
		if (p < end && *p == '/') {
			p++;
			const char *d = p;
			long step = 0;
			while (p < end && isdigit((unsigned char)*p) && step <= 1000)
				step = step * 10 + (*p++ - '0');
			if (p == d || step == 0 || step > 1000)
				return false;
		}
		if (p == end)
			return true;
		if (*p != ',')
			return false;
		p++;
	}
}

static const char *const keywords[] = { "@reboot", "@yearly", "@annually", "@monthly",
					"@weekly", "@daily", "@midnight", "@hourly", NULL };

static void bad(struct crontab *c, unsigned lineno, const char *why)
{
	if (!c->n_bad++) {
		c->first_bad_line = lineno;
		c->first_bad_why = why;
	}
}

/* The command up to the first unescaped '%', "\%" read as '%', trailing blanks dropped. */
static char *command_text(struct span s)
{
	char *out = xmalloc(s.n + 1);
	size_t n = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (s.p[i] == '\\' && i + 1 < s.n && s.p[i + 1] == '%') {
			out[n++] = '%';
			i++;
			continue;
		}
		if (s.p[i] == '%')
			break;
		out[n++] = s.p[i];
	}
	while (n && is_blank(out[n - 1]))
		n--;
	out[n] = '\0';
	return out;
}

static void parse_line(struct crontab *c, struct span s, unsigned lineno, bool system,
		       size_t *cap)
{
	skip_blank(&s);
	if (!s.n || *s.p == '#')
		return;
	if (is_env_line(s))
		return;
	char schedule[128];
	size_t used = 0;
	if (*s.p == '@') {
		struct span w = next_word(&s);
		size_t k;
		for (k = 0; keywords[k]; k++)
			if (strlen(keywords[k]) == w.n && !strncasecmp(keywords[k], w.p, w.n))
				break;
		if (!keywords[k]) {
			bad(c, lineno, "unknown @keyword");
			return;
		}
		snprintf(schedule, sizeof schedule, "%s", keywords[k]);
	} else {
		for (size_t f = 0; f < 5; f++) {
			struct span w = next_word(&s);
			if (!w.n || !field_ok(w, &rules[f])) {
				bad(c, lineno, rules[f].bad);
				return;
			}
			if (w.n + 2 > sizeof schedule - used) {
				bad(c, lineno, rules[f].bad); /* longer than any real schedule */
				return;
			}
			used += (size_t)snprintf(schedule + used, sizeof schedule - used, "%s%.*s",
						 f ? " " : "", (int)w.n, w.p);
		}
	}
	struct span user = { NULL, 0 };
	if (system) {
		user = next_word(&s);
		if (!user.n) {
			bad(c, lineno, "bad username");
			return;
		}
	}
	skip_blank(&s);
	char *command = command_text(s);
	if (!command[0]) {
		free(command);
		bad(c, lineno, "bad command");
		return;
	}
	XGROW(c->entries, c->n, *cap, c->n + 1);
	struct crontab_entry *e = &c->entries[c->n++];
	e->schedule = xstrdup(schedule);
	e->user = system ? xstrndup(user.p, user.n) : NULL;
	e->command = command;
	e->line = lineno;
}

void crontab_parse(const char *buf, size_t len, bool system, struct crontab *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = 0;
	unsigned lineno = 0;
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		lineno++;
		/* a NUL byte ends the line's text, as cron's C strings do */
		const char *nul = memchr(p, '\0', (size_t)(eol - p));
		struct span s = { p, (size_t)((nul ? nul : eol) - p) };
		parse_line(out, s, lineno, system, &cap);
		p = nl ? nl + 1 : end;
	}
}

void crontab_free(struct crontab *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->entries[i].schedule);
		free(c->entries[i].user);
		free(c->entries[i].command);
	}
	free(c->entries);
	memset(c, 0, sizeof *c);
}

bool crontab_file_name_ok(const char *name)
{
	if (!name[0])
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return false;
	return true;
}
