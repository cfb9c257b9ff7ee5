/* sshd_config tokenising (servconf.c process_server_config_line_depth + misc.c argv_split). */
#include "sshd_config.h"
#include "parse_util.h"
#include "../core/xalloc.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* argv_split: whitespace-separated, "double quotes" group, a token starting with '#' ends the
 * line. Returns false on an unterminated quote. */
static bool split_line(const char *s, char ***argv_out, size_t *argc_out)
{
	char **argv = NULL;
	size_t argc = 0, cap = 0;
	bool ok = true;
	while (*s) {
		while (*s && isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			break;
		char *tok = xmalloc(strlen(s) + 1);
		size_t n = 0;
		bool quoted = false;
		while (*s) {
			if (!quoted && isspace((unsigned char)*s))
				break;
			if (*s == '"') {
				quoted = !quoted;
				s++;
				continue;
			}
			if (*s == '\\' && (s[1] == '"' || s[1] == '\\') && quoted) {
				tok[n++] = s[1];
				s += 2;
				continue;
			}
			tok[n++] = *s++;
		}
		tok[n] = '\0';
		if (quoted)
			ok = false;
		XGROW(argv, argc, cap, argc + 1);
		argv[argc++] = tok;
	}
	*argv_out = argv;
	*argc_out = argc;
	return ok;
}

static void free_argv(char **argv, size_t argc)
{
	for (size_t i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

void sshd_config_parse(const char *buf, size_t len, const char *match, struct sshd_config *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = 0, pos = 0;
	unsigned lineno = 0;
	char *cur_match = match ? xstrdup(match) : NULL;
	const char *start;
	size_t n;
	while (parse_next_line(buf, len, &pos, &start, &n)) {
		lineno++;
		char *line = xstrndup(start, n);
		/* "Keyword=value": the first '=' may separate keyword and value */
		char *p = line + strspn(line, " \t\r");
		size_t kwlen = strcspn(p, " \t\r=");
		if (p[kwlen] == '=')
			p[kwlen] = ' ';
		char **argv;
		size_t argc;
		bool ok = split_line(p, &argv, &argc);
		free(line);
		if (!ok) {
			out->bad_lines = xreallocarray(out->bad_lines, out->n_bad + 1, sizeof(unsigned));
			out->bad_lines[out->n_bad++] = lineno;
			free_argv(argv, argc);
			continue;
		}
		if (argc == 0) {
			free(argv);
			continue;
		}
		for (char *c = argv[0]; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (strcmp(argv[0], "match") == 0) {
			free(cur_match);
			size_t total = 0;
			for (size_t i = 1; i < argc; i++)
				total += strlen(argv[i]) + 1;
			cur_match = xmalloc(total + 1);
			cur_match[0] = '\0';
			for (size_t i = 1; i < argc; i++) {
				if (i > 1)
					strcat(cur_match, " ");
				strcat(cur_match, argv[i]);
			}
			if (argc == 1) {
				out->bad_lines = xreallocarray(out->bad_lines, out->n_bad + 1,
							       sizeof(unsigned));
				out->bad_lines[out->n_bad++] = lineno;
			}
			/* "Match all" returns to global scope for the lines that follow */
			if (argc == 2 && strcasecmp(argv[1], "all") == 0) {
				free(cur_match);
				cur_match = NULL;
			}
			free_argv(argv, argc);
			continue;
		}
		XGROW(out->d, out->n, cap, out->n + 1);
		struct sshd_directive *d = &out->d[out->n++];
		d->keyword = argv[0];
		d->args = argc > 1 ? xreallocarray(NULL, argc - 1, sizeof(char *)) : NULL;
		for (size_t i = 1; i < argc; i++)
			d->args[i - 1] = argv[i];
		d->nargs = argc - 1;
		d->line = lineno;
		d->match = cur_match ? xstrdup(cur_match) : NULL;
		free(argv);
	}
	free(cur_match);
}

void sshd_config_free(struct sshd_config *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->d[i].keyword);
		free_argv(c->d[i].args, c->d[i].nargs);
		free(c->d[i].match);
	}
	free(c->d);
	free(c->bad_lines);
	memset(c, 0, sizeof *c);
}
