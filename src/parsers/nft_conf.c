/* nft -f input, tokenised as nftables' scanner.l does where it matters here: '#' comments,
 * "quoted strings", '\' line continuations, ';' and newlines ending a statement, '{' '}' opening
 * and closing blocks or anonymous sets. */
#include "nft_conf.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define STMT_MAX_TOKENS 256
#define DEPTH_MAX 64

enum ctx_kind { CTX_TOP, CTX_TABLE, CTX_CHAIN, CTX_OTHER };

struct frame {
	enum ctx_kind kind;
	char *family, *table; /* CTX_TABLE */
	size_t chain;         /* CTX_CHAIN: index into conf->chains, SIZE_MAX when not kept */
};

struct parser {
	struct nft_conf *conf;
	const char *file;
	nft_include_fn include;
	void *ud;
	struct frame stack[DEPTH_MAX];
	size_t depth;          /* frames in use; stack[0] is CTX_TOP */
	char *tok[STMT_MAX_TOKENS];
	size_t ntok;
	bool overflow;         /* the statement had more tokens than kept */
	unsigned stmt_line;
	unsigned set_depth;    /* inside an anonymous set / map / define value */
	bool stmt_braced;      /* the statement holds an anonymous set */
	bool quoted[STMT_MAX_TOKENS]; /* the token was a "quoted string" */
	bool from_var[STMT_MAX_TOKENS]; /* the token was a $variable's value */
	unsigned end_line;     /* the last line of the file lexed last */
};

static const char *const families[] = { "ip", "ip6", "inet", "arp", "bridge", "netdev" };

static bool is_family(const char *s)
{
	for (size_t i = 0; i < sizeof families / sizeof *families; i++)
		if (strcmp(s, families[i]) == 0)
			return true;
	return false;
}

static void set_bad(struct parser *p, unsigned line, const char *why)
{
	if (p->conf->bad_line)
		return;
	p->conf->bad_line = line ? line : 1;
	p->conf->bad_file = p->file;
	p->conf->bad_why = why;
}

static void clear_stmt(struct parser *p)
{
	for (size_t i = 0; i < p->ntok; i++)
		free(p->tok[i]);
	p->ntok = 0;
	p->overflow = false;
}

/* The chain family/table/name, created when new (SIZE_MAX past NFT_MAX_CHAINS). */
static size_t chain_find(struct parser *p, const char *family, const char *table,
			 const char *name, unsigned line, bool create)
{
	struct nft_conf *c = p->conf;
	for (size_t i = c->n; i-- > 0;)
		if (strcmp(c->chains[i].name, name) == 0 && strcmp(c->chains[i].table, table) == 0 &&
		    strcmp(c->chains[i].family, family) == 0)
			return i;
	if (!create)
		return SIZE_MAX;
	if (c->n >= NFT_MAX_CHAINS) {
		c->truncated = true;
		return SIZE_MAX;
	}
	XGROW(c->chains, c->n, c->cap, c->n + 1);
	struct nft_chain *ch = &c->chains[c->n];
	memset(ch, 0, sizeof *ch);
	ch->family = xstrdup(family);
	ch->table = xstrdup(table);
	ch->name = xstrdup(name);
	ch->line = line;
	ch->file = p->file;
	return c->n++;
}

static void chain_free(struct nft_chain *ch)
{
	free(ch->family);
	free(ch->table);
	free(ch->name);
	free(ch->hook);
}

/* Remove chains of a table (table NULL: all), or only their rules (rules_only). */
static void forget(struct nft_conf *c, const char *family, const char *table, bool rules_only)
{
	size_t out = 0;
	for (size_t i = 0; i < c->n; i++) {
		struct nft_chain *ch = &c->chains[i];
		bool hit = !table || (strcmp(ch->table, table) == 0 && strcmp(ch->family, family) == 0);
		if (hit && rules_only) {
			ch->n_rules = 0;
			ch->drop_line = 0;
		} else if (hit) {
			chain_free(ch);
			continue;
		}
		c->chains[out++] = *ch;
	}
	c->n = out;
}

static bool skip_word(const char *t, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t, words[i]) == 0)
			return true;
	return false;
}

bool nft_rule_unconditional_drop(char *const *tok, size_t n)
{
	/* statements that neither match nor end the rule, with the option words they take */
	static const char *const log_opts[] = { "prefix", "level", "flags", "group", "snaplen",
						"queue-threshold" };
	size_t i = 0;
	bool verdict = false;
	while (i < n) {
		const char *t = tok[i];
		if (strcmp(t, "counter") == 0) {
			i++;
			while (i + 1 < n && (strcmp(tok[i], "packets") == 0 ||
					     strcmp(tok[i], "bytes") == 0))
				i += 2;
		} else if (strcmp(t, "log") == 0) {
			i++;
			while (i + 1 < n && skip_word(tok[i], log_opts, 6))
				i += 2;
		} else if (strcmp(t, "comment") == 0 && i + 1 < n) {
			i += 2;
		} else if (!verdict && (strcmp(t, "drop") == 0 || strcmp(t, "reject") == 0)) {
			verdict = true;
			i++;
			if (strcmp(t, "reject") == 0 && i < n && strcmp(tok[i], "with") == 0) {
				/* reject with icmp(x|v6) [type] X | tcp reset */
				i++;
				while (i < n && strcmp(tok[i], "comment") != 0)
					i++;
			}
		} else {
			return false;
		}
	}
	return verdict;
}

static void add_rule(struct parser *p, size_t chain, char *const *tok, size_t n, unsigned line)
{
	if (chain == SIZE_MAX || n == 0)
		return;
	struct nft_chain *ch = &p->conf->chains[chain];
	ch->n_rules++;
	if (!p->overflow && !ch->drop_line && nft_rule_unconditional_drop(tok, n))
		ch->drop_line = line;
}

/* "type filter hook input priority 0", "policy drop", "device eth0", "comment ..." */
static void chain_spec(struct parser *p, size_t chain, char *const *tok, size_t n, unsigned line)
{
	if (chain == SIZE_MAX)
		return;
	struct nft_chain *ch = &p->conf->chains[chain];
	if (strcmp(tok[0], "type") == 0) {
		for (size_t i = 1; i + 1 < n; i++)
			if (strcmp(tok[i], "hook") == 0) {
				free(ch->hook);
				ch->hook = xstrdup(tok[i + 1]);
			}
	} else if (strcmp(tok[0], "policy") == 0) {
		if (n >= 2) {
			ch->policy_drop = strcmp(tok[1], "drop") == 0;
			ch->policy_line = line;
			if (!ch->policy_drop && strcmp(tok[1], "accept") != 0 &&
			    !(tok[1][0] == '$' && p->conf->defines_truncated))
				set_bad(p, line, N_("wrong policy (drop or accept)"));
		}
	} else if (strcmp(tok[0], "comment") != 0 && strcmp(tok[0], "device") != 0 &&
		   strcmp(tok[0], "devices") != 0 && strcmp(tok[0], "flags") != 0) {
		add_rule(p, chain, tok, n, line);
	}
}

/* family + table [+ chain] after a command word: "inet filter input ..." or "filter input"
 * (family ip). Returns the index of the first token after them, 0 when too short. */
static size_t spec_args(char *const *tok, size_t n, size_t at, size_t names, const char **family,
			const char **table, const char **chain)
{
	*family = "ip";
	if (at < n && is_family(tok[at]) && at + names < n)
		*family = tok[at++];
	if (at + names > n)
		return 0;
	*table = tok[at];
	*chain = names > 1 ? tok[at + 1] : NULL;
	return at + names;
}

static struct nft_define *define_find(struct nft_conf *c, const char *name)
{
	for (size_t i = c->n_defines; i-- > 0;)
		if (strcmp(c->defines[i].name, name) == 0)
			return &c->defines[i];
	return NULL;
}

static void define_drop(struct nft_conf *c, size_t i)
{
	free(c->defines[i].name);
	free(c->defines[i].value);
	memmove(c->defines + i, c->defines + i + 1, (c->n_defines - i - 1) * sizeof *c->defines);
	c->n_defines--;
}

/* define NAME = VALUE / redefine NAME = VALUE / undefine NAME, in any block. True when the
 * statement was one of them. */
static bool define_stmt(struct parser *p)
{
	char **t = p->tok;
	size_t n = p->ntok;
	struct nft_conf *c = p->conf;
	bool def = strcmp(t[0], "define") == 0, redef = strcmp(t[0], "redefine") == 0;
	if (strcmp(t[0], "undefine") == 0) {
		struct nft_define *d = n == 2 ? define_find(c, t[1]) : NULL;
		if (!d)
			set_bad(p, p->stmt_line, N_("undefine of a variable that is not defined"));
		else
			define_drop(c, (size_t)(d - c->defines));
		return true;
	}
	if (!def && !redef)
		return false;
	if (n < 4 || strcmp(t[2], "=") != 0) {
		set_bad(p, p->stmt_line, N_("define without a name = value"));
		return true;
	}
	struct nft_define *d = define_find(c, t[1]);
	if (d && d->depth == p->depth && def) {
		set_bad(p, p->stmt_line, N_("variable defined twice (redefine replaces one)"));
		return true;
	}
	if ((!d || d->depth != p->depth) && c->n_defines >= NFT_MAX_DEFINES) {
		c->defines_truncated = true;
		return true;
	}
	if (!d || d->depth != p->depth) {
		XGROW(c->defines, c->n_defines, c->cap_defines, c->n_defines + 1);
		d = &c->defines[c->n_defines++];
		d->name = xstrdup(t[1]);
		d->depth = p->depth;
	} else {
		free(d->value);
	}
	d->value = n == 4 && !p->stmt_braced && !p->overflow ? xstrdup(t[3]) : NULL;
	/* a verdict is a keyword, not an expression: define pol = drop is a syntax error (nft
	 * takes define pol = "drop") */
	static const char *const verdicts[] = { "drop", "accept", "reject", "continue", "return",
						"jump", "goto", "queue" };
	if (d->value && !p->quoted[3] && !p->from_var[3] && skip_word(t[3], verdicts, 8))
		set_bad(p, p->stmt_line, N_("a verdict as a define value (nft takes it quoted)"));
	return true;
}

/* A statement at the top level, ended by ';' or a newline (not by '{'). */
static void top_stmt(struct parser *p)
{
	char **t = p->tok;
	size_t n = p->ntok;
	unsigned line = p->stmt_line;
	const char *family, *table, *chain;
	if (strcmp(t[0], "flush") == 0 && n >= 2) {
		if (strcmp(t[1], "ruleset") == 0) {
			forget(p->conf, NULL, NULL, false);
			p->conf->n_flushes++;
		} else if (strcmp(t[1], "table") == 0 && spec_args(t, n, 2, 1, &family, &table, &chain)) {
			forget(p->conf, family, table, true);
		} else if (strcmp(t[1], "chain") == 0 && spec_args(t, n, 2, 2, &family, &table, &chain)) {
			size_t c = chain_find(p, family, table, chain, line, false);
			if (c != SIZE_MAX) {
				p->conf->chains[c].n_rules = 0;
				p->conf->chains[c].drop_line = 0;
			}
		}
		return;
	}
	if ((strcmp(t[0], "delete") == 0 || strcmp(t[0], "destroy") == 0) && n >= 2 &&
	    strcmp(t[1], "table") == 0 && spec_args(t, n, 2, 1, &family, &table, &chain)) {
		forget(p->conf, family, table, false);
		return;
	}
	bool add = strcmp(t[0], "add") == 0 || strcmp(t[0], "create") == 0;
	if ((add || strcmp(t[0], "insert") == 0) && n >= 2 && strcmp(t[1], "rule") == 0) {
		size_t at = spec_args(t, n, 2, 2, &family, &table, &chain);
		if (at) {
			size_t c = chain_find(p, family, table, chain, line, false);
			/* "position N" / "handle N" / "index N" before the rule itself */
			while (at + 1 < n && (strcmp(t[at], "position") == 0 ||
					      strcmp(t[at], "handle") == 0 ||
					      strcmp(t[at], "index") == 0))
				at += 2;
			if (c == SIZE_MAX)
				set_bad(p, line, N_("rule added to a chain that does not exist"));
			else
				add_rule(p, c, t + at, n - at, line);
		}
		return;
	}
	if (add && n >= 2 && strcmp(t[1], "chain") == 0 &&
	    spec_args(t, n, 2, 2, &family, &table, &chain))
		chain_find(p, family, table, chain, line, true);
	/* define, add table, add set/element, list, ...: nothing that decides the policy */
}

static void end_stmt(struct parser *p)
{
	if (p->ntok == 0)
		return;
	struct frame *f = &p->stack[p->depth - 1];
	if (strcmp(p->tok[0], "include") == 0) {
		/* read in place: its statements belong to this block */
		if (p->ntok >= 2 && p->include) {
			char *path = xstrdup(p->tok[1]);
			unsigned line = p->stmt_line;
			clear_stmt(p);
			p->stmt_braced = false;
			p->include(p->ud, p->conf, path, line);
			free(path);
		}
		clear_stmt(p);
		return;
	}
	if (define_stmt(p)) {
		clear_stmt(p);
		p->stmt_braced = false;
		return;
	}
	switch (f->kind) {
	case CTX_TOP:
		top_stmt(p);
		break;
	case CTX_CHAIN:
		if (p->from_var[0]) /* "$v" cannot start a statement */
			set_bad(p, p->stmt_line, N_("a statement that starts with a variable"));
		else
			chain_spec(p, f->chain, p->tok, p->ntok, p->stmt_line);
		break;
	case CTX_TABLE:
	case CTX_OTHER:
		break;
	}
	clear_stmt(p);
	p->stmt_braced = false;
}

/* '{' at statement level: what block does the statement so far open? */
static void open_block(struct parser *p, unsigned line)
{
	struct frame *f = &p->stack[p->depth - 1];
	char **t = p->tok;
	size_t n = p->ntok;
	struct frame nf = { CTX_OTHER, NULL, NULL, SIZE_MAX };
	const char *family, *table, *chain;
	bool add = n >= 1 && (strcmp(t[0], "add") == 0 || strcmp(t[0], "create") == 0);
	if (f->kind == CTX_TOP && n >= 2 && strcmp(t[0], "table") == 0 &&
	    spec_args(t, n, 1, 1, &family, &table, &chain)) {
		nf = (struct frame){ CTX_TABLE, xstrdup(family), xstrdup(table), SIZE_MAX };
	} else if (f->kind == CTX_TOP && add && n >= 3 && strcmp(t[1], "table") == 0 &&
		   spec_args(t, n, 2, 1, &family, &table, &chain)) {
		nf = (struct frame){ CTX_TABLE, xstrdup(family), xstrdup(table), SIZE_MAX };
	} else if (f->kind == CTX_TOP && add && n >= 3 && strcmp(t[1], "chain") == 0 &&
		   spec_args(t, n, 2, 2, &family, &table, &chain)) {
		nf.kind = CTX_CHAIN;
		nf.chain = chain_find(p, family, table, chain, p->stmt_line, true);
	} else if (f->kind == CTX_TABLE && n == 2 && strcmp(t[0], "chain") == 0) {
		nf.kind = CTX_CHAIN;
		nf.chain = chain_find(p, f->family, f->table, t[1], p->stmt_line, true);
	} else if (f->kind == CTX_TABLE && n >= 1) {
		nf.kind = CTX_OTHER; /* set, map, flowtable, counter, ct helper ... */
	} else if (n >= 1) {
		/* an anonymous set or map inside a statement: part of it */
		p->set_depth++;
		p->stmt_braced = true;
		return;
	} else {
		set_bad(p, line, N_("'{' without a statement before it"));
		nf.kind = CTX_OTHER;
	}
	clear_stmt(p);
	if (p->depth >= DEPTH_MAX) {
		set_bad(p, line, N_("blocks nested too deeply"));
		free(nf.family);
		free(nf.table);
		p->set_depth++; /* keep balancing braces without a frame */
		return;
	}
	p->stack[p->depth++] = nf;
}

static void close_block(struct parser *p, unsigned line)
{
	end_stmt(p);
	if (p->depth <= 1) {
		set_bad(p, line, N_("'}' without a block to close"));
		return;
	}
	struct frame *f = &p->stack[--p->depth];
	free(f->family);
	free(f->table);
	/* the block's variables go with it */
	for (size_t i = p->conf->n_defines; i-- > 0;)
		if (p->conf->defines[i].depth > p->depth)
			define_drop(p->conf, i);
}

/* word: a bare word, where $name stands for its define's value (not a "quoted string") */
static void push_token(struct parser *p, const char *s, size_t n, unsigned line, bool word)
{
	if (p->ntok == 0)
		p->stmt_line = line;
	if (p->ntok >= STMT_MAX_TOKENS) {
		p->overflow = true;
		return;
	}
	p->quoted[p->ntok] = !word;
	p->from_var[p->ntok] = false;
	if (word && n > 1 && s[0] == '$') {
		char *name = xstrndup(s + 1, n - 1);
		struct nft_define *d = define_find(p->conf, name);
		free(name);
		if (!d && !p->conf->defines_truncated) {
			set_bad(p, line, N_("unknown variable"));
		} else if (d && d->value) {
			p->from_var[p->ntok] = true;
			p->tok[p->ntok++] = xstrdup(d->value);
			return;
		}
	}
	p->tok[p->ntok++] = xstrndup(s, n);
}

void nft_conf_init(struct nft_conf *conf)
{
	memset(conf, 0, sizeof *conf);
}

/* The tokens of one file's text into p (an included file's too: nft's scanner reads it in
 * place, so its statements belong to the block the include stands in, and it may even close
 * that block). */
static void lex(struct parser *p, const char *buf, size_t len)
{
	unsigned line = 1;
	size_t i = 0;
	char *sbuf = xmalloc(len + 1);
	while (i < len) {
		char ch = buf[i];
		if (ch == '\n') {
			if (p->set_depth == 0)
				end_stmt(p);
			line++;
			i++;
		} else if (ch == '\\' && i + 1 < len && buf[i + 1] == '\n') {
			line++;
			i += 2;
		} else if (ch == '#') {
			while (i < len && buf[i] != '\n')
				i++;
		} else if (ch == ';') {
			if (p->set_depth == 0)
				end_stmt(p);
			i++;
		} else if (ch == '{') {
			if (p->set_depth > 0)
				p->set_depth++;
			else
				open_block(p, line);
			i++;
		} else if (ch == '}') {
			if (p->set_depth > 0)
				p->set_depth--;
			else
				close_block(p, line);
			i++;
		} else if (ch == '"') {
			size_t n = 0, j = i + 1;
			while (j < len && buf[j] != '"' && buf[j] != '\n')
				sbuf[n++] = buf[j++];
			if (j >= len || buf[j] != '"') {
				set_bad(p, line, N_("unterminated string"));
				i = j;
				continue;
			}
			push_token(p, sbuf, n, line, false);
			i = j + 1;
		} else if (isspace((unsigned char)ch) || ch == ',') {
			i++;
		} else {
			/* define NAME=VALUE: '=' is a token of its own there (nft's scanner) */
			bool def = p->ntok >= 1 && p->ntok <= 2 && (strcmp(p->tok[0], "define") == 0 ||
								   strcmp(p->tok[0], "redefine") == 0);
			if (def && ch == '=') {
				push_token(p, "=", 1, line, false);
				i++;
				continue;
			}
			size_t j = i;
			while (j < len && !isspace((unsigned char)buf[j]) && buf[j] != ';' &&
			       buf[j] != '{' && buf[j] != '}' && buf[j] != '#' && buf[j] != '"' &&
			       buf[j] != ',' && !(def && buf[j] == '='))
				j++;
			push_token(p, buf + i, j - i, line, !(def && p->ntok == 1));
			i = j;
		}
	}
	end_stmt(p);
	p->end_line = line;
	free(sbuf);
}

void nft_conf_feed(struct nft_conf *conf, const char *buf, size_t len, const char *file,
		   nft_include_fn include, void *ud)
{
	struct parser *p = conf->active;
	if (p) { /* an include, read in place */
		const char *outer_file = p->file;
		p->file = file;
		lex(p, buf, len);
		p->file = outer_file;
		return;
	}
	p = xcalloc(1, sizeof *p);
	p->conf = conf;
	p->file = file;
	p->include = include;
	p->ud = ud;
	p->stack[0].kind = CTX_TOP;
	p->depth = 1;
	conf->active = p;
	lex(p, buf, len);
	conf->active = NULL;
	if (p->depth > 1 || p->set_depth > 0)
		set_bad(p, p->end_line, N_("a block is not closed at the end of the file"));
	while (p->depth > 1) {
		struct frame *f = &p->stack[--p->depth];
		free(f->family);
		free(f->table);
	}
	clear_stmt(p);
	free(p);
}

void nft_conf_free(struct nft_conf *conf)
{
	for (size_t i = 0; i < conf->n; i++)
		chain_free(&conf->chains[i]);
	free(conf->chains);
	for (size_t i = 0; i < conf->n_defines; i++) {
		free(conf->defines[i].name);
		free(conf->defines[i].value);
	}
	free(conf->defines);
	memset(conf, 0, sizeof *conf);
}
