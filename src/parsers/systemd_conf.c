/* systemd configuration files, as conf-parser.c reads them: [Section] headers, Key=Value
 * assignments, '#'/';' comments, backslash continuation lines; plus parse_sec/parse_size. */
#include "systemd_conf.h"
#include "parse_util.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void add_issue(struct sdconf *c, const char *file, unsigned line, const char *why)
{
	XGROW(c->issues, c->n_issues, c->cap_issues, c->n_issues + 1);
	c->issues[c->n_issues].file = file;
	c->issues[c->n_issues].line = line;
	c->issues[c->n_issues].why = xstrdup(why);
	c->n_issues++;
}

static char *strip(char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static void handle_line(struct sdconf *c, const char *file, unsigned lineno, char *l,
			char **section)
{
	l = strip(l);
	if (!*l)
		return;
	if (*l == '[') {
		size_t n = strlen(l);
		if (n < 2 || l[n - 1] != ']') {
			add_issue(c, file, lineno, "invalid section header");
			return;
		}
		free(*section);
		*section = xstrndup(l + 1, n - 2);
		return;
	}
	char *eq = strchr(l, '=');
	if (!eq) {
		add_issue(c, file, lineno, "missing '=', line ignored");
		return;
	}
	if (!*section) {
		add_issue(c, file, lineno, "assignment outside of a section, ignored");
		return;
	}
	*eq = '\0';
	char *key = strip(l), *value = strip(eq + 1);
	if (!*key) {
		add_issue(c, file, lineno, "empty key, line ignored");
		return;
	}
	XGROW(c->entries, c->n, c->cap, c->n + 1);
	struct sdconf_entry *e = &c->entries[c->n++];
	e->section = xstrdup(*section);
	e->key = xstrdup(key);
	e->value = xstrdup(value);
	e->file = file;
	e->line = lineno;
}

void sdconf_parse(struct sdconf *c, const char *file, const char *buf, size_t len)
{
	XGROW(c->files, c->n_files, c->cap_files, c->n_files + 1);
	char *fname = xstrdup(file);
	c->files[c->n_files++] = fname;

	char *section = NULL;
	char *cont = NULL; /* continuation being assembled */
	size_t cont_len = 0;
	unsigned cont_line = 0, lineno = 0;
	size_t pos = 0;
	const char *start;
	size_t n;
	while (parse_next_line(buf, len, &pos, &start, &n)) {
		lineno++;
		if (n > 0 && start[n - 1] == '\r')
			n--;
		char *l = xstrndup(start, n);
		if (memchr(start, '\0', n)) {
			add_issue(c, fname, lineno, "NUL byte in line");
			free(l);
			continue;
		}
		/* A comment line inside a continuation is skipped, as conf-parser does. */
		char *t = l;
		while (*t && isspace((unsigned char)*t))
			t++;
		if (*t == '#' || *t == ';') {
			free(l);
			continue;
		}
		size_t ln = strlen(l);
		bool continues = ln > 0 && l[ln - 1] == '\\';
		if (continues)
			l[ln - 1] = ' ';
		if (cont || continues) {
			if (!cont)
				cont_line = lineno;
			cont = xrealloc(cont, cont_len + ln + 1);
			memcpy(cont + cont_len, l, ln);
			cont_len += ln;
			cont[cont_len] = '\0';
			free(l);
			if (continues)
				continue;
			handle_line(c, fname, cont_line, cont, &section);
			free(cont);
			cont = NULL;
			cont_len = 0;
			continue;
		}
		handle_line(c, fname, lineno, l, &section);
		free(l);
	}
	if (cont) {
		handle_line(c, fname, cont_line, cont, &section);
		free(cont);
	}
	free(section);
}

void sdconf_free(struct sdconf *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->entries[i].section);
		free(c->entries[i].key);
		free(c->entries[i].value);
	}
	for (size_t i = 0; i < c->n_issues; i++)
		free(c->issues[i].why);
	for (size_t i = 0; i < c->n_files; i++)
		free(c->files[i]);
	free(c->entries);
	free(c->issues);
	free(c->files);
	memset(c, 0, sizeof *c);
}

const struct sdconf_entry *sdconf_get(const struct sdconf *c, const char *section, const char *key)
{
	for (size_t i = c->n; i-- > 0;)
		if (strcmp(c->entries[i].section, section) == 0 && strcmp(c->entries[i].key, key) == 0)
			return &c->entries[i];
	return NULL;
}

#define USEC_PER_SEC 1000000ULL

/* The order matters: systemd matches these as prefixes, first match wins ("ms" before "m"). */
static const struct {
	const char *suffix;
	double usec;
} time_units[] = {
	{ "seconds", 1e6 }, { "second", 1e6 }, { "sec", 1e6 }, { "s", 1e6 },
	{ "minutes", 60e6 }, { "minute", 60e6 }, { "min", 60e6 },
	{ "months", 2629800e6 }, { "month", 2629800e6 }, { "M", 2629800e6 },
	{ "msec", 1e3 }, { "ms", 1e3 }, { "m", 60e6 },
	{ "hours", 3600e6 }, { "hour", 3600e6 }, { "hr", 3600e6 }, { "h", 3600e6 },
	{ "days", 86400e6 }, { "day", 86400e6 }, { "d", 86400e6 },
	{ "weeks", 604800e6 }, { "week", 604800e6 }, { "w", 604800e6 },
	{ "years", 31557600e6 }, { "year", 31557600e6 }, { "y", 31557600e6 },
	{ "usec", 1 }, { "us", 1 }, { "\xc2\xb5s", 1 }, { "\xce\xbcs", 1 },
};

bool sd_parse_timespan(const char *s, uint64_t *usec)
{
	while (isspace((unsigned char)*s))
		s++;
	if (strcmp(s, "infinity") == 0) {
		*usec = SD_USEC_INFINITY;
		return true;
	}
	double total = 0;
	bool any = false;
	const char *p = s;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		if (*p == '-' || *p == '+')
			return false;
		if (!isdigit((unsigned char)*p) && *p != '.')
			return false;
		char *end;
		errno = 0;
		double v = strtod(p, &end);
		if (errno || end == p || !isfinite(v))
			return false;
		/* strtod would accept "1e3" or hex; systemd only takes digits and one '.' */
		for (const char *q = p; q < end; q++)
			if (!isdigit((unsigned char)*q) && *q != '.')
				return false;
		p = end;
		while (isspace((unsigned char)*p))
			p++;
		double mult = 1e6; /* parse_sec: seconds by default */
		for (size_t i = 0; i < sizeof time_units / sizeof time_units[0]; i++) {
			size_t l = strlen(time_units[i].suffix);
			if (strncmp(p, time_units[i].suffix, l) == 0) {
				mult = time_units[i].usec;
				p += l;
				break;
			}
		}
		if (*p && !isspace((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '.')
			return false;
		total += v * mult;
		any = true;
	}
	if (!any || total >= 1.8e19)
		return false;
	*usec = (uint64_t)total;
	return true;
}

bool sd_parse_size(const char *s, uint64_t *bytes)
{
	static const struct {
		char suffix;
		double factor;
	} units[] = {
		{ 'B', 1 }, { 'K', 1024.0 }, { 'M', 1048576.0 }, { 'G', 1073741824.0 },
		{ 'T', 1099511627776.0 }, { 'P', 1125899906842624.0 }, { 'E', 1152921504606846976.0 },
	};
	while (isspace((unsigned char)*s))
		s++;
	if (!*s || *s == '-')
		return false;
	double total = 0;
	const char *p = s;
	bool any = false;
	while (*p) {
		if (!isdigit((unsigned char)*p) && *p != '.')
			return false;
		char *end;
		errno = 0;
		double v = strtod(p, &end);
		if (errno || end == p)
			return false;
		for (const char *q = p; q < end; q++)
			if (!isdigit((unsigned char)*q) && *q != '.')
				return false;
		p = end;
		while (isspace((unsigned char)*p))
			p++;
		double f = 1;
		bool unit = false;
		for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
			if (*p == units[i].suffix) {
				f = units[i].factor;
				p++;
				unit = true;
				break;
			}
		total += v * f;
		any = true;
		while (isspace((unsigned char)*p))
			p++;
		if (!unit)
			break; /* a bare number must be the last component */
	}
	if (*p || !any || total >= 1.8e19)
		return false;
	*bytes = (uint64_t)total;
	return true;
}

int sd_parse_boolean(const char *s)
{
	static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
	static const char *const no[] = { "0", "no", "n", "false", "f", "off" };
	for (size_t i = 0; i < 6; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

int sd_parse_log_level(const char *s)
{
	static const char *const names[] = { "emerg", "alert", "crit", "err",
					     "warning", "notice", "info", "debug" };
	for (int i = 0; i < 8; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
		return s[0] - '0';
	return -1;
}
