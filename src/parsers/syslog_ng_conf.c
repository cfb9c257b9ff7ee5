/* syslog-ng configuration: a tokenizer (words, quoted strings, braces, parentheses, ';', ','),
 * top-level objects "TYPE NAME { ... };" and "log { ... };", @include, and the evaluation of
 * filter expressions for an auth/authpriv message at level info. */
#include "syslog_ng_conf.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { W_WORD, W_STRING, W_LBRACE, W_RBRACE, W_LPAREN, W_RPAREN, W_SEMI, W_COMMA, W_AT, W_EOF };
enum { O_SOURCE, O_DESTINATION, O_FILTER, O_OTHER };
enum tri { T_FALSE, T_UNKNOWN, T_TRUE };

static const int fac_number[RS_NFAC] = { 4, 10 };
#define LEVEL_INFO 6

void syslog_ng_issue(struct syslog_ng_config *cfg, const char *file, unsigned line,
		     const char *why)
{
	parse_issue_add(&cfg->issues, &cfg->n_issues, &cfg->cap_issues, file, line, why);
}

static void free_tokens(struct sng_token *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].text);
	free(t);
}

void syslog_ng_init(struct syslog_ng_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
}

void syslog_ng_free(struct syslog_ng_config *cfg)
{
	for (size_t i = 0; i < cfg->n_objects; i++) {
		free(cfg->objects[i].name);
		free_tokens(cfg->objects[i].toks, cfg->objects[i].n);
	}
	for (size_t i = 0; i < cfg->n_logs; i++)
		free_tokens(cfg->logs[i].toks, cfg->logs[i].n);
	for (size_t i = 0; i < cfg->n_dests; i++)
		free(cfg->dests[i].target);
	for (size_t i = 0; i < cfg->n_issues; i++)
		free(cfg->issues[i].why);
	for (size_t i = 0; i < cfg->n_files && i < SNG_MAX_FILES; i++)
		free(cfg->files[i]);
	free(cfg->objects);
	free(cfg->logs);
	free(cfg->dests);
	free(cfg->issues);
	free(cfg->files);
	memset(cfg, 0, sizeof *cfg);
}

/* ---- tokenizer -------------------------------------------------------------------------- */

struct lexer {
	const char *buf, *file;
	size_t len, pos;
	unsigned line;
};

static void lex(struct lexer *lx, struct sng_token *t)
{
	t->text = NULL;
	t->file = lx->file;
	for (;;) {
		while (lx->pos < lx->len && isspace((unsigned char)lx->buf[lx->pos])) {
			if (lx->buf[lx->pos] == '\n')
				lx->line++;
			lx->pos++;
		}
		if (lx->pos < lx->len && lx->buf[lx->pos] == '#') {
			while (lx->pos < lx->len && lx->buf[lx->pos] != '\n')
				lx->pos++;
			continue;
		}
		break;
	}
	t->line = lx->line;
	if (lx->pos >= lx->len) {
		t->type = W_EOF;
		return;
	}
	char c = lx->buf[lx->pos];
	const char *single = "{}();,";
	const char *hit = strchr(single, c);
	if (hit && c) {
		static const int types[] = { W_LBRACE, W_RBRACE, W_LPAREN, W_RPAREN, W_SEMI, W_COMMA };
		t->type = types[hit - single];
		t->text = xstrndup(&c, 1);
		lx->pos++;
		return;
	}
	if (c == '"' || c == '\'') {
		size_t cap = 32, n = 0;
		char *s = xmalloc(cap);
		lx->pos++;
		while (lx->pos < lx->len && lx->buf[lx->pos] != c) {
			char d = lx->buf[lx->pos++];
			if (d == '\\' && c == '"' && lx->pos < lx->len)
				d = lx->buf[lx->pos++];
			if (d == '\n')
				lx->line++;
			XGROW(s, n, cap, n + 2);
			s[n++] = d;
		}
		lx->pos++;
		s[n] = '\0';
		t->type = W_STRING;
		t->text = s;
		return;
	}
	if (c == '@') {
		/* pragma: "@version: 3.38", "@include "x"", "@define a b": a word up to a blank */
		size_t s = lx->pos;
		while (lx->pos < lx->len && !isspace((unsigned char)lx->buf[lx->pos]) &&
		       lx->buf[lx->pos] != '"')
			lx->pos++;
		t->type = W_AT;
		t->text = xstrndup(lx->buf + s, lx->pos - s);
		return;
	}
	size_t s = lx->pos;
	while (lx->pos < lx->len && !isspace((unsigned char)lx->buf[lx->pos]) &&
	       !strchr("{}();,\"'#", lx->buf[lx->pos]))
		lx->pos++;
	if (lx->pos == s) /* a stray character: one-character word */
		lx->pos++;
	t->type = W_WORD;
	t->text = xstrndup(lx->buf + s, lx->pos - s);
}

/* Tokens of a balanced { ... } body; the opening brace has been read. */
static bool read_body(struct lexer *lx, struct sng_token **out, size_t *n)
{
	size_t cap = 0;
	int depth = 1;
	*out = NULL;
	*n = 0;
	for (;;) {
		struct sng_token t;
		lex(lx, &t);
		if (t.type == W_EOF)
			return false;
		if (t.type == W_LBRACE)
			depth++;
		if (t.type == W_RBRACE && --depth == 0) {
			free(t.text);
			return true;
		}
		XGROW(*out, *n, cap, *n + 1);
		(*out)[(*n)++] = t;
	}
}

void syslog_ng_parse(struct syslog_ng_config *cfg, const char *file, const char *buf, size_t len,
		     sng_include_fn include, void *ud)
{
	char *fname = PARSE_ADD_FILE(cfg, SNG_MAX_FILES, file);
	if (!fname)
		return;
	struct lexer lx = { buf, fname, strnlen(buf, len), 0, 1 };
	for (;;) {
		struct sng_token t;
		lex(&lx, &t);
		if (t.type == W_EOF)
			break;
		if (t.type == W_AT) {
			if (strcmp(t.text, "@include") == 0) {
				struct sng_token arg;
				lex(&lx, &arg);
				if (arg.type == W_STRING && include && cfg->depth < SNG_MAX_NESTING) {
					cfg->depth++;
					include(ud, cfg, arg.text, fname, t.line);
					cfg->depth--;
				} else if (arg.type != W_STRING) {
					syslog_ng_issue(cfg, fname, t.line, "@include without a quoted path");
				}
				free(arg.text);
			} else {
				/* @version: / @define / @module / @requires: rest of the line */
				while (lx.pos < lx.len && lx.buf[lx.pos] != '\n')
					lx.pos++;
			}
			free(t.text);
			continue;
		}
		if (t.type == W_SEMI) {
			free(t.text);
			continue;
		}
		if (t.type != W_WORD) {
			syslog_ng_issue(cfg, fname, t.line, "unexpected token at top level");
			free(t.text);
			continue;
		}
		unsigned line = t.line;
		char *kind = t.text;
		struct sng_token name = { W_EOF, NULL, fname, line };
		struct sng_token brace;
		lex(&lx, &brace);
		if (brace.type == W_WORD || brace.type == W_STRING) {
			name = brace;
			lex(&lx, &brace);
		}
		if (brace.type == W_LPAREN && strcmp(kind, "block") == 0) {
			/* block NAME(params) { ... }: an SCL definition, not a log path */
			int depth = 1;
			while (depth > 0 && brace.type != W_EOF) {
				free(brace.text);
				lex(&lx, &brace);
				depth += brace.type == W_LPAREN ? 1 : brace.type == W_RPAREN ? -1 : 0;
			}
			free(brace.text);
			lex(&lx, &brace);
		}
		if (brace.type != W_LBRACE) {
			syslog_ng_issue(cfg, fname, line, "expected '{' after an object name");
			free(kind);
			free(name.text);
			free(brace.text);
			continue;
		}
		free(brace.text);
		struct sng_token *body;
		size_t n;
		if (!read_body(&lx, &body, &n)) {
			syslog_ng_issue(cfg, fname, line, "unterminated { block");
			free_tokens(body, n);
			free(kind);
			free(name.text);
			break;
		}
		if (strcmp(kind, "log") == 0) {
			XGROW(cfg->logs, cfg->n_logs, cfg->cap_logs, cfg->n_logs + 1);
			struct sng_log *l = &cfg->logs[cfg->n_logs++];
			l->toks = body;
			l->n = n;
			l->file = fname;
			l->line = line;
			free(name.text);
		} else if (name.text) {
			XGROW(cfg->objects, cfg->n_objects, cfg->cap_objects, cfg->n_objects + 1);
			struct sng_object *o = &cfg->objects[cfg->n_objects++];
			o->kind = strcmp(kind, "source") == 0	     ? O_SOURCE
				  : strcmp(kind, "destination") == 0 ? O_DESTINATION
				  : strcmp(kind, "filter") == 0	     ? O_FILTER
								     : O_OTHER;
			o->name = name.text;
			o->toks = body;
			o->n = n;
		} else {
			free_tokens(body, n); /* options { ... } */
		}
		free(kind);
	}
}

/* ---- evaluation ------------------------------------------------------------------------- */

static const struct sng_object *find_object(const struct syslog_ng_config *cfg, int kind,
					    const char *name)
{
	for (size_t i = cfg->n_objects; i-- > 0;)
		if (cfg->objects[i].kind == kind && strcmp(cfg->objects[i].name, name) == 0)
			return &cfg->objects[i];
	return NULL;
}

static int level_code(const char *s)
{
	static const char *const names[] = { "emerg", "alert", "crit", "err", "warning",
					     "notice", "info", "debug" };
	for (int i = 0; i < 8; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	if (strcasecmp(s, "panic") == 0)
		return 0;
	if (strcasecmp(s, "error") == 0)
		return 3;
	if (strcasecmp(s, "warn") == 0)
		return 4;
	return -1;
}

static int fac_code(const char *s)
{
	static const char *const names[] = { "kern", "user", "mail", "daemon", "auth", "syslog",
					     "lpr", "news", "uucp", "cron", "authpriv", "ftp",
					     "ntp", "security", "console", "solaris-cron" };
	for (int i = 0; i < 16; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i == 13 ? 4 : i;
	if (strncasecmp(s, "local", 5) == 0 && s[5] >= '0' && s[5] <= '7' && !s[6])
		return 16 + s[5] - '0';
	char *end;
	long n = strtol(s, &end, 10);
	return *s && !*end && n >= 0 && n < 24 ? (int)n : -1;
}

struct eval {
	const struct syslog_ng_config *cfg;
	const struct sng_token *t;
	size_t n, pos;
	int fac;
	unsigned depth;
	bool error;
};

static enum tri t_not(enum tri a) { return a == T_TRUE ? T_FALSE : a == T_FALSE ? T_TRUE : a; }
static enum tri t_and(enum tri a, enum tri b)
{
	return a == T_FALSE || b == T_FALSE ? T_FALSE : a == T_TRUE && b == T_TRUE ? T_TRUE : T_UNKNOWN;
}
static enum tri t_or(enum tri a, enum tri b)
{
	return a == T_TRUE || b == T_TRUE ? T_TRUE : a == T_FALSE && b == T_FALSE ? T_FALSE : T_UNKNOWN;
}

static enum tri eval_expr(struct eval *e);

static enum tri eval_filter_object(const struct syslog_ng_config *cfg, const char *name, int fac,
				   unsigned depth, bool *error)
{
	const struct sng_object *o = find_object(cfg, O_FILTER, name);
	if (!o || depth > 16) {
		*error = true;
		return T_UNKNOWN;
	}
	struct eval sub = { cfg, o->toks, o->n, 0, fac, depth + 1, false };
	enum tri r = eval_expr(&sub);
	while (sub.pos < sub.n && sub.t[sub.pos].type == W_SEMI)
		sub.pos++;
	if (sub.error || sub.pos != sub.n)
		*error = true;
	return r;
}

/* The argument words of NAME( ... ), with "a..b" and "a .. b" kept as words. */
static enum tri eval_call(struct eval *e, const char *fn)
{
	if (e->pos >= e->n || e->t[e->pos].type != W_LPAREN) {
		e->error = true;
		return T_UNKNOWN;
	}
	e->pos++;
	size_t start = e->pos;
	int depth = 1;
	while (e->pos < e->n && depth > 0) {
		if (e->t[e->pos].type == W_LPAREN)
			depth++;
		else if (e->t[e->pos].type == W_RPAREN)
			depth--;
		e->pos++;
	}
	if (depth) {
		e->error = true;
		return T_UNKNOWN;
	}
	size_t end = e->pos - 1;
	bool is_fac = strcmp(fn, "facility") == 0;
	bool is_lvl = strcmp(fn, "level") == 0 || strcmp(fn, "priority") == 0;
	if (strcmp(fn, "filter") == 0) {
		if (end - start != 1) {
			e->error = true;
			return T_UNKNOWN;
		}
		return eval_filter_object(e->cfg, e->t[start].text, e->fac, e->depth, &e->error);
	}
	if (!is_fac && !is_lvl)
		return T_UNKNOWN; /* program(), host(), match(), message(), netmask(), tags() ... */
	/* Join the words so "err .. emerg", "err..emerg" and "info,notice" all split alike. */
	char joined[512] = "";
	for (size_t i = start; i < end; i++) {
		if (e->t[i].type == W_COMMA) {
			strncat(joined, ",", sizeof joined - strlen(joined) - 1);
			continue;
		}
		if (*joined && joined[strlen(joined) - 1] != ',' && strcmp(e->t[i].text, "..") != 0 &&
		    strncmp(joined + strlen(joined) - (strlen(joined) >= 2 ? 2 : 0), "..", 2) != 0 &&
		    strncmp(e->t[i].text, "..", 2) != 0)
			strncat(joined, ",", sizeof joined - strlen(joined) - 1);
		strncat(joined, e->t[i].text, sizeof joined - strlen(joined) - 1);
	}
	enum tri r = T_FALSE;
	char *save = NULL;
	for (char *item = strtok_r(joined, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *dots = strstr(item, "..");
		if (dots && is_lvl) {
			*dots = '\0';
			int a = level_code(item), b = level_code(dots + 2);
			if (a < 0 || b < 0) {
				e->error = true;
				return T_UNKNOWN;
			}
			int lo = a < b ? a : b, hi = a < b ? b : a;
			if (LEVEL_INFO >= lo && LEVEL_INFO <= hi)
				r = T_TRUE;
			continue;
		}
		int code = is_fac ? fac_code(item) : level_code(item);
		if (code < 0) {
			e->error = true;
			return T_UNKNOWN;
		}
		if (code == (is_fac ? e->fac : LEVEL_INFO))
			r = T_TRUE;
	}
	return r;
}

static enum tri eval_primary(struct eval *e)
{
	if (e->pos >= e->n) {
		e->error = true;
		return T_UNKNOWN;
	}
	const struct sng_token *t = &e->t[e->pos];
	if (t->type == W_LPAREN) {
		e->pos++;
		enum tri r = eval_expr(e);
		if (e->pos < e->n && e->t[e->pos].type == W_RPAREN)
			e->pos++;
		else
			e->error = true;
		return r;
	}
	if (t->type == W_WORD && strcasecmp(t->text, "not") == 0) {
		e->pos++;
		return t_not(eval_primary(e));
	}
	if (t->type == W_WORD) {
		e->pos++;
		return eval_call(e, t->text);
	}
	e->error = true;
	e->pos++;
	return T_UNKNOWN;
}

static enum tri eval_and(struct eval *e)
{
	enum tri r = eval_primary(e);
	while (!e->error && e->pos < e->n && e->t[e->pos].type == W_WORD &&
	       strcasecmp(e->t[e->pos].text, "and") == 0) {
		e->pos++;
		r = t_and(r, eval_primary(e));
	}
	return r;
}

static enum tri eval_expr(struct eval *e)
{
	enum tri r = eval_and(e);
	while (!e->error && e->pos < e->n && e->t[e->pos].type == W_WORD &&
	       strcasecmp(e->t[e->pos].text, "or") == 0) {
		e->pos++;
		r = t_or(r, eval_and(e));
	}
	return r;
}

/* Whether a source reads local messages (the system's /dev/log or the journal). */
static enum tri source_is_local(const struct sng_object *o)
{
	static const char *const local[] = { "system", "systemd-journal", "systemd_journal",
					     "unix-dgram", "unix_dgram", "unix-stream",
					     "unix_stream", "systemd-syslog", "systemd_syslog" };
	for (size_t i = 0; i < o->n; i++)
		if (o->toks[i].type == W_WORD)
			for (size_t j = 0; j < sizeof local / sizeof local[0]; j++)
				if (strcmp(o->toks[i].text, local[j]) == 0)
					return T_TRUE;
	return T_FALSE;
}

static void add_dest(struct syslog_ng_config *cfg, int kind, const char *target,
		     const struct sng_token *at, const enum tri reach[RS_NFAC])
{
	XGROW(cfg->dests, cfg->n_dests, cfg->cap_dests, cfg->n_dests + 1);
	struct rs_dest *d = &cfg->dests[cfg->n_dests++];
	d->kind = kind;
	d->target = xstrdup(target);
	d->file = at->file;
	d->line = at->line;
	for (int i = 0; i < RS_NFAC; i++)
		d->reach[i] = reach[i] == T_TRUE ? RS_YES : reach[i] == T_UNKNOWN ? RS_MAYBE : RS_NO;
}

/* Destination drivers in a body: file("path"), network("host"), ... */
static void emit_drivers(struct syslog_ng_config *cfg, const struct sng_token *t, size_t n,
			 const enum tri reach[RS_NFAC])
{
	static const char *const remote[] = {
		"network", "syslog", "tcp", "udp", "tcp6", "udp6", "sql", "mongodb", "redis",
		"elasticsearch-http", "elasticsearch2", "http", "kafka", "kafka-c", "loggly",
		"logmatic", "riemann", "smtp", "amqp", "stomp", "graphite", "syslog-ng",
		"splunk-hec-event", "opensearch", "loki", "bigquery", "opentelemetry",
	};
	for (size_t i = 0; i + 1 < n; i++) {
		if (t[i].type != W_WORD || t[i + 1].type != W_LPAREN)
			continue;
		const char *arg = i + 2 < n && t[i + 2].type == W_STRING ? t[i + 2].text : t[i].text;
		int kind = RS_DEST_OTHER;
		if (strcmp(t[i].text, "file") == 0)
			kind = RS_DEST_FILE;
		else
			for (size_t j = 0; j < sizeof remote / sizeof remote[0]; j++)
				if (strcmp(t[i].text, remote[j]) == 0)
					kind = RS_DEST_REMOTE;
		if (kind == RS_DEST_OTHER && !(strcmp(t[i].text, "pipe") == 0 ||
					       strcmp(t[i].text, "program") == 0 ||
					       strcmp(t[i].text, "usertty") == 0 ||
					       strcmp(t[i].text, "unix-dgram") == 0 ||
					       strcmp(t[i].text, "unix-stream") == 0))
			continue; /* options inside a driver: flush_lines(), perm(), template() */
		add_dest(cfg, kind, arg, &t[i], reach);
		/* skip this driver's parenthesised options */
		int depth = 0;
		for (i = i + 1; i < n; i++) {
			if (t[i].type == W_LPAREN)
				depth++;
			else if (t[i].type == W_RPAREN && --depth == 0)
				break;
		}
	}
}

void syslog_ng_resolve(struct syslog_ng_config *cfg)
{
	bool final_taken[RS_NFAC] = { false, false };
	bool matched[RS_NFAC] = { false, false };
	for (size_t li = 0; li < cfg->n_logs; li++) {
		const struct sng_log *log = &cfg->logs[li];
		enum tri reach[RS_NFAC] = { T_TRUE, T_TRUE };
		bool any_source = false, local = false, final = false, fallback = false;
		/* first pass: sources, filters, flags */
		for (size_t i = 0; i < log->n; i++) {
			const struct sng_token *t = &log->toks[i];
			if (t->type != W_WORD || i + 1 >= log->n)
				continue;
			bool inline_body = log->toks[i + 1].type == W_LBRACE;
			bool call = log->toks[i + 1].type == W_LPAREN;
			if (strcmp(t->text, "source") == 0 && call && i + 2 < log->n) {
				any_source = true;
				const struct sng_object *o =
					find_object(cfg, O_SOURCE, log->toks[i + 2].text);
				if (o && source_is_local(o) == T_TRUE)
					local = true;
			} else if (strcmp(t->text, "source") == 0 && inline_body) {
				any_source = true;
				struct sng_object tmp = { O_SOURCE, NULL, (struct sng_token *)&log->toks[i + 2],
							  log->n - i - 2 };
				if (source_is_local(&tmp) == T_TRUE)
					local = true;
			} else if (strcmp(t->text, "filter") == 0 && (call || inline_body)) {
				for (int f = 0; f < RS_NFAC; f++) {
					bool error = false;
					enum tri r;
					if (call && i + 2 < log->n) {
						r = eval_filter_object(cfg, log->toks[i + 2].text,
								       fac_number[f], 0, &error);
					} else {
						size_t end = i + 2;
						int depth = 1;
						while (end < log->n && depth) {
							depth += log->toks[end].type == W_LBRACE   ? 1
								 : log->toks[end].type == W_RBRACE ? -1
												   : 0;
							end++;
						}
						/* The body runs from i + 2 to the matching '}' (excluded); an
						 * unterminated "filter {" at the end of a log path has none. */
						size_t body = depth == 0 && end >= i + 3 ? end - i - 3 : 0;
						struct eval e = { cfg, &log->toks[i + 1], body, 0,
								  fac_number[f], 0, false };
						if (body)
							e.t = &log->toks[i + 2];
						r = body ? eval_expr(&e) : T_UNKNOWN;
						while (e.pos < e.n && e.t[e.pos].type == W_SEMI)
							e.pos++;
						error = !body || e.error || e.pos != e.n;
					}
					if (error && f == 0)
						syslog_ng_issue(cfg, t->file, t->line,
								"filter not understood: the log path is treated as conditional");
					reach[f] = t_and(reach[f], r);
				}
			} else if (strcmp(t->text, "flags") == 0 && call) {
				for (size_t j = i + 2; j < log->n && log->toks[j].type != W_RPAREN; j++) {
					if (log->toks[j].type != W_WORD)
						continue;
					if (strcmp(log->toks[j].text, "final") == 0)
						final = true;
					if (strcmp(log->toks[j].text, "fallback") == 0)
						fallback = true;
				}
			}
		}
		if (!any_source || !local)
			for (int f = 0; f < RS_NFAC; f++)
				reach[f] = any_source ? T_FALSE : t_and(reach[f], T_UNKNOWN);
		for (int f = 0; f < RS_NFAC; f++) {
			if (final_taken[f])
				reach[f] = T_FALSE;
			if (fallback && matched[f])
				reach[f] = T_FALSE;
		}
		/* second pass: destinations */
		for (size_t i = 0; i + 1 < log->n; i++) {
			const struct sng_token *t = &log->toks[i];
			if (t->type != W_WORD || strcmp(t->text, "destination") != 0)
				continue;
			if (log->toks[i + 1].type == W_LPAREN && i + 2 < log->n) {
				const struct sng_object *o =
					find_object(cfg, O_DESTINATION, log->toks[i + 2].text);
				if (!o) {
					syslog_ng_issue(cfg, t->file, t->line,
							"reference to an undefined destination");
					continue;
				}
				emit_drivers(cfg, o->toks, o->n, reach);
			} else if (log->toks[i + 1].type == W_LBRACE) {
				size_t end = i + 2;
				int depth = 1;
				while (end < log->n && depth) {
					depth += log->toks[end].type == W_LBRACE   ? 1
						 : log->toks[end].type == W_RBRACE ? -1
										   : 0;
					end++;
				}
				emit_drivers(cfg, &log->toks[i + 2], end - i - 3, reach);
			}
		}
		for (int f = 0; f < RS_NFAC; f++) {
			if (reach[f] == T_TRUE) {
				matched[f] = true;
				if (final)
					final_taken[f] = true;
			}
		}
	}
}
