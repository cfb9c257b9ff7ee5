/* rsyslog configuration: a small lexer after grammar/lexer.l (INITIAL, EXPR and object modes),
 * a recursive-descent reader after grammar.y's statements, and a three-valued evaluation of
 * each filter for an auth or authpriv message at severity info. */
#include "rsyslog_conf.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum tri { T_FALSE, T_UNKNOWN, T_TRUE };

static const int fac_number[RS_NFAC] = { 4, 10 };
static const char *const fac_name[RS_NFAC] = { "auth", "authpriv" };
#define SEV_INFO 6

/* ---- selectors -------------------------------------------------------------------------- */

static int facility_code(const char *s, size_t n)
{
	static const struct {
		const char *name;
		int code;
	} tab[] = {
		{ "kern", 0 }, { "user", 1 }, { "mail", 2 }, { "daemon", 3 }, { "auth", 4 },
		{ "security", 4 }, { "syslog", 5 }, { "lpr", 6 }, { "news", 7 }, { "uucp", 8 },
		{ "cron", 9 }, { "authpriv", 10 }, { "ftp", 11 }, { "ntp", 12 }, { "audit", 13 },
		{ "alert", 14 }, { "clock", 15 }, { "local0", 16 }, { "local1", 17 },
		{ "local2", 18 }, { "local3", 19 }, { "local4", 20 }, { "local5", 21 },
		{ "local6", 22 }, { "local7", 23 }, { "mark", 24 },
	};
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strlen(tab[i].name) == n && strncasecmp(tab[i].name, s, n) == 0)
			return tab[i].code;
	return -1;
}

#define PRI_ALL 100
#define PRI_NONE 101
static int priority_code(const char *s, size_t n)
{
	static const struct {
		const char *name;
		int code;
	} tab[] = {
		{ "emerg", 0 }, { "panic", 0 }, { "alert", 1 }, { "crit", 2 }, { "err", 3 },
		{ "error", 3 }, { "warning", 4 }, { "warn", 4 }, { "notice", 5 }, { "info", 6 },
		{ "debug", 7 }, { "none", PRI_NONE }, { "*", PRI_ALL },
	};
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strlen(tab[i].name) == n && strncasecmp(tab[i].name, s, n) == 0)
			return tab[i].code;
	return -1;
}

/* rsyslog's DecodePRIFilter, for one facility's mask of 8 severities. */
static bool selector_eval(const char *selector, int fac, int sev, bool *valid)
{
	*valid = false;
	unsigned mask = 0;
	const char *p = selector;
	while (*p) {
		const char *end = strchr(p, ';');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *dot = NULL;
		for (size_t i = 0; i < n; i++)
			if (p[i] == '.')
				dot = p + i; /* the last '.' separates facilities from the priority */
		if (!dot)
			return false;
		const char *pri = dot + 1;
		size_t pn = (size_t)(p + n - pri);
		bool negate = false, single = false;
		if (pn && *pri == '!') {
			negate = true;
			pri++, pn--;
		}
		if (pn && *pri == '=') {
			single = true;
			pri++, pn--;
		}
		int code = priority_code(pri, pn);
		if (code < 0)
			return false;
		bool applies = false;
		for (const char *f = p; f < dot;) {
			const char *c = memchr(f, ',', (size_t)(dot - f));
			size_t fn = c ? (size_t)(c - f) : (size_t)(dot - f);
			if (fn == 1 && *f == '*')
				applies = true;
			else {
				int fc = facility_code(f, fn);
				if (fc < 0)
					return false;
				if (fc == fac)
					applies = true;
			}
			f += fn + (c ? 1 : 0);
		}
		if (applies) {
			if (code == PRI_NONE)
				mask = 0;
			else if (code == PRI_ALL)
				mask = negate ? 0 : 0xff;
			else if (single)
				mask = negate ? mask & ~(1u << code) : mask | (1u << code);
			else
				for (int i = 0; i <= code; i++)
					mask = negate ? mask & ~(1u << i) : mask | (1u << i);
		}
		p += n + (end ? 1 : 0);
	}
	*valid = true;
	return sev >= 0 && sev < 8 && (mask & (1u << sev));
}

bool rsyslog_selector_matches(const char *selector, int fac, int sev)
{
	bool valid;
	return selector_eval(selector, fac, sev, &valid);
}

/* ---- lexer ------------------------------------------------------------------------------ */

enum tok_type {
	K_EOF, K_PRIFILT, K_PROPFILT, K_DOLLAR, K_LEGACY_ACTION, K_OBJ, K_IF, K_THEN, K_ELSE,
	K_STOP, K_CALL, K_SET, K_UNSET, K_FOREACH, K_DO, K_CONTINUE, K_LBRACE, K_RBRACE, K_AMP,
	K_SEMI, K_ERROR,
	/* expression tokens */
	X_AND, X_OR, X_NOT, X_VAR, X_STRING, X_NUMBER, X_FUNC, X_CMP, X_LPAREN, X_RPAREN,
	X_LBRACKET, X_RBRACKET, X_COMMA, X_OP,
};

struct param {
	char *name, *value; /* value of name="value"; arrays are joined with ',' */
};

struct token {
	enum tok_type type;
	char *text;
	unsigned line;
	struct param *params; /* K_OBJ */
	size_t n_params;
};

struct lexer {
	const char *buf;
	size_t len, pos;
	unsigned line;
	bool line_start; /* only blanks since the last newline */
};

static void token_free(struct token *t)
{
	free(t->text);
	for (size_t i = 0; i < t->n_params; i++) {
		free(t->params[i].name);
		free(t->params[i].value);
	}
	free(t->params);
	memset(t, 0, sizeof *t);
}

static int peekc(const struct lexer *lx, size_t off)
{
	return lx->pos + off < lx->len ? (unsigned char)lx->buf[lx->pos + off] : -1;
}

static void advance(struct lexer *lx, size_t n)
{
	while (n-- && lx->pos < lx->len) {
		if (lx->buf[lx->pos] == '\n') {
			lx->line++;
			lx->line_start = true;
		} else if (lx->buf[lx->pos] != ' ' && lx->buf[lx->pos] != '\t') {
			lx->line_start = false;
		}
		lx->pos++;
	}
}

/* Skip blanks, newlines and comments ('#' to the end of line, C comments). */
static void skip_space(struct lexer *lx, bool hash_comments)
{
	for (;;) {
		int c = peekc(lx, 0);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			advance(lx, 1);
		} else if (c == '#' && hash_comments) {
			while (peekc(lx, 0) != -1 && peekc(lx, 0) != '\n')
				advance(lx, 1);
		} else if (c == '/' && peekc(lx, 1) == '*') {
			advance(lx, 2);
			while (peekc(lx, 0) != -1 && !(peekc(lx, 0) == '*' && peekc(lx, 1) == '/'))
				advance(lx, 1);
			advance(lx, 2);
		} else {
			return;
		}
	}
}

static size_t rest_of_line(const struct lexer *lx)
{
	size_t n = 0;
	while (lx->pos + n < lx->len && lx->buf[lx->pos + n] != '\n')
		n++;
	return n;
}

static char *take(struct lexer *lx, size_t n)
{
	char *s = xstrndup(lx->buf + lx->pos, n);
	advance(lx, n);
	size_t l = strlen(s);
	while (l > 0 && isspace((unsigned char)s[l - 1]))
		s[--l] = '\0';
	return s;
}

/* ^[ \t]*[*a-z][*a-z]*[0-7]*[.,][,!=;.*a-z0-7]+ (case-insensitive) */
static size_t match_prifilt(const struct lexer *lx)
{
	size_t i = 0;
	int c = peekc(lx, i);
	if (!(c == '*' || isalpha(c)))
		return 0;
	i++;
	while ((c = peekc(lx, i)) == '*' || (c != -1 && isalpha(c)))
		i++;
	while ((c = peekc(lx, i)) >= '0' && c <= '7')
		i++;
	c = peekc(lx, i);
	if (c != '.' && c != ',')
		return 0;
	i++;
	size_t start = i;
	while ((c = peekc(lx, i)) != -1 &&
	       (c == ',' || c == '!' || c == '=' || c == ';' || c == '.' || c == '*' || isalpha(c) ||
		(c >= '0' && c <= '7')))
		i++;
	return i > start ? i : 0;
}

/* ^[ \t]*:\$?[a-z-]+ *, *!?[a-z]+ *, *"(\"|[^"])*" */
static size_t match_propfilt(const struct lexer *lx)
{
	size_t i = 0;
	if (peekc(lx, i) != ':')
		return 0;
	i++;
	if (peekc(lx, i) == '$')
		i++;
	size_t s = i;
	while (peekc(lx, i) != -1 && (isalpha(peekc(lx, i)) || peekc(lx, i) == '-'))
		i++;
	if (i == s)
		return 0;
	for (int field = 0; field < 2; field++) {
		while (peekc(lx, i) == ' ')
			i++;
		if (peekc(lx, i) != ',')
			return 0;
		i++;
		while (peekc(lx, i) == ' ')
			i++;
		if (field == 0) {
			if (peekc(lx, i) == '!')
				i++;
			s = i;
			while (peekc(lx, i) != -1 && isalpha(peekc(lx, i)))
				i++;
			if (i == s)
				return 0;
		}
	}
	if (peekc(lx, i) != '"')
		return 0;
	i++;
	for (;;) {
		int c = peekc(lx, i);
		if (c == -1 || c == '\n')
			return 0;
		if (c == '\\' && peekc(lx, i + 1) == '"') {
			i += 2;
			continue;
		}
		i++;
		if (c == '"')
			return i;
	}
}

static bool word_is(const struct lexer *lx, const char *w)
{
	size_t n = strlen(w);
	if (lx->pos + n > lx->len || strncasecmp(lx->buf + lx->pos, w, n) != 0)
		return false;
	int c = peekc(lx, n);
	return c == -1 || !(isalnum(c) || c == '_' || c == '-' || c == '.');
}

/* name[ \t\n]*( : returns the length up to and including '(' */
static size_t match_obj(const struct lexer *lx, const char *name)
{
	size_t n = strlen(name);
	if (lx->pos + n > lx->len || strncasecmp(lx->buf + lx->pos, name, n) != 0)
		return 0;
	size_t i = n;
	while (peekc(lx, i) == ' ' || peekc(lx, i) == '\t' || peekc(lx, i) == '\n')
		i++;
	return peekc(lx, i) == '(' ? i + 1 : 0;
}

static char *read_quoted(struct lexer *lx, char q)
{
	advance(lx, 1);
	size_t cap = 64, n = 0;
	char *s = xmalloc(cap);
	for (;;) {
		int c = peekc(lx, 0);
		if (c == -1)
			break;
		if (c == '\\' && peekc(lx, 1) != -1) {
			int e = peekc(lx, 1);
			c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
			advance(lx, 2);
		} else {
			advance(lx, 1);
			if (c == q)
				break;
		}
		XGROW(s, n, cap, n + 2);
		s[n++] = (char)c;
	}
	s[n] = '\0';
	return s;
}

/* Object body after "name(": name="value" pairs up to ')'. Returns false on a syntax error. */
static bool read_params(struct lexer *lx, struct token *t)
{
	size_t cap = 0;
	for (;;) {
		skip_space(lx, true);
		int c = peekc(lx, 0);
		if (c == -1)
			return false;
		if (c == ')') {
			advance(lx, 1);
			return true;
		}
		if (c == ',') {
			advance(lx, 1);
			continue;
		}
		if (!isalpha(c))
			return false;
		size_t n = 0;
		while (peekc(lx, n) != -1 && (isalnum(peekc(lx, n)) || peekc(lx, n) == '_' ||
					      peekc(lx, n) == '.'))
			n++;
		char *name = take(lx, n);
		skip_space(lx, true);
		if (peekc(lx, 0) != '=') {
			free(name);
			return false;
		}
		advance(lx, 1);
		skip_space(lx, true);
		char *value;
		if (peekc(lx, 0) == '"' || peekc(lx, 0) == '`') {
			value = read_quoted(lx, (char)peekc(lx, 0));
		} else if (peekc(lx, 0) == '[') {
			advance(lx, 1);
			size_t vcap = 64, vn = 0;
			value = xmalloc(vcap);
			value[0] = '\0';
			for (;;) {
				skip_space(lx, true);
				int d = peekc(lx, 0);
				if (d == ']') {
					advance(lx, 1);
					break;
				}
				if (d == ',') {
					advance(lx, 1);
					continue;
				}
				if (d != '"') {
					free(value);
					free(name);
					return false;
				}
				char *item = read_quoted(lx, '"');
				size_t il = strlen(item);
				XGROW(value, vn, vcap, vn + il + 2);
				if (vn)
					value[vn++] = ',';
				memcpy(value + vn, item, il + 1);
				vn += il;
				free(item);
			}
		} else {
			free(name);
			return false;
		}
		XGROW(t->params, t->n_params, cap, t->n_params + 1);
		t->params[t->n_params].name = name;
		t->params[t->n_params].value = value;
		t->n_params++;
	}
}

static const char *const object_names[] = {
	"main_queue", "timezone", "parser", "global", "template", "ruleset", "property",
	"constant", "input", "module", "lookup_table", "dyn_stats", "percentile_stats",
	"include", "action", "reload_lookup_table",
};

/* One token in INITIAL mode. */
static void lex_initial(struct lexer *lx, struct token *t)
{
	memset(t, 0, sizeof *t);
	skip_space(lx, true);
	t->line = lx->line;
	int c = peekc(lx, 0);
	if (c == -1) {
		t->type = K_EOF;
		return;
	}
	if (lx->line_start) {
		size_t n;
		if ((n = match_propfilt(lx))) {
			t->type = K_PROPFILT;
			t->text = take(lx, n);
			return;
		}
		if ((n = match_prifilt(lx)) && !word_is(lx, "if")) {
			/* flex takes the longest match: "action(" or "if" are longer/earlier rules */
			t->type = K_PRIFILT;
			t->text = take(lx, n);
			return;
		}
	}
	if (c == '$' && isalpha(peekc(lx, 1))) {
		t->type = K_DOLLAR;
		t->text = take(lx, rest_of_line(lx));
		return;
	}
	for (size_t i = 0; i < sizeof object_names / sizeof object_names[0]; i++) {
		size_t n = match_obj(lx, object_names[i]);
		if (n) {
			t->type = K_OBJ;
			t->text = xstrdup(object_names[i]);
			advance(lx, n);
			if (!read_params(lx, t)) {
				t->type = K_ERROR;
				free(t->text);
				t->text = xasprintf("malformed %s() object", object_names[i]);
			}
			return;
		}
	}
	static const struct {
		const char *word;
		enum tok_type type;
	} kw[] = {
		{ "if", K_IF }, { "then", K_THEN }, { "else", K_ELSE }, { "stop", K_STOP },
		{ "call", K_CALL }, { "set", K_SET }, { "reset", K_SET }, { "unset", K_UNSET },
		{ "foreach", K_FOREACH }, { "continue", K_CONTINUE }, { "call_indirect", K_SET },
	};
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (word_is(lx, kw[i].word)) {
			t->type = kw[i].type;
			t->text = take(lx, strlen(kw[i].word));
			return;
		}
	if (c == '{' || c == '}' || c == '&') {
		t->type = c == '{' ? K_LBRACE : c == '}' ? K_RBRACE : K_AMP;
		t->text = take(lx, 1);
		return;
	}
	if (c == ';') {
		t->type = K_SEMI;
		t->text = take(lx, 1);
		return;
	}
	/* legacy actions: ~ * -/path /path :mod:... [|.-@^?~>]... user,list */
	if (c == '~' || c == '*') {
		size_t n = 1;
		if (peekc(lx, 1) != -1 && !isspace(peekc(lx, 1)) && c == '~')
			n = rest_of_line(lx);
		t->type = K_LEGACY_ACTION;
		t->text = take(lx, n);
		return;
	}
	if (c == '/' || c == ':' || c == '|' || c == '.' || c == '-' || c == '@' || c == '^' ||
	    c == '?' || c == '>') {
		t->type = K_LEGACY_ACTION;
		t->text = take(lx, rest_of_line(lx));
		return;
	}
	if (isalnum(c) || c == '_') {
		size_t n = 0;
		while (peekc(lx, n) != -1 && (isalnum(peekc(lx, n)) || strchr("_-+,;", peekc(lx, n))))
			n++;
		t->type = K_LEGACY_ACTION;
		t->text = take(lx, n);
		return;
	}
	t->type = K_ERROR;
	t->text = xasprintf("invalid character '%c'", c);
	advance(lx, 1);
}

/* One token in EXPR mode. */
static void lex_expr(struct lexer *lx, struct token *t)
{
	memset(t, 0, sizeof *t);
	skip_space(lx, false);
	t->line = lx->line;
	int c = peekc(lx, 0);
	if (c == -1) {
		t->type = K_EOF;
		return;
	}
	static const struct {
		const char *word;
		enum tok_type type;
	} kw[] = {
		{ "then", K_THEN }, { "do", K_DO }, { "or", X_OR }, { "and", X_AND }, { "not", X_NOT },
		{ "contains_i", X_CMP }, { "contains", X_CMP }, { "startswith_i", X_CMP },
		{ "startswith", X_CMP }, { "in", X_OP },
	};
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (word_is(lx, kw[i].word)) {
			t->type = kw[i].type;
			t->text = take(lx, strlen(kw[i].word));
			return;
		}
	if (c == '$') {
		size_t n = 1;
		while (peekc(lx, n) != -1 &&
		       (isalnum(peekc(lx, n)) || strchr("$!./@_-[]", peekc(lx, n))))
			n++;
		t->type = X_VAR;
		t->text = take(lx, n);
		return;
	}
	if (c == '\'' || c == '"' || c == '`') {
		t->type = X_STRING;
		t->text = read_quoted(lx, (char)c);
		return;
	}
	if (isdigit(c)) {
		size_t n = 0;
		while (peekc(lx, n) != -1 && isalnum(peekc(lx, n)))
			n++;
		t->type = X_NUMBER;
		t->text = take(lx, n);
		return;
	}
	if (isalpha(c)) {
		size_t n = 0;
		while (peekc(lx, n) != -1 && (isalnum(peekc(lx, n)) || peekc(lx, n) == '_'))
			n++;
		t->type = X_FUNC;
		t->text = take(lx, n);
		return;
	}
	const char *two[] = { "==", "<=", ">=", "!=", "<>" };
	for (size_t i = 0; i < 5; i++)
		if (peekc(lx, 0) == two[i][0] && peekc(lx, 1) == two[i][1]) {
			t->type = X_CMP;
			t->text = take(lx, 2);
			return;
		}
	t->text = take(lx, 1);
	switch (c) {
	case '<': case '>': t->type = X_CMP; break;
	case '(': t->type = X_LPAREN; break;
	case ')': t->type = X_RPAREN; break;
	case '[': t->type = X_LBRACKET; break;
	case ']': t->type = X_RBRACKET; break;
	case ',': t->type = X_COMMA; break;
	case ';': t->type = K_SEMI; break;
	case '=': case '*': case '/': case '%': case '+': case '&': case '-': t->type = X_OP; break;
	default:
		t->type = K_ERROR;
		free(t->text);
		t->text = xasprintf("invalid character '%c' in expression", c);
	}
}

/* ---- expression evaluation -------------------------------------------------------------- */

struct value {
	enum { V_UNKNOWN, V_STR, V_BOOL, V_ARRAY } kind;
	char *s;      /* V_STR; V_ARRAY: items joined by '\n' */
	enum tri b;   /* V_BOOL */
};

struct expr {
	struct token *toks;
	size_t n, pos;
	int fac; /* syslog facility number the expression is evaluated for */
	const char *fac_name;
	bool error;
};

static void value_free(struct value *v)
{
	free(v->s);
	v->s = NULL;
}

static struct value unknown(void)
{
	struct value v = { V_UNKNOWN, NULL, T_UNKNOWN };
	return v;
}

static struct value boolean(enum tri b)
{
	struct value v = { V_BOOL, NULL, b };
	return v;
}

static struct value str(const char *s)
{
	struct value v = { V_STR, xstrdup(s), T_UNKNOWN };
	return v;
}

static enum tri truth(const struct value *v)
{
	if (v->kind == V_BOOL)
		return v->b;
	if (v->kind == V_STR)
		return *v->s && strcmp(v->s, "0") != 0 ? T_TRUE : T_FALSE;
	return T_UNKNOWN;
}

static enum tri tri_not(enum tri a)
{
	return a == T_TRUE ? T_FALSE : a == T_FALSE ? T_TRUE : T_UNKNOWN;
}

static enum tri tri_and(enum tri a, enum tri b)
{
	if (a == T_FALSE || b == T_FALSE)
		return T_FALSE;
	return a == T_TRUE && b == T_TRUE ? T_TRUE : T_UNKNOWN;
}

static enum tri tri_or(enum tri a, enum tri b)
{
	if (a == T_TRUE || b == T_TRUE)
		return T_TRUE;
	return a == T_FALSE && b == T_FALSE ? T_FALSE : T_UNKNOWN;
}

/* What is known about a message of the facility being evaluated, at severity info. */
static struct value variable(const struct expr *e, const char *name)
{
	char buf[64];
	const char *n = name[0] == '$' ? name + 1 : name;
	if (strcasecmp(n, "syslogfacility-text") == 0)
		return str(e->fac_name);
	if (strcasecmp(n, "syslogfacility") == 0) {
		snprintf(buf, sizeof buf, "%d", e->fac);
		return str(buf);
	}
	if (strcasecmp(n, "syslogseverity-text") == 0 || strcasecmp(n, "syslogpriority-text") == 0)
		return str("info");
	if (strcasecmp(n, "syslogseverity") == 0 || strcasecmp(n, "syslogpriority") == 0)
		return str("6");
	if (strcasecmp(n, "pri") == 0) {
		snprintf(buf, sizeof buf, "%d", e->fac * 8 + SEV_INFO);
		return str(buf);
	}
	if (strcasecmp(n, "pri-text") == 0) {
		snprintf(buf, sizeof buf, "%s.info", e->fac_name);
		return str(buf);
	}
	return unknown();
}

static bool numeric(const char *s, long long *out)
{
	if (!*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static enum tri compare_one(const char *op, const char *a, const char *b)
{
	long long x, y;
	if (strcmp(op, "contains") == 0)
		return strstr(a, b) ? T_TRUE : T_FALSE;
	if (strcmp(op, "contains_i") == 0)
		return strcasestr(a, b) ? T_TRUE : T_FALSE;
	if (strcmp(op, "startswith") == 0)
		return strncmp(a, b, strlen(b)) == 0 ? T_TRUE : T_FALSE;
	if (strcmp(op, "startswith_i") == 0)
		return strncasecmp(a, b, strlen(b)) == 0 ? T_TRUE : T_FALSE;
	int cmp;
	if (numeric(a, &x) && numeric(b, &y))
		cmp = x < y ? -1 : x > y;
	else
		cmp = strcmp(a, b);
	if (strcmp(op, "==") == 0)
		return cmp == 0 ? T_TRUE : T_FALSE;
	if (strcmp(op, "!=") == 0 || strcmp(op, "<>") == 0)
		return cmp != 0 ? T_TRUE : T_FALSE;
	if (strcmp(op, "<") == 0)
		return cmp < 0 ? T_TRUE : T_FALSE;
	if (strcmp(op, ">") == 0)
		return cmp > 0 ? T_TRUE : T_FALSE;
	if (strcmp(op, "<=") == 0)
		return cmp <= 0 ? T_TRUE : T_FALSE;
	if (strcmp(op, ">=") == 0)
		return cmp >= 0 ? T_TRUE : T_FALSE;
	return T_UNKNOWN;
}

/* Comparison with an array on the right: "==" and "contains"-like operators are true when any
 * element matches (rsyslog's array semantics); "!=" when none does. */
static enum tri compare(const char *op, const struct value *a, const struct value *b)
{
	if (a->kind != V_STR || (b->kind != V_STR && b->kind != V_ARRAY))
		return T_UNKNOWN;
	if (b->kind == V_STR)
		return compare_one(op, a->s, b->s);
	bool ne = strcmp(op, "!=") == 0 || strcmp(op, "<>") == 0;
	const char *eqop = ne ? "==" : op;
	enum tri any = T_FALSE;
	char *copy = xstrdup(b->s), *save = NULL;
	for (char *item = strtok_r(copy, "\n", &save); item; item = strtok_r(NULL, "\n", &save))
		any = tri_or(any, compare_one(eqop, a->s, item));
	free(copy);
	return ne ? tri_not(any) : any;
}

static struct token *cur_tok(struct expr *e)
{
	static struct token eof = { K_EOF, NULL, 0, NULL, 0 };
	return e->pos < e->n ? &e->toks[e->pos] : &eof;
}

static struct value parse_or(struct expr *e);

static struct value parse_primary(struct expr *e)
{
	struct token *t = cur_tok(e);
	switch (t->type) {
	case X_VAR:
		e->pos++;
		return variable(e, t->text);
	case X_STRING:
	case X_NUMBER:
		e->pos++;
		return str(t->text);
	case X_LPAREN: {
		e->pos++;
		struct value v = parse_or(e);
		if (cur_tok(e)->type == X_RPAREN)
			e->pos++;
		else
			e->error = true;
		return v;
	}
	case X_LBRACKET: {
		e->pos++;
		size_t cap = 64, n = 0;
		char *joined = xmalloc(cap);
		joined[0] = '\0';
		bool known = true;
		while (cur_tok(e)->type != X_RBRACKET && cur_tok(e)->type != K_EOF) {
			if (cur_tok(e)->type == X_COMMA) {
				e->pos++;
				continue;
			}
			struct value item = parse_or(e);
			if (item.kind != V_STR) {
				known = false;
			} else {
				size_t il = strlen(item.s);
				XGROW(joined, n, cap, n + il + 2);
				if (n)
					joined[n++] = '\n';
				memcpy(joined + n, item.s, il + 1);
				n += il;
			}
			value_free(&item);
			if (e->error)
				break;
		}
		if (cur_tok(e)->type == X_RBRACKET)
			e->pos++;
		else
			e->error = true;
		if (!known) {
			free(joined);
			return unknown();
		}
		struct value v = { V_ARRAY, joined, T_UNKNOWN };
		return v;
	}
	case X_FUNC: {
		e->pos++;
		bool prifilt = strcasecmp(t->text, "prifilt") == 0;
		if (cur_tok(e)->type != X_LPAREN) {
			e->error = true;
			return unknown();
		}
		e->pos++;
		struct value first = unknown();
		size_t nargs = 0;
		while (cur_tok(e)->type != X_RPAREN && cur_tok(e)->type != K_EOF) {
			if (cur_tok(e)->type == X_COMMA) {
				e->pos++;
				continue;
			}
			struct value a = parse_or(e);
			if (nargs++ == 0)
				first = a;
			else
				value_free(&a);
			if (e->error)
				break;
		}
		if (cur_tok(e)->type == X_RPAREN)
			e->pos++;
		else
			e->error = true;
		struct value r = unknown();
		if (prifilt && first.kind == V_STR)
			r = boolean(rsyslog_selector_matches(first.s, e->fac, SEV_INFO) ? T_TRUE
											  : T_FALSE);
		value_free(&first);
		return r;
	}
	case X_OP:
		if (strcmp(t->text, "-") == 0) { /* unary minus */
			e->pos++;
			struct value v = parse_primary(e);
			value_free(&v);
			return unknown();
		}
		/* fall through */
	default:
		e->error = true;
		return unknown();
	}
}

static struct value parse_arith(struct expr *e)
{
	struct value v = parse_primary(e);
	while (!e->error && cur_tok(e)->type == X_OP && strcmp(cur_tok(e)->text, "=") != 0) {
		e->pos++;
		struct value w = parse_primary(e);
		value_free(&v);
		value_free(&w);
		v = unknown(); /* arithmetic and concatenation: not needed to place a message */
	}
	return v;
}

static struct value parse_cmp(struct expr *e)
{
	struct value a = parse_arith(e);
	if (!e->error && cur_tok(e)->type == X_CMP) {
		char op[16];
		snprintf(op, sizeof op, "%s", cur_tok(e)->text);
		for (char *o = op; *o; o++)
			*o = (char)tolower((unsigned char)*o);
		e->pos++;
		struct value b = parse_arith(e);
		enum tri r = compare(op, &a, &b);
		value_free(&a);
		value_free(&b);
		return boolean(r);
	}
	return a;
}

static struct value parse_not(struct expr *e)
{
	if (cur_tok(e)->type == X_NOT) {
		e->pos++;
		struct value v = parse_not(e);
		enum tri t = truth(&v);
		value_free(&v);
		return boolean(tri_not(t));
	}
	return parse_cmp(e);
}

static struct value parse_and(struct expr *e)
{
	struct value v = parse_not(e);
	while (!e->error && cur_tok(e)->type == X_AND) {
		e->pos++;
		struct value w = parse_not(e);
		enum tri r = tri_and(truth(&v), truth(&w));
		value_free(&v);
		value_free(&w);
		v = boolean(r);
	}
	return v;
}

static struct value parse_or(struct expr *e)
{
	struct value v = parse_and(e);
	while (!e->error && cur_tok(e)->type == X_OR) {
		e->pos++;
		struct value w = parse_and(e);
		enum tri r = tri_or(truth(&v), truth(&w));
		value_free(&v);
		value_free(&w);
		v = boolean(r);
	}
	return v;
}

/* ---- statements ------------------------------------------------------------------------- */

struct parser {
	struct rsyslog_config *cfg;
	struct lexer lx;
	const char *file;
	rs_include_fn include;
	void *ud;
	struct token tok; /* lookahead in INITIAL mode */
	bool have_tok;
};

typedef enum tri filter_t[RS_NFAC];

void rsyslog_issue(struct rsyslog_config *cfg, const char *file, unsigned line, const char *why)
{
	parse_issue_add(&cfg->issues, &cfg->n_issues, &cfg->cap_issues, file, line, why);
}

static void perr(struct parser *p, unsigned line, const char *fmt, const char *arg)
{
	char why[512];
	snprintf(why, sizeof why, fmt, arg ? arg : "");
	rsyslog_issue(p->cfg, p->file, line, why);
}

static struct token *peek(struct parser *p)
{
	if (!p->have_tok) {
		lex_initial(&p->lx, &p->tok);
		p->have_tok = true;
	}
	return &p->tok;
}

static void consume(struct parser *p)
{
	token_free(&p->tok);
	p->have_tok = false;
}

static const char *param(const struct token *t, const char *name)
{
	for (size_t i = 0; i < t->n_params; i++)
		if (strcasecmp(t->params[i].name, name) == 0)
			return t->params[i].value;
	return NULL;
}

static void add_dest(struct parser *p, enum rs_dest_kind kind, const char *target, unsigned line,
		     const filter_t f)
{
	struct rsyslog_config *cfg = p->cfg;
	enum rs_reach reach[RS_NFAC];
	bool any = false;
	for (int i = 0; i < RS_NFAC; i++) {
		reach[i] = cfg->stopped[i] || f[i] == T_FALSE ? RS_NO
			   : f[i] == T_TRUE		       ? RS_YES
							       : RS_MAYBE;
		any |= reach[i] != RS_NO;
	}
	if (!any)
		return;
	XGROW(cfg->dests, cfg->n_dests, cfg->cap_dests, cfg->n_dests + 1);
	struct rs_dest *d = &cfg->dests[cfg->n_dests++];
	d->kind = kind;
	d->target = xstrdup(target);
	d->file = p->file;
	d->line = line;
	memcpy(d->reach, reach, sizeof reach);
}

static void apply_stop(struct parser *p, const filter_t f)
{
	for (int i = 0; i < RS_NFAC; i++)
		if (f[i] == T_TRUE)
			p->cfg->stopped[i] = true;
}

/* A legacy action: what kind of output it is and where it writes. */
static void legacy_action(struct parser *p, const char *text, unsigned line, const filter_t f)
{
	char *a = xstrdup(text);
	if (a[0] != ':') { /* ";Template" suffix (":omxxx:" actions keep their own syntax) */
		char *semi = strchr(a, ';');
		if (semi)
			*semi = '\0';
	}
	if (a[0] != ':' && a[0] != '|')
		a[strcspn(a, " \t")] = '\0'; /* a path or host ends at a blank */
	size_t l = strlen(a);
	while (l > 0 && isspace((unsigned char)a[l - 1]))
		a[--l] = '\0';
	if (strcmp(a, "~") == 0) {
		apply_stop(p, f);
	} else if (a[0] == '/' || (a[0] == '-' && a[1] == '/')) {
		add_dest(p, RS_DEST_FILE, a[0] == '-' ? a + 1 : a, line, f);
	} else if (a[0] == '?' || (a[0] == '-' && a[1] == '?')) {
		add_dest(p, RS_DEST_FILE, a[0] == '-' ? a + 1 : a, line, f);
	} else if (a[0] == '@') {
		const char *h = a + 1;
		if (*h == '@')
			h++;
		if (*h == '(') { /* @(z9)host options */
			const char *close = strchr(h, ')');
			h = close ? close + 1 : h;
		}
		add_dest(p, RS_DEST_REMOTE, h, line, f);
	} else if (a[0] == ':') {
		char mod[32] = "";
		const char *e = strchr(a + 1, ':');
		if (e && (size_t)(e - a - 1) < sizeof mod)
			snprintf(mod, sizeof mod, "%.*s", (int)(e - a - 1), a + 1);
		if (strcmp(mod, "omfile") == 0)
			add_dest(p, RS_DEST_FILE, e + 1, line, f);
		else if (strcmp(mod, "omfwd") == 0 || strcmp(mod, "omrelp") == 0 ||
			 strcmp(mod, "ommysql") == 0 || strcmp(mod, "ompgsql") == 0 ||
			 strcmp(mod, "omlibdbi") == 0 || strcmp(mod, "omgssapi") == 0)
			add_dest(p, RS_DEST_REMOTE, e ? e + 1 : a, line, f);
		else
			add_dest(p, RS_DEST_OTHER, a, line, f);
	} else if (a[0] == '>') {
		add_dest(p, RS_DEST_REMOTE, a + 1, line, f); /* database */
	} else {
		add_dest(p, RS_DEST_OTHER, a, line, f); /* users, '*', |pipe, ^program */
	}
	free(a);
}

static void action_object(struct parser *p, const struct token *t, const filter_t f)
{
	const char *type = param(t, "type");
	if (!type) {
		perr(p, t->line, "action() without type=%s", NULL);
		return;
	}
	if (strcasecmp(type, "omfile") == 0) {
		const char *file = param(t, "file");
		const char *dyna = param(t, "dynafile");
		if (file)
			add_dest(p, RS_DEST_FILE, file, t->line, f);
		else if (dyna) {
			char *d = xasprintf("?%s", dyna);
			add_dest(p, RS_DEST_FILE, d, t->line, f);
			free(d);
		} else {
			perr(p, t->line, "action(type=\"omfile\") without file= or dynaFile=%s", NULL);
		}
	} else if (strcasecmp(type, "omfwd") == 0 || strcasecmp(type, "omrelp") == 0) {
		const char *target = param(t, "target");
		add_dest(p, RS_DEST_REMOTE, target ? target : type, t->line, f);
	} else if (strcasecmp(type, "omelasticsearch") == 0 || strcasecmp(type, "omkafka") == 0 ||
		   strcasecmp(type, "omhttp") == 0 || strcasecmp(type, "ommysql") == 0 ||
		   strcasecmp(type, "ompgsql") == 0 || strcasecmp(type, "omlibdbi") == 0 ||
		   strcasecmp(type, "omhiredis") == 0 || strcasecmp(type, "ommongodb") == 0 ||
		   strcasecmp(type, "omgssapi") == 0 || strcasecmp(type, "omazureeventhubs") == 0) {
		const char *target = param(t, "server");
		if (!target)
			target = param(t, "target");
		add_dest(p, RS_DEST_REMOTE, target ? target : type, t->line, f);
	} else {
		add_dest(p, RS_DEST_OTHER, type, t->line, f);
	}
}

static void note_module(struct parser *p, const char *name)
{
	if (!name)
		return;
	if (strcasecmp(name, "imuxsock") == 0)
		p->cfg->imuxsock = true;
	else if (strcasecmp(name, "imjournal") == 0)
		p->cfg->imjournal = true;
}

static void do_include(struct parser *p, const char *pattern, bool optional, unsigned line)
{
	if (!p->include)
		return;
	if (p->cfg->depth >= RS_MAX_NESTING) {
		perr(p, line, "include nesting too deep: %s", pattern);
		return;
	}
	/* The included file's tokens come before the rest of this one: flush the lookahead. */
	p->cfg->depth++;
	p->include(p->ud, p->cfg, pattern, optional, p->file, line);
	p->cfg->depth--;
}

static void dollar_directive(struct parser *p, const struct token *t)
{
	const char *s = t->text + 1;
	size_t n = 0;
	while (s[n] && !isspace((unsigned char)s[n]))
		n++;
	const char *arg = s + n;
	while (isspace((unsigned char)*arg))
		arg++;
	if (n == 13 && strncasecmp(s, "IncludeConfig", 13) == 0) {
		char *pat = xstrdup(arg);
		char *sp = pat + strcspn(pat, " \t");
		*sp = '\0';
		if (*pat)
			do_include(p, pat, true, t->line);
		else
			perr(p, t->line, "$IncludeConfig without a path%s", NULL);
		free(pat);
	} else if (n == 7 && strncasecmp(s, "RuleSet", 7) == 0) {
		p->cfg->legacy_other_ruleset = strncasecmp(arg, "RSYSLOG_DefaultRuleset", 22) != 0;
	} else if (n == 7 && strncasecmp(s, "ModLoad", 7) == 0) {
		char *m = xstrdup(arg);
		m[strcspn(m, " \t")] = '\0';
		char *base = strrchr(m, '/');
		base = base ? base + 1 : m;
		char *dot = strstr(base, ".so");
		if (dot)
			*dot = '\0';
		note_module(p, base);
		free(m);
	}
}

static void parse_stmt(struct parser *p, const filter_t f);

/* block: stmt | '{' script '}' */
static void parse_block(struct parser *p, const filter_t f)
{
	struct token *t = peek(p);
	if (t->type == K_LBRACE) {
		unsigned line = t->line;
		consume(p);
		for (;;) {
			t = peek(p);
			if (t->type == K_RBRACE) {
				consume(p);
				return;
			}
			if (t->type == K_EOF) {
				perr(p, line, "unterminated { block%s", NULL);
				return;
			}
			parse_stmt(p, f);
		}
	}
	parse_stmt(p, f);
}

/* Scan an expression after if/foreach/set: tokens up to "then"/"do"/";". */
static bool collect_expr(struct parser *p, struct token **out, size_t *n, enum tok_type *ender)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (p->have_tok) { /* cannot happen after a keyword, but keep the lexer consistent */
		consume(p);
	}
	for (;;) {
		struct token t;
		lex_expr(&p->lx, &t);
		if (t.type == K_THEN || t.type == K_DO || t.type == K_SEMI || t.type == K_EOF ||
		    t.type == K_ERROR) {
			*ender = t.type;
			bool ok = t.type != K_EOF && t.type != K_ERROR;
			if (t.type == K_ERROR)
				perr(p, t.line, "%s", t.text);
			token_free(&t);
			return ok;
		}
		XGROW(*out, *n, cap, *n + 1);
		(*out)[(*n)++] = t;
	}
}

static void free_tokens(struct token *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		token_free(&t[i]);
	free(t);
}

static void eval_filter(struct token *toks, size_t n, filter_t out, bool *error)
{
	*error = false;
	for (int i = 0; i < RS_NFAC; i++) {
		struct expr e = { toks, n, 0, fac_number[i], fac_name[i], false };
		struct value v = parse_or(&e);
		if (e.pos != n)
			e.error = true;
		out[i] = e.error ? T_UNKNOWN : truth(&v);
		*error |= e.error;
		value_free(&v);
	}
}

static void propfilt(const char *text, filter_t out, bool *ok)
{
	/* :property, [!]compare-op, "value" */
	char prop[64] = "", op[32] = "", value[256] = "";
	const char *s = text + 1;
	size_t n = strcspn(s, ", ");
	snprintf(prop, sizeof prop, "%.*s", (int)n, s);
	s = strchr(s, ',');
	*ok = s != NULL;
	if (!s)
		return;
	s++;
	while (*s == ' ')
		s++;
	bool negate = *s == '!';
	if (negate)
		s++;
	n = strcspn(s, ", ");
	snprintf(op, sizeof op, "%.*s", (int)n, s);
	s = strchr(s, '"');
	if (s) {
		const char *e = strrchr(s + 1, '"');
		if (e)
			snprintf(value, sizeof value, "%.*s", (int)(e - s - 1), s + 1);
	}
	for (int i = 0; i < RS_NFAC; i++) {
		struct expr ex = { NULL, 0, 0, fac_number[i], fac_name[i], false };
		struct value v = variable(&ex, prop);
		enum tri r = T_UNKNOWN;
		if (v.kind == V_STR) {
			if (strcasecmp(op, "isequal") == 0)
				r = strcmp(v.s, value) == 0 ? T_TRUE : T_FALSE;
			else if (strcasecmp(op, "contains") == 0)
				r = strstr(v.s, value) ? T_TRUE : T_FALSE;
			else if (strcasecmp(op, "contains_i") == 0)
				r = strcasestr(v.s, value) ? T_TRUE : T_FALSE;
			else if (strcasecmp(op, "startswith") == 0)
				r = strncmp(v.s, value, strlen(value)) == 0 ? T_TRUE : T_FALSE;
			else if (strcasecmp(op, "isempty") == 0)
				r = *v.s ? T_FALSE : T_TRUE;
		}
		value_free(&v);
		out[i] = negate ? tri_not(r) : r;
	}
}

static void parse_actlist(struct parser *p, const filter_t f)
{
	for (;;) {
		struct token *t = peek(p);
		if (t->type == K_OBJ && strcasecmp(t->text, "action") == 0)
			action_object(p, t, f);
		else if (t->type == K_LEGACY_ACTION)
			legacy_action(p, t->text, t->line, f);
		else if (t->type == K_STOP)
			apply_stop(p, f);
		else
			return;
		consume(p);
		if (peek(p)->type != K_AMP)
			return;
		consume(p);
	}
}

static void parse_stmt(struct parser *p, const filter_t f)
{
	struct token *t = peek(p);
	unsigned line = t->line;
	filter_t sub;
	switch (t->type) {
	case K_EOF:
		return;
	case K_PRIFILT: {
		bool valid = true;
		for (int i = 0; i < RS_NFAC; i++)
			sub[i] = tri_and(f[i], selector_eval(t->text, fac_number[i], SEV_INFO, &valid)
						       ? T_TRUE : T_FALSE);
		if (!valid)
			perr(p, line, "invalid selector '%s': rsyslog ignores this rule", t->text);
		consume(p);
		parse_block(p, sub);
		return;
	}
	case K_PROPFILT: {
		bool ok;
		propfilt(t->text, sub, &ok);
		if (!ok)
			perr(p, line, "malformed property filter%s", NULL);
		for (int i = 0; i < RS_NFAC; i++)
			sub[i] = tri_and(f[i], sub[i]);
		consume(p);
		parse_block(p, sub);
		return;
	}
	case K_IF: {
		consume(p);
		struct token *toks;
		size_t n;
		enum tok_type ender;
		if (!collect_expr(p, &toks, &n, &ender) || ender != K_THEN) {
			perr(p, line, "if without then%s", NULL);
			free_tokens(toks, n);
			return;
		}
		filter_t cond;
		bool error;
		eval_filter(toks, n, cond, &error);
		free_tokens(toks, n);
		if (error)
			perr(p, line, "expression not understood: the rule is treated as conditional%s",
			     NULL);
		filter_t then_f, else_f;
		for (int i = 0; i < RS_NFAC; i++) {
			then_f[i] = tri_and(f[i], cond[i]);
			else_f[i] = tri_and(f[i], tri_not(cond[i]));
		}
		parse_block(p, then_f);
		if (peek(p)->type == K_ELSE) {
			consume(p);
			parse_block(p, else_f);
		}
		return;
	}
	case K_OBJ:
		if (strcasecmp(t->text, "action") == 0) {
			parse_actlist(p, f);
			return;
		}
		if (strcasecmp(t->text, "module") == 0) {
			/* imuxsock with SysSock.Use="off" (RHEL 9) does not read the system socket */
			const char *sys = param(t, "SysSock.Use");
			const char *load = param(t, "load");
			if (!(load && strcasecmp(load, "imuxsock") == 0 && sys &&
			      (strcasecmp(sys, "off") == 0 || strcasecmp(sys, "no") == 0)))
				note_module(p, load);
		} else if (strcasecmp(t->text, "include") == 0) {
			const char *file = param(t, "file");
			const char *mode = param(t, "mode");
			char *pattern = file ? xstrdup(file) : NULL;
			bool optional = mode && strcasecmp(mode, "optional") == 0;
			consume(p);
			if (pattern)
				do_include(p, pattern, optional, line);
			free(pattern);
			return;
		} else if (strcasecmp(t->text, "ruleset") == 0) {
			const char *name = param(t, "name");
			bool is_default = name && strcmp(name, "RSYSLOG_DefaultRuleset") == 0;
			consume(p);
			if (peek(p)->type != K_LBRACE) {
				perr(p, line, "ruleset() without a { } body%s", NULL);
				return;
			}
			/* Rules of a named ruleset only see messages of inputs bound to it. */
			filter_t rf;
			for (int i = 0; i < RS_NFAC; i++)
				rf[i] = is_default ? T_TRUE : T_FALSE;
			bool saved[RS_NFAC];
			memcpy(saved, p->cfg->stopped, sizeof saved);
			if (!is_default)
				memset(p->cfg->stopped, 0, sizeof saved);
			parse_block(p, rf);
			if (!is_default)
				memcpy(p->cfg->stopped, saved, sizeof saved);
			return;
		} else if (strcasecmp(t->text, "template") == 0) {
			consume(p);
			if (peek(p)->type == K_LBRACE) { /* list template: constant()/property() */
				consume(p);
				while (peek(p)->type != K_RBRACE && peek(p)->type != K_EOF)
					consume(p);
				if (peek(p)->type == K_RBRACE)
					consume(p);
			}
			return;
		}
		consume(p);
		return;
	case K_LEGACY_ACTION:
	case K_STOP:
		parse_actlist(p, f);
		return;
	case K_DOLLAR:
		dollar_directive(p, t);
		consume(p);
		return;
	case K_SET:
	case K_UNSET:
	case K_FOREACH: {
		bool foreach = t->type == K_FOREACH;
		consume(p);
		struct token *toks;
		size_t n;
		enum tok_type ender;
		collect_expr(p, &toks, &n, &ender);
		free_tokens(toks, n);
		if (foreach && ender == K_DO)
			parse_block(p, f);
		return;
	}
	case K_CALL:
		consume(p);
		if (peek(p)->type == K_LEGACY_ACTION)
			consume(p); /* the ruleset name */
		return;
	case K_CONTINUE:
	case K_SEMI:
		consume(p);
		return;
	case K_LBRACE:
		parse_block(p, f);
		return;
	case K_ERROR:
		perr(p, line, "%s: rsyslog reports a syntax error here", t->text);
		consume(p);
		return;
	default:
		perr(p, line, "unexpected '%s'", t->text ? t->text : "?");
		consume(p);
		return;
	}
}

void rsyslog_init(struct rsyslog_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
}

void rsyslog_free(struct rsyslog_config *cfg)
{
	for (size_t i = 0; i < cfg->n_dests; i++)
		free(cfg->dests[i].target);
	for (size_t i = 0; i < cfg->n_issues; i++)
		free(cfg->issues[i].why);
	for (size_t i = 0; i < cfg->n_files && i < RS_MAX_FILES; i++)
		free(cfg->files[i]);
	free(cfg->dests);
	free(cfg->issues);
	free(cfg->files);
	memset(cfg, 0, sizeof *cfg);
}

void rsyslog_parse(struct rsyslog_config *cfg, const char *file, const char *buf, size_t len,
		   rs_include_fn include, void *ud)
{
	char *fname = PARSE_ADD_FILE(cfg, RS_MAX_FILES, file);
	if (!fname)
		return;
	struct parser p = { .cfg = cfg, .file = fname, .include = include, .ud = ud };
	p.lx.buf = buf;
	p.lx.len = strnlen(buf, len); /* a NUL byte ends the configuration text */
	p.lx.line = 1;
	p.lx.line_start = true;
	filter_t all;
	while (peek(&p)->type != K_EOF) {
		for (int i = 0; i < RS_NFAC; i++)
			all[i] = cfg->legacy_other_ruleset ? T_FALSE : T_TRUE;
		if (peek(&p)->type == K_RBRACE) {
			perr(&p, p.tok.line, "unexpected }%s", NULL);
			consume(&p);
			continue;
		}
		parse_stmt(&p, all);
	}
	consume(&p);
}
