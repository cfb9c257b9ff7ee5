/* USBGuard configuration and rules, after usbguard-daemon.conf(5) and usbguard-rules.conf(5):
 * rules are scanned in order and the first matching rule decides; a set operator omitted means
 * "equals". Only what decides a mass-storage device is modelled. */
#include "usbguard.h"
#include "../core/xalloc.h"
#include <stddef.h>
#include <stdlib.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void set_setting(struct usbguard_setting *s, const char *value, size_t len, unsigned line)
{
	if (len >= sizeof s->value)
		len = sizeof s->value - 1;
	memcpy(s->value, value, len);
	s->value[len] = '\0';
	s->found = true;
	s->line = line;
}

void usbguard_parse_daemon_conf(const char *data, size_t len, struct usbguard_daemon_conf *out)
{
	memset(out, 0, sizeof *out);
	static const struct {
		const char *key;
		size_t offset;
	} keys[] = {
		{ "RuleFile", offsetof(struct usbguard_daemon_conf, rule_file) },
		{ "RuleFolder", offsetof(struct usbguard_daemon_conf, rule_folder) },
		{ "ImplicitPolicyTarget", offsetof(struct usbguard_daemon_conf, implicit_target) },
		{ "InsertedDevicePolicy", offsetof(struct usbguard_daemon_conf, inserted_policy) },
		{ "PresentDevicePolicy", offsetof(struct usbguard_daemon_conf, present_policy) },
	};
	const char *p = data, *end = data + len;
	unsigned line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		const char *s = p;
		while (s < le && isspace((unsigned char)*s))
			s++;
		const char *e = le;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		const char *eq = memchr(s, '=', (size_t)(e - s));
		if (s < e && *s != '#' && eq && !memchr(s, '\0', (size_t)(e - s))) {
			const char *ke = eq;
			while (ke > s && isspace((unsigned char)ke[-1]))
				ke--;
			const char *v = eq + 1;
			while (v < e && isspace((unsigned char)*v))
				v++;
			for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
				if (strlen(keys[i].key) == (size_t)(ke - s) &&
				    strncmp(keys[i].key, s, (size_t)(ke - s)) == 0)
					set_setting((struct usbguard_setting *)((char *)out + keys[i].offset),
						    v, (size_t)(e - v), line);
		}
		p = nl ? nl + 1 : end;
	}
}

bool usbguard_target_blocks(const char *value)
{
	return strcmp(value, "block") == 0 || strcmp(value, "reject") == 0;
}

/* ---- rule tokenising ---- */

#define MAX_TOKENS 256
#define TOKEN_LEN 256

struct tokens {
	char t[MAX_TOKENS][TOKEN_LEN];
	bool quoted[MAX_TOKENS];
	size_t n;
};

static bool tokenise(const char *s, struct tokens *tk)
{
	tk->n = 0;
	while (*s) {
		while (*s && isspace((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (tk->n == MAX_TOKENS)
			return false;
		char *out = tk->t[tk->n];
		size_t o = 0;
		tk->quoted[tk->n] = false;
		if (*s == '{' || *s == '}') {
			out[o++] = *s++;
		} else if (*s == '"') {
			tk->quoted[tk->n] = true;
			s++;
			while (*s && *s != '"') {
				if (*s == '\\' && s[1])
					s++;
				if (o + 1 >= TOKEN_LEN)
					return false;
				out[o++] = *s++;
			}
			if (*s != '"')
				return false;
			s++;
		} else {
			int depth = 0;
			while (*s && (depth > 0 || (!isspace((unsigned char)*s) && *s != '{' && *s != '}'))) {
				if (*s == '(')
					depth++;
				else if (*s == ')')
					depth--;
				if (o + 1 >= TOKEN_LEN)
					return false;
				out[o++] = *s++;
			}
			if (depth != 0)
				return false;
		}
		out[o] = '\0';
		tk->n++;
	}
	return true;
}

static bool is_operator(const char *t)
{
	return strcmp(t, "all-of") == 0 || strcmp(t, "one-of") == 0 || strcmp(t, "none-of") == 0 ||
	       strcmp(t, "equals") == 0 || strcmp(t, "equals-ordered") == 0 ||
	       strcmp(t, "match-all") == 0;
}

/* Read an attribute's values at tk[*i]: one value, or [operator] { values }. */
static bool read_values(const struct tokens *tk, size_t *i, const char **op, size_t *first,
			size_t *count)
{
	*op = "equals";
	if (*i < tk->n && !tk->quoted[*i] && is_operator(tk->t[*i])) {
		*op = tk->t[*i];
		(*i)++;
	}
	if (*i < tk->n && !tk->quoted[*i] && strcmp(tk->t[*i], "{") == 0) {
		(*i)++;
		*first = *i;
		while (*i < tk->n && !(strcmp(tk->t[*i], "}") == 0 && !tk->quoted[*i]))
			(*i)++;
		if (*i >= tk->n)
			return false;
		*count = *i - *first;
		(*i)++;
		return true;
	}
	if (*i >= tk->n || (!tk->quoted[*i] && strcmp(tk->t[*i], "}") == 0))
		return false;
	*first = *i;
	*count = 1;
	(*i)++;
	return true;
}

/* "08:*:*" covers "08:06:50"; fields are hex or '*'. */
static bool iface_covers(const char *pattern, const char *iface)
{
	char pf[3][8], df[3][8];
	if (sscanf(pattern, "%7[^:]:%7[^:]:%7s", pf[0], pf[1], pf[2]) != 3 ||
	    sscanf(iface, "%7[^:]:%7[^:]:%7s", df[0], df[1], df[2]) != 3)
		return false;
	for (int k = 0; k < 3; k++)
		if (strcmp(pf[k], "*") != 0 && strcasecmp(pf[k], df[k]) != 0)
			return false;
	return true;
}

static bool valid_iface(const char *s)
{
	char f[3][8];
	char tail;
	if (sscanf(s, "%7[^:]:%7[^:]:%7[^:]%c", f[0], f[1], f[2], &tail) != 3)
		return false;
	for (int k = 0; k < 3; k++) {
		if (strcmp(f[k], "*") == 0)
			continue;
		if (strlen(f[k]) != 2 || !isxdigit((unsigned char)f[k][0]) ||
		    !isxdigit((unsigned char)f[k][1]))
			return false;
	}
	return true;
}

/* Does the set operation hold between the rule's patterns and a device's interfaces? */
static bool set_matches(const char *op, const struct tokens *tk, size_t first, size_t count,
			const char *const *dev, size_t ndev)
{
	size_t covered_rule = 0; /* rule values matching at least one device interface */
	for (size_t r = 0; r < count; r++)
		for (size_t d = 0; d < ndev; d++)
			if (iface_covers(tk->t[first + r], dev[d])) {
				covered_rule++;
				break;
			}
	size_t covered_dev = 0; /* device interfaces matching at least one rule value */
	for (size_t d = 0; d < ndev; d++)
		for (size_t r = 0; r < count; r++)
			if (iface_covers(tk->t[first + r], dev[d])) {
				covered_dev++;
				break;
			}
	if (strcmp(op, "one-of") == 0)
		return covered_rule > 0;
	if (strcmp(op, "none-of") == 0)
		return covered_rule == 0;
	if (strcmp(op, "all-of") == 0 || strcmp(op, "match-all") == 0)
		return covered_rule == count;
	/* equals, equals-ordered */
	return covered_rule == count && covered_dev == ndev;
}

static enum usbguard_verdict judge(const char *line, struct tokens *tkp, char *why,
				   size_t whylen)
{
#define tk (*tkp)
	const char *s = line;
	while (*s && isspace((unsigned char)*s))
		s++;
	if (!*s || *s == '#')
		return USBGUARD_NO_MATCH;
	if (!tokenise(s, &tk) || tk.n == 0) {
		snprintf(why, whylen, "unbalanced quotes, braces or parentheses");
		return USBGUARD_MALFORMED;
	}
	const char *target = tk.t[0];
	bool allow = strcmp(target, "allow") == 0;
	bool block = strcmp(target, "block") == 0 || strcmp(target, "reject") == 0;
	bool match = strcmp(target, "match") == 0;
	if (!allow && !block && !match) {
		snprintf(why, whylen, "unknown rule target '%.40s'", target);
		return USBGUARD_MALFORMED;
	}
	bool pinned = false, conditional = false;
	static const char *const plain[] = { "08:06:50" };
	static const char *const uas[] = { "08:06:50", "08:06:62" };
	bool if_plain = true, if_uas = true;
	for (size_t i = 1; i < tk.n;) {
		const char *attr = tk.t[i++];
		const char *op;
		size_t first, count;
		if (strcmp(attr, "if") == 0) {
			if (!read_values(&tk, &i, &op, &first, &count)) {
				snprintf(why, whylen, "'if' without a condition");
				return USBGUARD_MALFORMED;
			}
			conditional = true;
			continue;
		}
		bool known = strcmp(attr, "id") == 0 || strcmp(attr, "hash") == 0 ||
			     strcmp(attr, "parent-hash") == 0 || strcmp(attr, "name") == 0 ||
			     strcmp(attr, "serial") == 0 || strcmp(attr, "via-port") == 0 ||
			     strcmp(attr, "with-interface") == 0 ||
			     strcmp(attr, "with-connect-type") == 0 || strcmp(attr, "label") == 0;
		if (!known) {
			snprintf(why, whylen, "unknown attribute '%.40s'", attr);
			return USBGUARD_MALFORMED;
		}
		if (!read_values(&tk, &i, &op, &first, &count)) {
			snprintf(why, whylen, "attribute '%s' without a value", attr);
			return USBGUARD_MALFORMED;
		}
		bool negative = strcmp(op, "none-of") == 0;
		if (strcmp(attr, "id") == 0) {
			bool any = false;
			for (size_t k = 0; k < count; k++)
				any |= strcmp(tk.t[first + k], "*:*") == 0;
			if (!any && !negative && count > 0)
				pinned = true;
		} else if (strcmp(attr, "hash") == 0 || strcmp(attr, "serial") == 0 ||
			   strcmp(attr, "name") == 0) {
			if (!negative && count > 0)
				pinned = true;
		} else if (strcmp(attr, "with-interface") == 0) {
			for (size_t k = 0; k < count; k++)
				if (!valid_iface(tk.t[first + k])) {
					snprintf(why, whylen, "bad interface '%.40s'", tk.t[first + k]);
					return USBGUARD_MALFORMED;
				}
			if_plain = if_plain && set_matches(op, &tk, first, count, plain, 1);
			if_uas = if_uas && set_matches(op, &tk, first, count, uas, 2);
		}
	}
	if (match || pinned || !(if_plain || if_uas))
		return USBGUARD_NO_MATCH;
	if (block && conditional)
		return USBGUARD_NO_MATCH; /* may not apply when it matters */
	snprintf(why, whylen, "%s", conditional ? "conditional rule, assumed to apply" : "");
	return allow ? USBGUARD_ALLOWS : USBGUARD_BLOCKS;
#undef tk
}

enum usbguard_verdict usbguard_rule_storage(const char *line, char *why, size_t whylen)
{
	why[0] = '\0';
	struct tokens *tk = xmalloc(sizeof *tk); /* 64 KiB: kept off the stack */
	enum usbguard_verdict v = judge(line, tk, why, whylen);
	free(tk);
	return v;
}
