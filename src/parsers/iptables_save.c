/* iptables-save format: "*table", ":CHAIN POLICY [packets:bytes]", "-A CHAIN args", "COMMIT",
 * '#' comments; arguments split as iptables-restore does (whitespace, "double quotes"). */
#include "iptables_save.h"
#include "parse_util.h"
#include "../core/i18n.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define RULE_MAX_ARGS 128

static void bad(struct iptables_input *out, unsigned line, const char *why)
{
	if (!out->bad_line) {
		out->bad_line = line;
		out->bad_why = why;
	}
}

/* Split into at most RULE_MAX_ARGS arguments (pointers into s, which is modified). Returns the
 * count, or RULE_MAX_ARGS + 1 when there were more; -1 on an unterminated quote. */
static int split(char *s, char **argv)
{
	int n = 0;
	while (*s) {
		while (*s && isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (n >= RULE_MAX_ARGS)
			return RULE_MAX_ARGS + 1;
		char *out = s;
		argv[n++] = out;
		bool quoted = false;
		while (*s && (quoted || !isspace((unsigned char)*s))) {
			if (*s == '"') {
				quoted = !quoted;
				s++;
				continue;
			}
			*out++ = *s++;
		}
		if (quoted)
			return -1;
		if (*s)
			s++;
		*out = '\0';
	}
	return n;
}

/* -j DROP / REJECT [--reject-with X], with only a comment or counters besides. */
static bool unconditional_drop(char **argv, int n)
{
	bool verdict = false;
	for (int i = 0; i < n; i++) {
		const char *a = argv[i];
		if ((strcmp(a, "-j") == 0 || strcmp(a, "--jump") == 0) && i + 1 < n) {
			verdict = strcmp(argv[i + 1], "DROP") == 0 || strcmp(argv[i + 1], "REJECT") == 0;
			if (!verdict)
				return false;
			i++;
		} else if (strcmp(a, "--reject-with") == 0 && i + 1 < n) {
			i++;
		} else if (strcmp(a, "-m") == 0 && i + 1 < n && strcmp(argv[i + 1], "comment") == 0) {
			i++;
		} else if (strcmp(a, "--comment") == 0 && i + 1 < n) {
			i++;
		} else if ((strcmp(a, "-c") == 0 || strcmp(a, "--set-counters") == 0) && i + 2 < n) {
			i += 2;
		} else {
			return false;
		}
	}
	return verdict;
}

void iptables_save_parse(const char *buf, size_t len, struct iptables_input *out)
{
	memset(out, 0, sizeof *out);
	size_t pos = 0;
	const char *start;
	size_t n;
	unsigned lineno = 0;
	bool in_filter = false, in_table = false;
	while (parse_next_line(buf, len, &pos, &start, &n)) {
		lineno++;
		char *line = xstrndup(start, n);
		char *p = line + strspn(line, " \t\r");
		size_t e = strlen(p);
		while (e && isspace((unsigned char)p[e - 1]))
			p[--e] = '\0';
		if (*p == '\0' || *p == '#') {
			free(line);
			continue;
		}
		if (*p == '*') {
			if (in_table)
				bad(out, lineno, N_("a table starts before the previous one's COMMIT"));
			in_table = true;
			in_filter = strcmp(p + 1, "filter") == 0;
			out->filter_table |= in_filter;
		} else if (strcmp(p, "COMMIT") == 0) {
			if (!in_table)
				bad(out, lineno, N_("COMMIT outside a table"));
			in_table = in_filter = false;
		} else if (*p == ':') {
			if (!in_table)
				bad(out, lineno, N_("a chain outside a table"));
			char *argv[RULE_MAX_ARGS];
			int argc = split(p + 1, argv);
			if (argc < 2)
				bad(out, lineno, N_("a chain without a policy"));
			else if (in_filter && strcmp(argv[0], "INPUT") == 0) {
				size_t k = strlen(argv[1]);
				if (k >= sizeof out->policy)
					k = sizeof out->policy - 1;
				memcpy(out->policy, argv[1], k);
				out->policy[k] = '\0';
				out->policy_line = lineno;
			}
		} else {
			char *argv[RULE_MAX_ARGS];
			char *q = p;
			if (*q == '[') { /* iptables-save -c: "[packets:bytes] -A ..." */
				q = strchr(q, ']');
				q = q ? q + 1 : p + strlen(p);
			}
			int argc = split(q, argv);
			if (argc < 0)
				bad(out, lineno, N_("unterminated quote"));
			else if (!in_table)
				bad(out, lineno, N_("a rule outside a table"));
			else if (in_filter && argc >= 2 &&
				 (strcmp(argv[0], "-A") == 0 || strcmp(argv[0], "-I") == 0 ||
				  strcmp(argv[0], "--append") == 0 || strcmp(argv[0], "--insert") == 0) &&
				 strcmp(argv[1], "INPUT") == 0) {
				out->n_rules++;
				int at = 2;
				/* -I INPUT 3 -j DROP: a rule number may follow the chain */
				if (argv[0][1] == 'I' && at < argc && isdigit((unsigned char)argv[at][0]))
					at++;
				if (!out->drop_line && argc <= RULE_MAX_ARGS &&
				    unconditional_drop(argv + at, argc - at))
					out->drop_line = lineno;
			}
		}
		free(line);
	}
	if (in_table)
		bad(out, lineno ? lineno : 1, N_("the last table has no COMMIT"));
}
