/* Kernel command line splitting after the kernel's next_arg() (kernel/params.c), and the small
 * subset of POSIX shell that /etc/default/grub uses to build GRUB_CMDLINE_LINUX. */
#include "kernel_cmdline.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void add_param(struct kcmdline *c, const char *name, size_t nlen, const char *value,
		      size_t vlen, bool has_value)
{
	XGROW(c->params, c->n, c->cap, c->n + 1);
	c->params[c->n].name = xstrndup(name, nlen);
	c->params[c->n].value = has_value ? xstrndup(value, vlen) : NULL;
	c->n++;
}

void kcmdline_parse(const char *s, struct kcmdline *out)
{
	/* Work on a copy and cut it exactly where next_arg() writes its NULs. */
	char *copy = xstrdup(s);
	char *args = copy;
	while (*args && isspace((unsigned char)*args))
		args++;
	while (*args) {
		bool in_quote = false, quoted = false;
		size_t i, equals = 0;
		if (*args == '"') {
			args++;
			in_quote = quoted = true;
		}
		for (i = 0; args[i]; i++) {
			if (isspace((unsigned char)args[i]) && !in_quote)
				break;
			if (equals == 0 && args[i] == '=')
				equals = i;
			if (args[i] == '"')
				in_quote = !in_quote;
		}
		char *param = args, *val = NULL;
		if (equals) {
			args[equals] = '\0';
			val = args + equals + 1;
			if (*val == '"') {
				val++;
				if (args[i - 1] == '"')
					args[i - 1] = '\0';
			}
		}
		if (quoted && i > 0 && args[i - 1] == '"')
			args[i - 1] = '\0';
		if (args[i]) {
			args[i] = '\0';
			args += i + 1;
		} else {
			args += i;
		}
		while (*args && isspace((unsigned char)*args))
			args++;
		if (!val && strcmp(param, "--") == 0)
			break; /* parse_args stops: the rest is for init */
		add_param(out, param, strlen(param), val, val ? strlen(val) : 0, val != NULL);
	}
	free(copy);
}

void kcmdline_free(struct kcmdline *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->params[i].name);
		free(c->params[i].value);
	}
	free(c->params);
	memset(c, 0, sizeof *c);
}

bool kcmdline_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;
		if (x != y)
			return false;
	}
	return *a == *b;
}

const char *kcmdline_last(const struct kcmdline *c, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; i < c->n; i++)
		if (c->params[i].value && kcmdline_name_eq(c->params[i].name, name))
			v = c->params[i].value;
	return v;
}

/* ---- shell assignments ---- */

const struct shell_var *shell_vars_get(const struct shell_vars *vars, const char *name)
{
	for (size_t i = 0; i < vars->n; i++)
		if (strcmp(vars->vars[i].name, name) == 0)
			return &vars->vars[i];
	return NULL;
}

static void shell_vars_set(struct shell_vars *vars, const char *name, const char *value,
			   const char *file, unsigned line)
{
	struct shell_var *v = (struct shell_var *)shell_vars_get(vars, name);
	if (!v) {
		XGROW(vars->vars, vars->n, vars->cap, vars->n + 1);
		v = &vars->vars[vars->n++];
		v->name = xstrdup(name);
	} else {
		free(v->value);
		free(v->file);
	}
	v->value = xstrdup(value);
	v->file = xstrdup(file);
	v->line = line;
}

static void shell_vars_unset(struct shell_vars *vars, const char *name)
{
	struct shell_var *v = (struct shell_var *)shell_vars_get(vars, name);
	if (!v)
		return;
	free(v->name);
	free(v->value);
	free(v->file);
	*v = vars->vars[--vars->n];
}

void shell_vars_free(struct shell_vars *vars)
{
	for (size_t i = 0; i < vars->n; i++) {
		free(vars->vars[i].name);
		free(vars->vars[i].value);
		free(vars->vars[i].file);
	}
	free(vars->vars);
	memset(vars, 0, sizeof *vars);
}

void shell_issues_free(struct shell_issue *issues, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(issues[i].why);
		free(issues[i].name);
	}
	free(issues);
}

struct sbuf {
	char *s;
	size_t n, cap;
};

static void sbuf_add(struct sbuf *b, const char *p, size_t len)
{
	XGROW(b->s, b->n, b->cap, b->n + len + 1);
	memcpy(b->s + b->n, p, len);
	b->n += len;
	b->s[b->n] = '\0';
}

static bool name_char(char c, bool first)
{
	return c == '_' || isalpha((unsigned char)c) || (!first && isdigit((unsigned char)c));
}

/* Expand $NAME / ${NAME} at p (pointing at '$'); returns characters consumed, 0 if not a
 * plain expansion (command substitution or arithmetic: not supported). */
static size_t expand(const struct shell_vars *vars, const char *p, const char *end, struct sbuf *b)
{
	const char *q = p + 1;
	bool brace = q < end && *q == '{';
	if (brace)
		q++;
	const char *ns = q;
	while (q < end && name_char(*q, q == ns))
		q++;
	if (q == ns) {
		if (!brace && (q >= end || (*q != '(' && *q != '{'))) {
			sbuf_add(b, "$", 1); /* a lone '$' is literal */
			return 1;
		}
		return 0;
	}
	if (brace) {
		if (q >= end || *q != '}')
			return 0; /* ${NAME:-default} and friends: not supported */
		q++;
	}
	char name[128];
	size_t nl = (size_t)((brace ? q - 1 : q) - ns);
	if (nl >= sizeof name)
		return 0;
	memcpy(name, ns, nl);
	name[nl] = '\0';
	const struct shell_var *v = shell_vars_get(vars, name);
	if (v)
		sbuf_add(b, v->value, strlen(v->value));
	return (size_t)(q - p);
}

static void add_issue(struct shell_issue **issues, size_t *n, unsigned line, const char *name,
		      const char *why)
{
	*issues = xreallocarray(*issues, *n + 1, sizeof **issues);
	(*issues)[*n].line = line;
	(*issues)[*n].name = xstrdup(name);
	(*issues)[*n].why = xstrdup(why);
	(*n)++;
}

size_t shell_vars_parse(struct shell_vars *vars, const char *file, const char *data, size_t len,
			struct shell_issue **issues, size_t *n_issues)
{
	size_t bad = 0;
	const char *p = data, *end = data + len;
	unsigned line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		const char *q = p;
		unsigned start_line = line;
		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		if (le - q > 7 && strncmp(q, "export", 6) == 0 && (q[6] == ' ' || q[6] == '\t')) {
			q += 7;
			while (q < le && (*q == ' ' || *q == '\t'))
				q++;
		}
		const char *ns = q;
		while (q < le && name_char(*q, q == ns))
			q++;
		if (q == ns || q >= le || *q != '=') {
			p = nl ? nl + 1 : end;
			continue;
		}
		char name[128];
		size_t nlen = (size_t)(q - ns);
		if (nlen >= sizeof name) {
			p = nl ? nl + 1 : end;
			continue;
		}
		memcpy(name, ns, nlen);
		name[nlen] = '\0';
		q++;
		struct sbuf b = { 0 };
		sbuf_add(&b, "", 0);
		bool ok = true;
		/* A quoted value may run over several lines; scan to `end`, counting newlines. */
		while (q < end && ok) {
			char c = *q;
			if (c == '\'') {
				const char *close = memchr(q + 1, '\'', (size_t)(end - q - 1));
				if (!close) {
					ok = false;
					break;
				}
				for (const char *r = q + 1; r < close; r++)
					if (*r == '\n')
						line++;
				sbuf_add(&b, q + 1, (size_t)(close - q - 1));
				q = close + 1;
			} else if (c == '"') {
				q++;
				while (q < end && *q != '"') {
					if (*q == '\\' && q + 1 < end && strchr("\"\\$`\n", q[1])) {
						if (q[1] == '\n')
							line++;
						else
							sbuf_add(&b, q + 1, 1);
						q += 2;
					} else if (*q == '$') {
						size_t used = expand(vars, q, end, &b);
						if (!used) {
							ok = false;
							break;
						}
						q += used;
					} else if (*q == '`') {
						ok = false;
						break;
					} else {
						if (*q == '\n')
							line++;
						sbuf_add(&b, q, 1);
						q++;
					}
				}
				if (!ok || q >= end) {
					ok = false;
					break;
				}
				q++;
			} else if (c == '$') {
				size_t used = expand(vars, q, end, &b);
				if (!used) {
					ok = false;
					break;
				}
				q += used;
			} else if (c == '\\' && q + 1 < end && q[1] != '\n') {
				sbuf_add(&b, q + 1, 1);
				q += 2;
			} else if (c == '`') {
				ok = false;
			} else if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '#') {
				break;
			} else {
				sbuf_add(&b, q, 1);
				q++;
			}
		}
		if (ok) {
			shell_vars_set(vars, name, b.s, file, start_line);
		} else {
			bad++;
			shell_vars_unset(vars, name);
			add_issue(issues, n_issues, start_line, name,
				  "value kensa cannot evaluate (unterminated quote or command substitution)");
		}
		free(b.s);
		/* Continue after the logical end: the rest of the (last) physical line is skipped. */
		const char *after = q < end ? memchr(q, '\n', (size_t)(end - q)) : NULL;
		if (!ok) {
			after = nl; /* resynchronise on the next physical line */
			line = start_line;
		}
		p = after ? after + 1 : end;
	}
	return bad;
}
