/* iptables-save format: "*table", ":CHAIN POLICY [packets:bytes]", "-A CHAIN args", "COMMIT",
 * '#' comments; arguments split as iptables-restore does (whitespace, "double quotes"). */
#include "iptables_save.h"
#include "parse_util.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <stdint.h>
#include <stdio.h>
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

/* The target of a rule (-j X / --jump X / -g X / --goto X) into *target, *is_goto; true when
 * nothing but a comment, counters or the REJECT target's --reject-with stands besides it, i.e.
 * every packet that reaches the rule takes it. */
static bool rule_target(char **argv, int n, const char **target, bool *is_goto)
{
	bool uncond = true;
	*target = NULL;
	*is_goto = false;
	for (int i = 0; i < n; i++) {
		const char *a = argv[i];
		bool jump = strcmp(a, "-j") == 0 || strcmp(a, "--jump") == 0;
		bool go = strcmp(a, "-g") == 0 || strcmp(a, "--goto") == 0;
		if ((jump || go) && i + 1 < n) {
			*target = argv[++i];
			*is_goto = go;
		} else if (strcmp(a, "--reject-with") == 0 && i + 1 < n) {
			i++;
		} else if (strcmp(a, "-m") == 0 && i + 1 < n && strcmp(argv[i + 1], "comment") == 0) {
			i++;
		} else if (strcmp(a, "--comment") == 0 && i + 1 < n) {
			i++;
		} else if ((strcmp(a, "-c") == 0 || strcmp(a, "--set-counters") == 0) && i + 2 < n) {
			i += 2;
		} else {
			uncond = false;
		}
	}
	return uncond && *target;
}

/* The filter table as far as the walk from INPUT needs it: every chain's unconditional rules
 * (a conditional rule only takes some packets: it cannot decide for all). */
struct ipt_rule {
	char target[32];
	bool is_goto;
	bool uncond;
	unsigned line;
};

struct ipt_chain {
	char name[32];
	struct ipt_rule *rules;
	size_t n, cap;
	/* the walk's answer, computed once (each chain is walked at most once: linear time) */
	int state;           /* 0 not yet, 1 being walked (a loop), 2 done */
	int memo;            /* enum walk */
	unsigned memo_line;
	const char *memo_in;
};

struct ipt_table {
	struct ipt_chain *chains;
	size_t n, cap;
	/* chain name -> index + 1 (0: empty slot), open addressing: lookups in constant time */
	size_t *slots;
	size_t n_slots;      /* a power of two, at least twice n */
};

static size_t name_hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static size_t *slot_of(const struct ipt_table *t, const char *name)
{
	size_t mask = t->n_slots - 1;
	for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask)
		if (!t->slots[i] || strcmp(t->chains[t->slots[i] - 1].name, name) == 0)
			return &t->slots[i];
}

static void table_clear(struct ipt_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->chains[i].rules);
	free(t->chains);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

static struct ipt_chain *table_chain(struct ipt_table *t, const char *name, bool create)
{
	if (t->n_slots) {
		size_t *slot = slot_of(t, name);
		if (*slot)
			return &t->chains[*slot - 1];
	}
	if (!create || strlen(name) > 28) /* XT_EXTENSION_MAXNAMELEN - 1 */
		return NULL;
	if (2 * (t->n + 1) > t->n_slots) { /* grow and rehash */
		free(t->slots);
		t->n_slots = t->n_slots ? 2 * t->n_slots : 64;
		t->slots = xcalloc(t->n_slots, sizeof *t->slots);
		for (size_t i = 0; i < t->n; i++)
			*slot_of(t, t->chains[i].name) = i + 1;
	}
	XGROW(t->chains, t->n, t->cap, t->n + 1);
	struct ipt_chain *c = &t->chains[t->n++];
	memset(c, 0, sizeof *c);
	strcpy(c->name, name);
	*slot_of(t, name) = t->n;
	return c;
}

static void chain_insert(struct ipt_chain *c, size_t at, const struct ipt_rule *r)
{
	XGROW(c->rules, c->n, c->cap, c->n + 1);
	if (at > c->n)
		at = c->n;
	memmove(c->rules + at + 1, c->rules + at, (c->n - at) * sizeof *c->rules);
	c->rules[at] = *r;
	c->n++;
}

enum walk { WALK_FALL, WALK_DROP, WALK_ACCEPT, WALK_UNKNOWN };

/* What becomes of a packet no conditional rule of chain c (or of the chains it jumps to)
 * took; *line and *in name the deciding rule. */
static enum walk walk(struct ipt_table *t, struct ipt_chain *c, int depth, unsigned *line,
		      const char **in);

static enum walk walk_chain(struct ipt_table *t, struct ipt_chain *c, int depth, unsigned *line,
			    const char **in)
{
	if (c->state == 1 || depth > IPTABLES_MAX_JUMPS)
		return WALK_UNKNOWN; /* a loop (iptables-restore refuses it) or too deep */
	if (c->state == 0) {
		c->state = 1;
		unsigned l = 0;
		const char *where = NULL;
		c->memo = walk(t, c, depth, &l, &where);
		c->memo_line = l;
		c->memo_in = where;
		c->state = 2;
	}
	if (c->memo == WALK_DROP || c->memo == WALK_ACCEPT) {
		*line = c->memo_line;
		*in = c->memo_in;
	}
	return (enum walk)c->memo;
}

static enum walk walk(struct ipt_table *t, struct ipt_chain *c, int depth, unsigned *line,
		      const char **in)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct ipt_rule *r = &c->rules[i];
		if (!r->uncond)
			continue;
		if (strcmp(r->target, "DROP") == 0 || strcmp(r->target, "REJECT") == 0 ||
		    strcmp(r->target, "ACCEPT") == 0) {
			*line = r->line;
			*in = c->name;
			return r->target[0] == 'A' ? WALK_ACCEPT : WALK_DROP;
		}
		if (strcmp(r->target, "RETURN") == 0)
			return WALK_FALL;
		struct ipt_chain *sub = table_chain(t, r->target, false);
		if (!sub)
			continue; /* LOG, MARK...: the packet goes on to the next rule */
		enum walk w = walk_chain(t, sub, depth + 1, line, in);
		if (w != WALK_FALL || r->is_goto)
			return w;
	}
	return WALK_FALL;
}

/* The target extensions of iptables-extensions(8) (1.8.9 and 1.8.11) and the built-in
 * verdicts: any other target must be a chain of the table. */
static bool known_target(const char *t)
{
	static const char *const targets[] = {
		"ACCEPT", "DROP", "RETURN", "QUEUE", "AUDIT", "CHECKSUM", "CLASSIFY", "CLUSTERIP",
		"CONNMARK", "CONNSECMARK", "CT", "DNAT", "DNPT", "DSCP", "ECN", "HL", "HMARK",
		"IDLETIMER", "LED", "LOG", "MARK", "MASQUERADE", "NETMAP", "NFLOG", "NFQUEUE",
		"NOTRACK", "RATEEST", "REDIRECT", "REJECT", "SECMARK", "SET", "SNAT", "SNPT",
		"SYNPROXY", "TCPMSS", "TCPOPTSTRIP", "TEE", "TOS", "TPROXY", "TRACE", "TTL", "ULOG",
	};
	for (size_t i = 0; i < sizeof targets / sizeof *targets; i++)
		if (strcmp(t, targets[i]) == 0)
			return true;
	return false;
}

/* The rule that closes a loop of jumps (conditional ones too), 0 when none: iptables-restore
 * refuses such a table ("Too many links"). Depth-first, iteratively: each chain once. */
static unsigned find_loop(struct ipt_table *t)
{
	if (!t->n)
		return 0;
	unsigned char *color = xcalloc(t->n, 1); /* 0 unseen, 1 on the path, 2 done */
	size_t *chain_at = xmalloc(t->n * sizeof *chain_at), *rule_at = xmalloc(t->n * sizeof *rule_at);
	unsigned line = 0;
	for (size_t s0 = 0; s0 < t->n && !line; s0++) {
		if (color[s0])
			continue;
		size_t sp = 0;
		chain_at[sp] = s0;
		rule_at[sp++] = 0;
		color[s0] = 1;
		while (sp && !line) {
			const struct ipt_chain *c = &t->chains[chain_at[sp - 1]];
			size_t ri = rule_at[sp - 1]++;
			if (ri == c->n) {
				color[chain_at[--sp]] = 2;
				continue;
			}
			struct ipt_chain *sub = c->rules[ri].target[0]
							? table_chain(t, c->rules[ri].target, false)
							: NULL;
			if (!sub)
				continue;
			size_t si = (size_t)(sub - t->chains);
			if (color[si] == 1) {
				line = c->rules[ri].line;
			} else if (!color[si]) {
				color[si] = 1;
				chain_at[sp] = si;
				rule_at[sp++] = 0;
			}
		}
	}
	free(color);
	free(chain_at);
	free(rule_at);
	return line;
}

/* The walk from INPUT into out. */
static void judge(struct ipt_table *t, struct iptables_input *out)
{
	const struct ipt_chain *input = NULL;
	for (size_t k = 0; k < t->n && !input; k++)
		if (strcmp(t->chains[k].name, "INPUT") == 0)
			input = &t->chains[k];
	if (!input)
		return;
	for (size_t i = 0; i < input->n; i++) {
		const struct ipt_rule *r = &input->rules[i];
		if (!r->uncond)
			continue;
		unsigned line = 0;
		const char *in = "INPUT";
		struct ipt_chain one = { .rules = (struct ipt_rule *)r, .n = 1 };
		strcpy(one.name, "INPUT");
		enum walk w = walk(t, &one, 0, &line, &in);
		if (w == WALK_FALL && !(r->is_goto || strcmp(r->target, "RETURN") == 0))
			continue;
		if (w == WALK_DROP || w == WALK_ACCEPT) {
			*(w == WALK_DROP ? &out->drop_line : &out->accept_line) = line;
			snprintf(out->decided_in, sizeof out->decided_in, "%s", in);
			out->jump_line = strcmp(in, "INPUT") == 0 ? 0 : r->line;
		} else if (w == WALK_UNKNOWN) {
			out->too_deep = true;
			out->jump_line = r->line;
		}
		return; /* decided, or INPUT left for its policy */
	}
}

void iptables_save_parse(const char *buf, size_t len, struct iptables_input *out)
{
	memset(out, 0, sizeof *out);
	size_t pos = 0;
	const char *start;
	size_t n;
	unsigned lineno = 0;
	bool in_filter = false, in_table = false;
	struct ipt_table table = { 0 };
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
			if (in_filter) { /* iptables-restore flushes the table it starts */
				table_clear(&table);
				out->policy[0] = '\0';
				out->policy_line = 0;
				out->n_rules = 0;
				/* the built-in chains exist without a ":CHAIN" line */
				table_chain(&table, "INPUT", true);
				table_chain(&table, "FORWARD", true);
				table_chain(&table, "OUTPUT", true);
			}
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
			else if (in_filter && !table_chain(&table, argv[0], true))
				bad(out, lineno, N_("a chain name longer than 28 characters"));
			if (argc >= 2 && in_filter && strcmp(argv[0], "INPUT") == 0) {
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
			else if (in_filter && argc >= 2 && argc <= RULE_MAX_ARGS &&
				 (strcmp(argv[0], "-A") == 0 || strcmp(argv[0], "-I") == 0 ||
				  strcmp(argv[0], "--append") == 0 || strcmp(argv[0], "--insert") == 0)) {
				struct ipt_chain *c = table_chain(&table, argv[1], false);
				bool insert = argv[0][1] == 'I' || argv[0][2] == 'i';
				int at = 2;
				size_t pos_in = insert ? 0 : SIZE_MAX;
				/* -I INPUT 3 -j DROP: a rule number may follow the chain */
				if (insert && at < argc && isdigit((unsigned char)argv[at][0])) {
					long num = strtol(argv[at], NULL, 10);
					pos_in = num > 0 ? (size_t)num - 1 : 0;
					at++;
				}
				struct ipt_rule r = { .line = lineno };
				const char *target;
				r.uncond = rule_target(argv + at, argc - at, &target, &r.is_goto);
				if (target)
					snprintf(r.target, sizeof r.target, "%s", target);
				if (!c)
					bad(out, lineno, N_("a rule in a chain that does not exist"));
				else
					chain_insert(c, pos_in, &r);
				if (strcmp(argv[1], "INPUT") == 0)
					out->n_rules++;
			}
		}
		free(line);
	}
	if (in_table)
		bad(out, lineno ? lineno : 1, N_("the last table has no COMMIT"));
	/* a jump to a chain the table does not have: iptables-restore refuses the rule ("Chain
	 * 'x' does not exist", "Couldn't load target") unless it names a target extension */
	for (size_t i = 0; i < table.n && !out->bad_line; i++)
		for (size_t k = 0; k < table.chains[i].n; k++) {
			const char *tg = table.chains[i].rules[k].target;
			if (tg[0] && !table_chain(&table, tg, false) && !known_target(tg)) {
				bad(out, table.chains[i].rules[k].line,
				    N_("a rule jumps to a chain that does not exist"));
				break;
			}
		}
	unsigned loop = out->bad_line ? 0 : find_loop(&table);
	if (loop)
		bad(out, loop, N_("chains jump into each other in a loop"));
	if (!out->bad_line)
		judge(&table, out);
	table_clear(&table);
}
