/* sudoers parsing (see sudoers.h), written from sudoers(5) and sudo 1.9's grammar (gram.y,
 * toke.l): the subset that decides root access. */
#include "sudoers.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void problem(struct sudoers_file *f, unsigned line, const char *why)
{
	f->problems = xreallocarray(f->problems, f->n_problems + 1, sizeof *f->problems);
	f->problems[f->n_problems].line = line;
	f->problems[f->n_problems].why = why;
	f->n_problems++;
}

static void list_free(struct sudoers_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i].text);
	free(l->items);
	memset(l, 0, sizeof *l);
}

static void list_push(struct sudoers_list *l, const char *s, size_t n, bool negated)
{
	l->items = xreallocarray(l->items, l->n + 1, sizeof *l->items);
	l->items[l->n].text = xstrndup(s, n);
	l->items[l->n].negated = negated;
	l->n++;
}

static void list_copy(struct sudoers_list *dst, const struct sudoers_list *src)
{
	memset(dst, 0, sizeof *dst);
	for (size_t i = 0; i < src->n; i++)
		list_push(dst, src->items[i].text, strlen(src->items[i].text), src->items[i].negated);
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* One command of a Cmnd_Alias or a rule, at p: any '!' (each negates), then the command up to an
 * unescaped ',' or ':' (commands contain spaces; '\\' escapes the next character), trailing
 * blanks dropped. cmd gets at most size-1 bytes, NUL-terminated; *len its length. Returns
 * where reading stopped. */
static const char *read_command(const char *p, bool *neg, char *cmd, size_t size, size_t *len)
{
	*neg = false;
	while (*p == '!') {
		*neg = !*neg;
		p = skip_ws(p + 1);
	}
	size_t n = 0;
	while (*p && *p != ',' && *p != ':') {
		if (*p == '\\' && p[1])
			p++;
		if (n + 1 < size)
			cmd[n++] = *p;
		p++;
	}
	while (n && (cmd[n - 1] == ' ' || cmd[n - 1] == '\t'))
		n--;
	cmd[n] = '\0';
	*len = n;
	return p;
}

/* A word of a user/host/runas list: up to white space, ',', ':', '=', '(' or ')' (a backslash
 * escapes the next character; double quotes group). */
static const char *word(const char *p, char *out, size_t cap)
{
	size_t n = 0;
	bool quoted = false;
	while (*p) {
		if (*p == '"') {
			quoted = !quoted;
			p++;
			continue;
		}
		if (!quoted && strchr(" \t,:=()", *p))
			break;
		if (*p == '\\' && p[1])
			p++;
		if (n + 1 < cap)
			out[n++] = *p;
		p++;
	}
	out[n] = '\0';
	return p;
}

/* item [, item ...]; stops at anything else. Returns NULL when the list is empty. */
static const char *parse_list(const char *p, struct sudoers_list *l)
{
	char w[512];
	for (;;) {
		p = skip_ws(p);
		bool neg = false;
		while (*p == '!') {
			neg = !neg;
			p = skip_ws(p + 1);
		}
		const char *start = p;
		p = word(p, w, sizeof w);
		if (p == start)
			return l->n ? p : NULL;
		list_push(l, w, strlen(w), neg);
		p = skip_ws(p);
		if (*p != ',')
			return p;
		p++;
	}
}

static bool is_alias_name(const char *s)
{
	if (!isupper((unsigned char)*s))
		return false;
	for (const char *p = s; *p; p++)
		if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_')
			return false;
	return true;
}

static void parse_alias(struct sudoers_file *f, enum sudoers_alias_kind kind, const char *p,
			unsigned line)
{
	/* NAME = list [: NAME = list] ... */
	for (;;) {
		char name[256];
		p = skip_ws(p);
		p = word(p, name, sizeof name);
		p = skip_ws(p);
		if (!is_alias_name(name) || *p != '=') {
			problem(f, line, "alias definition is not NAME = list");
			return;
		}
		struct sudoers_alias a = { kind, xstrdup(name), { NULL, 0 }, line };
		if (kind == SUDOERS_CMND_ALIAS) {
			/* commands contain spaces: split at unescaped ',' and ':' */
			p++;
			for (;;) {
				p = skip_ws(p);
				bool neg;
				char cmd[1024];
				size_t n;
				p = read_command(p, &neg, cmd, sizeof cmd, &n);
				if (n)
					list_push(&a.members, cmd, n, neg);
				if (*p != ',')
					break;
				p++;
			}
		} else {
			const char *q = parse_list(p + 1, &a.members);
			p = q ? q : p + 1;
		}
		f->aliases = xreallocarray(f->aliases, f->n_aliases + 1, sizeof *f->aliases);
		f->aliases[f->n_aliases++] = a;
		p = skip_ws(p);
		if (*p != ':')
			break;
		p++;
	}
	if (*skip_ws(p))
		problem(f, line, "text after an alias definition");
}

static bool parse_bool_param(const char *s, const char *name, bool *value)
{
	size_t n = strlen(name);
	bool neg = false;
	while (*s == '!') {
		neg = !neg;
		s++;
	}
	if (strncmp(s, name, n) != 0)
		return false;
	const char *rest = skip_ws(s + n);
	if (!*rest) {
		*value = !neg;
		return true;
	}
	if (*rest == '=') {
		rest = skip_ws(rest + 1);
		bool v = strncmp(rest, "true", 4) == 0 || strncmp(rest, "on", 2) == 0 ||
			 strncmp(rest, "yes", 3) == 0 || strncmp(rest, "1", 1) == 0 ||
			 strncmp(rest, "\"true\"", 6) == 0;
		*value = neg ? !v : v;
		return true;
	}
	return false;
}

static void parse_defaults(struct sudoers_file *f, const char *p, unsigned line, unsigned seq)
{
	char *binding = NULL;
	if (*p && strchr(":@>!", *p)) {
		char kind = *p++;
		char w[512];
		const char *start = p;
		/* the binding is a list up to white space */
		while (*p && *p != ' ' && *p != '\t')
			p++;
		size_t n = (size_t)(p - start);
		if (n >= sizeof w)
			n = sizeof w - 1;
		memcpy(w, start, n);
		w[n] = '\0';
		binding = kind == ':' ? xstrdup(w) : xasprintf("%c%s", kind, w);
	}
	/* parameters separated by ',' */
	for (;;) {
		p = skip_ws(p);
		char param[512];
		size_t n = 0;
		bool quoted = false;
		while (*p && (quoted || *p != ',')) {
			if (*p == '"')
				quoted = !quoted;
			if (*p == '\\' && p[1])
				p++;
			if (n + 1 < sizeof param)
				param[n++] = *p;
			p++;
		}
		while (n && (param[n - 1] == ' ' || param[n - 1] == '\t'))
			n--;
		param[n] = '\0';
		bool v;
		if (parse_bool_param(param, "authenticate", &v)) {
			f->defaults = xreallocarray(f->defaults, f->n_defaults + 1, sizeof *f->defaults);
			f->defaults[f->n_defaults++] = (struct sudoers_default){
				binding ? xstrdup(binding) : NULL, v, line, seq };
		}
		if (*p != ',')
			break;
		p++;
	}
	free(binding);
}

static const char *const tags[] = { "NOPASSWD", "PASSWD", "NOEXEC", "EXEC", "SETENV",
				    "NOSETENV", "LOG_INPUT", "NOLOG_INPUT", "LOG_OUTPUT",
				    "NOLOG_OUTPUT", "MAIL", "NOMAIL", "FOLLOW", "NOFOLLOW",
				    "INTERCEPT", "NOINTERCEPT", NULL };
static const char *const options[] = { "ROLE", "TYPE", "APPARMOR_PROFILE", "PRIVS", "LIMITPRIVS",
				       "NOTBEFORE", "NOTAFTER", "TIMEOUT", "CWD", "CHROOT", NULL };

static void parse_userspec(struct sudoers_file *f, const char *p, unsigned line, unsigned *seq)
{
	struct sudoers_list users = { 0 }, hosts = { 0 };
	p = parse_list(p, &users);
	if (!p) {
		problem(f, line, "not a sudoers entry");
		return;
	}
	for (;;) {
		list_free(&hosts);
		p = parse_list(p, &hosts);
		if (!p || *(p = skip_ws(p)) != '=') {
			problem(f, line, "user specification without 'host = command'");
			break;
		}
		p++;
		struct sudoers_list runas = { 0 };
		bool runas_given = false, nopasswd = false;
		bool more_hosts = false;
		for (;;) {
			p = skip_ws(p);
			if (*p == '(') {
				list_free(&runas);
				runas_given = true;
				p = skip_ws(p + 1);
				if (*p != ':' && *p != ')') {
					const char *q = parse_list(p, &runas);
					p = q ? q : p;
				}
				while (*p && *p != ')')
					p++;
				if (*p != ')') {
					problem(f, line, "run-as list without ')'");
					list_free(&runas);
					goto out;
				}
				p++;
			}
			/* tags and options */
			for (;;) {
				p = skip_ws(p);
				bool matched = false;
				for (size_t t = 0; tags[t]; t++) {
					size_t n = strlen(tags[t]);
					if (strncmp(p, tags[t], n) == 0 && p[n] == ':') {
						if (t == 0)
							nopasswd = true;
						else if (t == 1)
							nopasswd = false;
						p += n + 1;
						matched = true;
						break;
					}
				}
				for (size_t o = 0; !matched && options[o]; o++) {
					size_t n = strlen(options[o]);
					if (strncmp(p, options[o], n) == 0 && p[n] == '=') {
						p += n + 1;
						while (*p && *p != ' ' && *p != '\t')
							p++;
						matched = true;
					}
				}
				if (!matched)
					break;
			}
			bool neg;
			char cmd[1024];
			size_t n;
			p = read_command(p, &neg, cmd, sizeof cmd, &n);
			if (!n) {
				problem(f, line, "empty command in a user specification");
				list_free(&runas);
				goto out;
			}
			struct sudoers_rule r;
			memset(&r, 0, sizeof r);
			list_copy(&r.users, &users);
			list_copy(&r.hosts, &hosts);
			list_copy(&r.runas_users, &runas);
			r.runas_given = runas_given;
			r.cmnd.text = xstrdup(cmd);
			r.cmnd.negated = neg;
			r.nopasswd = nopasswd;
			r.line = line;
			r.seq = (*seq)++;
			f->rules = xreallocarray(f->rules, f->n_rules + 1, sizeof *f->rules);
			f->rules[f->n_rules++] = r;
			if (*p == ',') {
				p++;
				continue;
			}
			if (*p == ':') {
				p++;
				more_hosts = true;
			}
			break;
		}
		list_free(&runas);
		if (!more_hosts)
			break;
	}
out:
	list_free(&users);
	list_free(&hosts);
}

/* Strips a comment: '#' not starting "#include"/"#includedir" (handled before) and not a
 * "#UID" item (a digit follows) outside double quotes. */
static void strip_comment(char *s)
{
	bool quoted = false;
	for (char *p = s; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '"')
			quoted = !quoted;
		if (*p == '#' && !quoted && !isdigit((unsigned char)p[1])) {
			*p = '\0';
			return;
		}
	}
}

static void parse_line(struct sudoers_file *f, char *l, unsigned line, unsigned *seq)
{
	char *p = (char *)skip_ws(l);
	static const struct {
		const char *word;
		enum sudoers_include_kind kind;
	} incs[] = { { "@includedir", SUDOERS_INCLUDEDIR }, { "#includedir", SUDOERS_INCLUDEDIR },
		     { "@include", SUDOERS_INCLUDE }, { "#include", SUDOERS_INCLUDE } };
	for (size_t i = 0; i < sizeof incs / sizeof incs[0]; i++) {
		size_t n = strlen(incs[i].word);
		if (strncmp(p, incs[i].word, n) == 0 && (p[n] == ' ' || p[n] == '\t')) {
			char *path = (char *)skip_ws(p + n);
			size_t pl = strlen(path);
			while (pl && (path[pl - 1] == ' ' || path[pl - 1] == '\t' || path[pl - 1] == '\r'))
				path[--pl] = '\0';
			if (pl >= 2 && path[0] == '"' && path[pl - 1] == '"') {
				path[pl - 1] = '\0';
				path++;
			}
			if (!*path) {
				problem(f, line, "include without a path");
				return;
			}
			f->includes = xreallocarray(f->includes, f->n_includes + 1, sizeof *f->includes);
			f->includes[f->n_includes++] = (struct sudoers_include){ incs[i].kind,
				xstrdup(path), line, (*seq)++ };
			return;
		}
	}
	strip_comment(p);
	size_t n = strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		p[--n] = '\0';
	if (!n)
		return;
	static const struct {
		const char *word;
		enum sudoers_alias_kind kind;
	} aliases[] = { { "User_Alias", SUDOERS_USER_ALIAS }, { "Runas_Alias", SUDOERS_RUNAS_ALIAS },
			{ "Host_Alias", SUDOERS_HOST_ALIAS }, { "Cmnd_Alias", SUDOERS_CMND_ALIAS },
			{ "Cmd_Alias", SUDOERS_CMND_ALIAS } };
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		size_t k = strlen(aliases[i].word);
		if (strncmp(p, aliases[i].word, k) == 0 && (p[k] == ' ' || p[k] == '\t')) {
			parse_alias(f, aliases[i].kind, p + k, line);
			return;
		}
	}
	if (strncmp(p, "Defaults", 8) == 0 && (p[8] == ' ' || p[8] == '\t' || (p[8] && strchr(":@>!", p[8])))) {
		parse_defaults(f, p + 8, line, (*seq)++);
		return;
	}
	parse_userspec(f, p, line, seq);
}

void sudoers_parse(const char *buf, size_t len, struct sudoers_file *out)
{
	memset(out, 0, sizeof *out);
	size_t pos = 0;
	unsigned lineno = 0, seq = 0;
	char *logical = NULL;
	size_t ll = 0, cap = 0;
	unsigned first = 0;
	while (pos < len) {
		const char *l = buf + pos;
		const char *nl = memchr(l, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - l) : len - pos;
		pos += n + (nl ? 1 : 0);
		lineno++;
		if (memchr(l, '\0', n)) {
			problem(out, lineno, "NUL byte in the line");
			continue;
		}
		if (!ll)
			first = lineno;
		if (n && l[n - 1] == '\r')
			n--;
		bool cont = n && l[n - 1] == '\\';
		XGROW(logical, ll, cap, ll + n + 2);
		memcpy(logical + ll, l, cont ? n - 1 : n);
		ll += cont ? n - 1 : n;
		logical[ll] = '\0';
		if (cont && pos < len)
			continue;
		parse_line(out, logical, first, &seq);
		ll = 0;
	}
	free(logical);
}

void sudoers_file_free(struct sudoers_file *f)
{
	for (size_t i = 0; i < f->n_aliases; i++) {
		free(f->aliases[i].name);
		list_free(&f->aliases[i].members);
	}
	free(f->aliases);
	for (size_t i = 0; i < f->n_rules; i++) {
		list_free(&f->rules[i].users);
		list_free(&f->rules[i].hosts);
		list_free(&f->rules[i].runas_users);
		free(f->rules[i].cmnd.text);
	}
	free(f->rules);
	for (size_t i = 0; i < f->n_defaults; i++)
		free(f->defaults[i].binding);
	free(f->defaults);
	for (size_t i = 0; i < f->n_includes; i++)
		free(f->includes[i].path);
	free(f->includes);
	free(f->problems);
	memset(f, 0, sizeof *f);
}

bool sudoers_includedir_name_ok(const char *name)
{
	size_t n = strlen(name);
	return n && name[n - 1] != '~' && !strchr(name, '.');
}
