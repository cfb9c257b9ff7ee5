/* dpkg status file parsing (see dpkg_status.h). The Status words are checked against dpkg's
 * own tables (lib/dpkg/parsehelp.c: wantinfos, eflaginfos, statusinfos). */
#include "dpkg_status.h"
#include "../core/xalloc.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const wants[] = { "unknown", "install", "hold", "deinstall", "purge" };
static const char *const flags[] = { "ok", "reinstreq" };
static const char *const statuses[] = {
	"not-installed", "config-files", "half-installed", "unpacked",
	"half-configured", "triggers-awaited", "triggers-pending", "installed",
};

static bool in_table(const char *word, const char *const *table, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(word, table[i]) == 0)
			return true;
	return false;
}

struct stanza {
	char *name, *arch, *version, *want, *flag, *status;
	unsigned line, status_line;
	bool any_field;
	bool bad; /* already reported */
};

static void problem(struct dpkg_status *st, unsigned line, const char *why)
{
	st->problems = xreallocarray(st->problems, st->n_problems + 1, sizeof *st->problems);
	st->problems[st->n_problems].line = line;
	st->problems[st->n_problems].why = why;
	st->n_problems++;
}

static void stanza_clear(struct stanza *s)
{
	free(s->name);
	free(s->arch);
	free(s->version);
	free(s->want);
	free(s->flag);
	free(s->status);
	memset(s, 0, sizeof *s);
}

static void stanza_end(struct dpkg_status *st, struct stanza *s, size_t *cap)
{
	if (!s->any_field)
		return;
	if (!s->name) {
		if (!s->bad)
			problem(st, s->line, "stanza without a Package field");
		stanza_clear(s);
		return;
	}
	XGROW(st->pkgs, st->n, *cap, st->n + 1);
	struct dpkg_package *p = &st->pkgs[st->n++];
	p->name = s->name;
	p->arch = s->arch ? s->arch : xstrdup("");
	p->version = s->version ? s->version : xstrdup("");
	p->want = s->want;
	p->flag = s->flag;
	p->status = s->status;
	p->line = s->line;
	p->status_line = s->status_line;
	memset(s, 0, sizeof *s);
}

static char *span_dup(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return xstrndup(p, (size_t)(end - p));
}

static void parse_status(struct dpkg_status *st, struct stanza *s, const char *value,
			 unsigned lineno)
{
	char words[3][32];
	int n = 0;
	const char *p = value;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *start = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (n == 3 || (size_t)(p - start) >= sizeof words[0]) {
			n = 4;
			break;
		}
		memcpy(words[n], start, (size_t)(p - start));
		words[n][p - start] = '\0';
		n++;
	}
	if (n != 3 || !in_table(words[0], wants, sizeof wants / sizeof wants[0]) ||
	    !in_table(words[1], flags, sizeof flags / sizeof flags[0]) ||
	    !in_table(words[2], statuses, sizeof statuses / sizeof statuses[0])) {
		problem(st, lineno, "Status is not 'want flag status' with words dpkg knows");
		return;
	}
	free(s->want);
	free(s->flag);
	free(s->status);
	s->want = xstrdup(words[0]);
	s->flag = xstrdup(words[1]);
	s->status = xstrdup(words[2]);
	s->status_line = lineno;
}

void dpkg_status_parse(const char *buf, size_t len, struct dpkg_status *out)
{
	memset(out, 0, sizeof *out);
	struct stanza s;
	memset(&s, 0, sizeof s);
	size_t cap = 0, pos = 0;
	unsigned lineno = 0;
	bool in_field = false; /* a continuation line may follow */
	while (pos < len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		pos += n + (nl ? 1 : 0);
		lineno++;
		size_t textlen = n;
		if (textlen && line[textlen - 1] == '\r')
			textlen--;
		const char *end = line + textlen;
		if (memchr(line, '\0', textlen)) {
			problem(out, lineno, "NUL byte in the line");
			s.bad = true;
			in_field = false;
			continue;
		}
		bool blank = true;
		for (const char *c = line; c < end; c++)
			if (*c != ' ' && *c != '\t') {
				blank = false;
				break;
			}
		if (blank && (end == line || !in_field)) {
			stanza_end(out, &s, &cap);
			in_field = false;
			continue;
		}
		if (*line == ' ' || *line == '\t') {
			/* Continuation of a multi-line field (Description, Conffiles, ...): dpkg
			 * keeps it with the field; a whitespace-only line inside a field is text. */
			if (!in_field) {
				problem(out, lineno, "continuation line without a field before it");
				s.bad = true;
			}
			continue;
		}
		const char *colon = memchr(line, ':', (size_t)(end - line));
		if (!colon || colon == line) {
			problem(out, lineno, "line is not 'Field: value'");
			s.bad = true;
			in_field = false;
			continue;
		}
		if (!s.any_field) {
			s.any_field = true;
			s.line = lineno;
		}
		in_field = true;
		size_t klen = (size_t)(colon - line);
		char *value = span_dup(colon + 1, end);
		if (klen == 7 && strncasecmp(line, "Package", 7) == 0) {
			if (s.name) {
				problem(out, lineno, "duplicate Package field in one stanza");
				free(value);
				continue;
			}
			if (!*value) {
				problem(out, lineno, "empty Package field");
				s.bad = true;
				free(value);
				continue;
			}
			s.name = value;
		} else if (klen == 6 && strncasecmp(line, "Status", 6) == 0) {
			parse_status(out, &s, value, lineno);
			free(value);
		} else if (klen == 12 && strncasecmp(line, "Architecture", 12) == 0) {
			free(s.arch);
			s.arch = value;
		} else if (klen == 7 && strncasecmp(line, "Version", 7) == 0) {
			free(s.version);
			s.version = value;
		} else {
			free(value);
		}
	}
	stanza_end(out, &s, &cap);
	stanza_clear(&s);
}

void dpkg_status_free(struct dpkg_status *st)
{
	for (size_t i = 0; i < st->n; i++) {
		struct dpkg_package *p = &st->pkgs[i];
		free(p->name);
		free(p->arch);
		free(p->version);
		free(p->want);
		free(p->flag);
		free(p->status);
	}
	free(st->pkgs);
	free(st->problems);
	memset(st, 0, sizeof *st);
}

bool dpkg_package_present(const struct dpkg_package *p)
{
	return p->status && strcmp(p->status, "not-installed") != 0 &&
	       strcmp(p->status, "config-files") != 0;
}

const struct dpkg_package *dpkg_status_find_present(const struct dpkg_status *st, const char *name)
{
	for (size_t i = 0; i < st->n; i++)
		if (strcmp(st->pkgs[i].name, name) == 0 && dpkg_package_present(&st->pkgs[i]))
			return &st->pkgs[i];
	return NULL;
}
