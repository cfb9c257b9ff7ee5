/* logrotate configuration parsing, following logrotate 3.21 config.c: a keyword is the run of
 * letters at the start of a line, its value the rest of the line (an optional '=' skipped);
 * a line starting with '/', '"', '\'' or '~' opens a block whose paths run up to '{'. An error
 * inside a block drops that block; an error outside one abandons the rest of the file and
 * restores the global options it had changed, as readConfigPath() does. */
#include "logrotate_conf.h"
#include "parse_util.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* logrotate 3.21 defTabooExts, each matched as "*EXT". */
static const char *const default_taboo[] = {
	",v", ".bak", ".cfsaved", ".disabled", ".dpkg-bak", ".dpkg-del", ".dpkg-dist",
	".dpkg-new", ".dpkg-old", ".dpkg-tmp", ".rhn-cfg-tmp-*", ".rpmnew", ".rpmorig",
	".rpmsave", ".swp", ".ucf-dist", ".ucf-new", ".ucf-old", "~",
};

static void add_taboo(struct logrotate_config *cfg, const char *pattern)
{
	XGROW(cfg->taboo, cfg->n_taboo, cfg->cap_taboo, cfg->n_taboo + 1);
	cfg->taboo[cfg->n_taboo++] = xstrdup(pattern);
}

void logrotate_init(struct logrotate_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->defaults.criterion = LR_SIZE; /* readAllConfigPaths(): ROT_SIZE, 1 MiB */
	cfg->defaults.size = 1024 * 1024;
	cfg->defaults.rotate = 0;
	for (size_t i = 0; i < sizeof default_taboo / sizeof default_taboo[0]; i++) {
		char pat[64];
		snprintf(pat, sizeof pat, "*%s", default_taboo[i]);
		add_taboo(cfg, pat);
	}
}

void logrotate_free(struct logrotate_config *cfg)
{
	for (size_t i = 0; i < cfg->n_blocks; i++) {
		for (size_t j = 0; j < cfg->blocks[i].n_patterns; j++)
			free(cfg->blocks[i].patterns[j]);
		free(cfg->blocks[i].patterns);
	}
	for (size_t i = 0; i < cfg->n_taboo; i++)
		free(cfg->taboo[i]);
	for (size_t i = 0; i < cfg->n_issues; i++)
		free(cfg->issues[i].why);
	for (size_t i = 0; i < cfg->n_files && i < LR_MAX_FILES; i++)
		free(cfg->files[i]);
	free(cfg->blocks);
	free(cfg->taboo);
	free(cfg->issues);
	free(cfg->files);
	memset(cfg, 0, sizeof *cfg);
}

void logrotate_issue(struct logrotate_config *cfg, const char *file, unsigned line,
		     const char *why)
{
	parse_issue_add(&cfg->issues, &cfg->n_issues, &cfg->cap_issues, file, line, why);
}

bool logrotate_taboo(const struct logrotate_config *cfg, const char *name)
{
	if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
		return true;
	for (size_t i = 0; i < cfg->n_taboo; i++)
		if (fnmatch(cfg->taboo[i], name, FNM_PERIOD) == 0)
			return true;
	return false;
}

enum pstate { P_GLOBAL, P_GLOB, P_BLOCK, P_SCRIPT, P_SKIP_BLOCK, P_ABORT };

struct pctx {
	struct logrotate_config *cfg;
	const char *file;
	lr_include_fn include;
	void *ud;
	enum pstate state, after_script;
	struct lr_block block; /* the block being read */
	char *glob;            /* paths collected up to '{' */
	size_t glob_len;
	unsigned line;
};

static void issue(struct pctx *p, const char *fmt, const char *arg)
{
	char why[512];
	snprintf(why, sizeof why, fmt, arg ? arg : "");
	logrotate_issue(p->cfg, p->file, p->line, why);
}

static struct lr_options *cur(struct pctx *p)
{
	return p->state == P_BLOCK ? &p->block.opt : &p->cfg->defaults;
}

/* An error: inside a block the block is dropped (STATE_ERROR); outside, the file is abandoned. */
static void raise_error(struct pctx *p)
{
	if (p->state == P_BLOCK) {
		issue(p, "error in this log block: logrotate skips the whole block%s", NULL);
		p->state = P_SKIP_BLOCK;
	} else {
		p->state = P_ABORT;
	}
}

static void free_block(struct lr_block *b)
{
	for (size_t i = 0; i < b->n_patterns; i++)
		free(b->patterns[i]);
	free(b->patterns);
	b->patterns = NULL;
	b->n_patterns = 0;
}

/* popt-style word splitting of the block's path list: blanks separate, quotes group. */
static void split_patterns(struct pctx *p, const char *s)
{
	size_t cap = 0;
	char *word = xmalloc(strlen(s) + 1);
	while (*s) {
		while (*s && isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		size_t n = 0;
		char quote = 0;
		while (*s && (quote || !isspace((unsigned char)*s))) {
			if (quote && *s == quote) {
				quote = 0;
				s++;
			} else if (!quote && (*s == '"' || *s == '\'')) {
				quote = *s++;
			} else if (*s == '\\' && s[1]) {
				word[n++] = s[1];
				s += 2;
			} else {
				word[n++] = *s++;
			}
		}
		word[n] = '\0';
		XGROW(p->block.patterns, p->block.n_patterns, cap, p->block.n_patterns + 1);
		p->block.patterns[p->block.n_patterns++] = xstrdup(word);
	}
	free(word);
}

static char *value_of(char *rest)
{
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (*rest == '=') {
		rest++;
		while (*rest == ' ' || *rest == '\t')
			rest++;
	}
	size_t n = strlen(rest);
	while (n > 0 && isspace((unsigned char)rest[n - 1]))
		rest[--n] = '\0';
	return rest;
}

static bool parse_size(const char *v, long long *out)
{
	char buf[64];
	size_t l = strlen(v);
	if (l == 0 || l >= sizeof buf)
		return false;
	memcpy(buf, v, l + 1);
	unsigned long long mult = 1;
	char u = buf[l - 1];
	if (u == 'k' || u == 'K')
		mult = 1024;
	else if (u == 'M')
		mult = 1024 * 1024;
	else if (u == 'G')
		mult = 1024ULL * 1024 * 1024;
	else if (!isdigit((unsigned char)u))
		return false;
	if (mult != 1)
		buf[l - 1] = '\0';
	if (!buf[0] || buf[0] == '-')
		return false;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(buf, &end, 0);
	if (errno || *end || n > (unsigned long long)(9.2e18 / (double)mult))
		return false;
	*out = (long long)(n * mult);
	return true;
}

static bool parse_long(const char *v, long min, long *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 0);
	if (!*v || errno || *end || n < min)
		return false;
	*out = n;
	return true;
}

static void set_criterion(struct pctx *p, enum lr_criterion c)
{
	struct lr_options *o = cur(p);
	o->criterion = c;
	o->criterion_at.file = p->file;
	o->criterion_at.line = p->line;
}

static void set_taboo(struct pctx *p, const char *v, bool literal)
{
	struct logrotate_config *cfg = p->cfg;
	if (*v == '+') {
		v++;
		while (isspace((unsigned char)*v))
			v++;
	} else {
		for (size_t i = 0; i < cfg->n_taboo; i++)
			free(cfg->taboo[i]);
		cfg->n_taboo = 0;
	}
	while (*v) {
		const char *e = v;
		while (*e && !isspace((unsigned char)*e) && *e != ',')
			e++;
		if (e > v) {
			char *pat = literal ? xstrndup(v, (size_t)(e - v))
					    : xasprintf("*%.*s", (int)(e - v), v);
			XGROW(cfg->taboo, cfg->n_taboo, cfg->cap_taboo, cfg->n_taboo + 1);
			cfg->taboo[cfg->n_taboo++] = pat;
		}
		v = e;
		if (*v == ',')
			v++;
		while (isspace((unsigned char)*v))
			v++;
	}
}

static const char *const flag_words[] = {
	"compress", "nocompress", "delaycompress", "nodelaycompress", "shred", "noshred",
	"sharedscripts", "nosharedscripts", "copytruncate", "nocopytruncate", "renamecopy",
	"norenamecopy", "copy", "nocopy", "ifempty", "notifempty", "dateyesterday", "datehourago",
	"noolddir", "mailfirst", "maillast", "nocreate", "nocreateolddir", "nomail",
	"allowhardlink", "noallowhardlink", "create", "createolddir", "su", "errors",
};
static const char *const value_words[] = {
	"dateformat", "shredcycles", "start", "mail", "olddir", "extension", "addextension",
	"compresscmd", "uncompresscmd", "compressoptions", "compressext",
};
static const char *const script_words[] = {
	"prerotate", "postrotate", "firstaction", "lastaction", "preremove",
};

static bool in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}
#define IN(w, list) in_list(w, list, sizeof list / sizeof list[0])

static void keyword(struct pctx *p, const char *word, char *rest)
{
	struct lr_options *o = cur(p);
	char *v = value_of(rest);
	if (IN(word, script_words)) {
		p->after_script = p->state;
		p->state = P_SCRIPT;
		return;
	}
	if (strcmp(word, "missingok") == 0) {
		o->missingok = true;
	} else if (strcmp(word, "nomissingok") == 0) {
		o->missingok = false;
	} else if (strcmp(word, "dateext") == 0) {
		o->dateext = true;
	} else if (strcmp(word, "nodateext") == 0) {
		o->dateext = false;
	} else if (strcmp(word, "hourly") == 0) {
		set_criterion(p, LR_HOURLY);
	} else if (strcmp(word, "daily") == 0) {
		set_criterion(p, LR_DAILY);
	} else if (strcmp(word, "monthly") == 0) {
		set_criterion(p, LR_MONTHLY);
	} else if (strcmp(word, "yearly") == 0) {
		set_criterion(p, LR_YEARLY);
	} else if (strcmp(word, "weekly") == 0) {
		set_criterion(p, LR_WEEKLY);
		if (*v) {
			char *end;
			unsigned long wd = strtoul(v, &end, 10);
			if (*end || wd > 7 || !isdigit((unsigned char)*v)) {
				issue(p, "bad weekly directive '%s': logrotate stops reading this file", v);
				p->state = P_ABORT; /* config.c: goto error, even inside a block */
			}
		}
	} else if (strcmp(word, "size") == 0 || strcmp(word, "maxsize") == 0 ||
		   strcmp(word, "minsize") == 0) {
		long long n;
		if (!*v)
			return; /* config.c ignores an empty size value */
		if (!parse_size(v, &n)) {
			issue(p, "bad size '%s'", v);
			raise_error(p);
			return;
		}
		if (strcmp(word, "size") == 0) {
			set_criterion(p, LR_SIZE);
			o->size = n;
		} else if (strcmp(word, "maxsize") == 0) {
			o->maxsize = n;
			o->maxsize_at.file = p->file;
			o->maxsize_at.line = p->line;
		} else {
			o->minsize = n;
		}
	} else if (strcmp(word, "rotate") == 0) {
		long n;
		if (!*v || !parse_long(v, -1, &n)) {
			issue(p, "bad rotation count '%s'", v);
			raise_error(p);
			return;
		}
		o->rotate = n;
		o->rotate_at.file = p->file;
		o->rotate_at.line = p->line;
	} else if (strcmp(word, "maxage") == 0 || strcmp(word, "minage") == 0) {
		long n;
		if (!*v || !parse_long(v, 0, &n)) {
			issue(p, "bad age '%s'", v);
			raise_error(p);
			return;
		}
		if (word[1] == 'a') {
			o->maxage = n;
			o->maxage_at.file = p->file;
			o->maxage_at.line = p->line;
		}
	} else if (strcmp(word, "tabooext") == 0 || strcmp(word, "taboopat") == 0) {
		if (p->state == P_BLOCK) {
			issue(p, "%s may not appear inside a log block", word);
			raise_error(p);
			return;
		}
		if (*v)
			set_taboo(p, v, strcmp(word, "taboopat") == 0);
	} else if (strcmp(word, "include") == 0) {
		if (!*v) {
			issue(p, "argument expected after include%s", NULL);
			raise_error(p);
			return;
		}
		if (p->state == P_BLOCK) {
			issue(p, "include inside a log block is not followed by kensa: %s", v);
			return;
		}
		if (p->cfg->depth >= LR_MAX_NESTING) {
			issue(p, "include nesting too deep: %s", v);
			return;
		}
		if (p->include) {
			p->cfg->depth++;
			p->include(p->ud, p->cfg, v, p->file, p->line);
			p->cfg->depth--;
		}
	} else if (IN(word, value_words)) {
		if (!*v && strcmp(word, "compressoptions") != 0) {
			issue(p, "argument expected after %s", word);
			raise_error(p);
		}
	} else if (IN(word, flag_words)) {
		/* no bearing on retention */
	} else {
		issue(p, "unknown option '%s': logrotate ignores the line", word);
	}
}

static void finish_block(struct pctx *p)
{
	struct logrotate_config *cfg = p->cfg;
	XGROW(cfg->blocks, cfg->n_blocks, cfg->cap_blocks, cfg->n_blocks + 1);
	cfg->blocks[cfg->n_blocks++] = p->block;
	memset(&p->block, 0, sizeof p->block);
	p->state = P_GLOBAL;
}

static void process(struct pctx *p, char *s);

/* Collect block paths up to '{'; the rest of that line is block content. */
static void glob_text(struct pctx *p, char *s)
{
	char *t = s; /* a '#' as the first non-blank of a path-list line starts a comment */
	while (*t == ' ' || *t == '\t')
		t++;
	if (*t == '#')
		return;
	for (char *c = s; *c; c++) {
		if (*c == '}') {
			issue(p, "unexpected } (missing previous '{'): logrotate stops reading this file%s",
			      NULL);
			p->state = P_ABORT;
			return;
		}
		if (*c == '{') {
			p->glob = xrealloc(p->glob, p->glob_len + (size_t)(c - s) + 1);
			memcpy(p->glob + p->glob_len, s, (size_t)(c - s));
			p->glob_len += (size_t)(c - s);
			p->glob[p->glob_len] = '\0';
			split_patterns(p, p->glob);
			free(p->glob);
			p->glob = NULL;
			p->glob_len = 0;
			if (p->block.n_patterns == 0) {
				issue(p, "{ expected after log file name(s)%s", NULL);
				p->state = P_ABORT;
				return;
			}
			p->state = P_BLOCK;
			process(p, c + 1);
			return;
		}
	}
	size_t n = strlen(s);
	p->glob = xrealloc(p->glob, p->glob_len + n + 2);
	memcpy(p->glob + p->glob_len, s, n);
	p->glob_len += n;
	p->glob[p->glob_len++] = ' ';
	p->glob[p->glob_len] = '\0';
}

static void process(struct pctx *p, char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (p->state == P_GLOB) {
		glob_text(p, s);
		return;
	}
	if (!*s || *s == '#')
		return;
	if (p->state == P_SCRIPT || p->state == P_SKIP_BLOCK) {
		char word[32];
		size_t n = 0;
		while (isalpha((unsigned char)s[n]) && n < sizeof word - 1) {
			word[n] = s[n];
			n++;
		}
		word[n] = '\0';
		if (p->state == P_SCRIPT) {
			if (strcmp(word, "endscript") == 0)
				p->state = p->after_script;
			return;
		}
		if (*s == '}') {
			free_block(&p->block);
			p->state = P_GLOBAL;
		} else if (IN(word, script_words)) {
			p->after_script = P_SKIP_BLOCK;
			p->state = P_SCRIPT;
		}
		return;
	}
	if (isalpha((unsigned char)*s)) {
		char word[64];
		size_t n = 0;
		while (isalpha((unsigned char)s[n]) && n < sizeof word - 1) {
			word[n] = s[n];
			n++;
		}
		word[n] = '\0';
		while (isalpha((unsigned char)s[n]))
			n++;
		keyword(p, word, s + n);
		return;
	}
	if (*s == '/' || *s == '"' || *s == '\'' || *s == '~') {
		if (p->state == P_BLOCK) {
			issue(p, "unexpected log filename inside a block%s", NULL);
			raise_error(p);
			return;
		}
		memset(&p->block, 0, sizeof p->block);
		p->block.opt = p->cfg->defaults; /* newLogInfo(defConfig): a copy of the globals */
		p->block.at.file = p->file;
		p->block.at.line = p->line;
		p->state = P_GLOB;
		glob_text(p, s);
		return;
	}
	if (*s == '}') {
		if (p->state != P_BLOCK) {
			issue(p, "unexpected }: logrotate stops reading this file%s", NULL);
			p->state = P_ABORT;
			return;
		}
		finish_block(p);
		s++;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s && *s != '\n')
			issue(p, "unexpected text after }%s", NULL);
		return;
	}
	issue(p, "lines must begin with a keyword or a filename (possibly in double quotes)%s", NULL);
}

void logrotate_parse(struct logrotate_config *cfg, const char *file, const char *buf, size_t len,
		     lr_include_fn include, void *ud)
{
	char *fname = PARSE_ADD_FILE(cfg, LR_MAX_FILES, file);
	if (!fname)
		return;

	struct pctx p = { .cfg = cfg, .file = fname, .include = include, .ud = ud,
			  .state = P_GLOBAL };
	struct lr_options saved = cfg->defaults;
	size_t pos = 0;
	const char *start;
	size_t n;
	while (p.state != P_ABORT && parse_next_line(buf, len, &pos, &start, &n)) {
		p.line++;
		char *l = xstrndup(start, n); /* a NUL byte ends the line's text */
		process(&p, l);
		free(l);
	}
	if (p.state == P_ABORT) {
		cfg->defaults = saved;
	} else if (p.state == P_SCRIPT) {
		issue(&p, "prerotate, postrotate or preremove without endscript%s", NULL);
		cfg->defaults = saved;
	} else if (p.state == P_GLOB) {
		issue(&p, "missing '{' after log files definition%s", NULL);
		cfg->defaults = saved;
	} else if (p.state == P_BLOCK || p.state == P_SKIP_BLOCK) {
		issue(&p, "log block not closed with }%s", NULL);
	}
	free_block(&p.block);
	free(p.glob);
}

const struct lr_block *logrotate_find(const struct logrotate_config *cfg, const char *path)
{
	for (size_t i = 0; i < cfg->n_blocks; i++)
		for (size_t j = 0; j < cfg->blocks[i].n_patterns; j++)
			if (fnmatch(cfg->blocks[i].patterns[j], path, FNM_PATHNAME) == 0)
				return &cfg->blocks[i];
	return NULL;
}

const char *logrotate_criterion_name(enum lr_criterion c)
{
	switch (c) {
	case LR_HOURLY: return "hourly";
	case LR_DAILY: return "daily";
	case LR_WEEKLY: return "weekly";
	case LR_MONTHLY: return "monthly";
	case LR_YEARLY: return "yearly";
	case LR_SIZE: break;
	}
	return "size";
}

void logrotate_retention(const struct lr_options *o, struct lr_retention *out)
{
	memset(out, 0, sizeof *out);
	double period;
	switch (o->criterion) {
	case LR_HOURLY: period = 1.0 / 24; break;
	case LR_DAILY: period = 1; break;
	case LR_WEEKLY: period = 7; break;
	case LR_MONTHLY: period = 365.2425 / 12; break;
	case LR_YEARLY: period = 365.2425; break;
	case LR_SIZE:
	default:
		out->kind = LR_KEEP_SIZE_ONLY;
		if (o->maxage > 0) {
			out->days = (double)o->maxage;
			out->maxage_limited = true;
		}
		return;
	}
	out->maxsize_may_shorten = o->maxsize > 0;
	if (o->rotate < 0) {
		if (o->maxage > 0) {
			out->kind = LR_KEEP_DAYS;
			out->days = (double)o->maxage;
			out->maxage_limited = true;
		} else {
			out->kind = LR_KEEP_FOREVER;
		}
		return;
	}
	out->kind = LR_KEEP_DAYS;
	out->days = (double)o->rotate * period;
	if (o->maxage > 0 && (double)o->maxage < out->days) {
		out->days = (double)o->maxage;
		out->maxage_limited = true;
	}
}
