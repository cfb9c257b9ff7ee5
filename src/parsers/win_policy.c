/* Parsers for secedit's exported INF and `net accounts` output (win_policy.h). */
#include "../core/i18n.h"
#include "win_policy.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Next line of text (CRLF tolerated); returns its length, or -1 at the end. */
static long next_line(const char **pos, const char *end, const char **line)
{
	if (*pos >= end)
		return -1;
	const char *s = *pos, *e = memchr(s, '\n', (size_t)(end - s));
	if (!e)
		e = end;
	*pos = e < end ? e + 1 : end;
	*line = s;
	size_t n = (size_t)(e - s);
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\0'))
		n--;
	return (long)n;
}

static void trim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	size_t k = strspn(s, " \t");
	memmove(s, s + k, strlen(s + k) + 1);
}

static bool parse_number(const char *s, long long *out)
{
	char *end;
	if (!*s)
		return false;
	long long v = strtoll(s, &end, 10);
	if (*end)
		return false;
	*out = v;
	return true;
}

static void set_value(struct win_policy_value *v, const char *raw, unsigned line)
{
	v->set = true;
	v->line = line;
	snprintf(v->raw, sizeof v->raw, "%s", raw);
	v->never = !parse_number(raw, &v->value);
	if (v->never)
		v->value = 0;
}

static void unquote(const char *raw, char *out, size_t len)
{
	size_t n = strlen(raw);
	if (n >= 2 && raw[0] == '"' && raw[n - 1] == '"')
		snprintf(out, len, "%.*s", (int)(n - 2), raw + 1);
	else
		snprintf(out, len, "%s", raw);
}

bool secedit_parse(const char *text, size_t len, struct win_account_policy *p, char *why,
		   size_t whylen)
{
	memset(p, 0, sizeof *p);
	p->source = WINPOL_SECEDIT;
	const char *pos = text, *end = text + len, *l;
	long n;
	unsigned lineno = 0;
	char section[64] = "", buf[1024];
	bool have_section = false;
	while ((n = next_line(&pos, end, &l)) >= 0) {
		lineno++;
		snprintf(buf, sizeof buf, "%.*s", (int)n, l);
		trim(buf);
		if (!buf[0] || buf[0] == ';')
			continue;
		if (buf[0] == '[') {
			char *close = strchr(buf, ']');
			snprintf(section, sizeof section, "%.*s", close ? (int)(close - buf - 1) : 0, buf + 1);
			have_section |= strcasecmp(section, "System Access") == 0;
			continue;
		}
		char *eq = strchr(buf, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char *key = buf, *val = eq + 1;
		trim(key);
		trim(val);
		if (strcasecmp(section, "Registry Values") == 0) {
			/* MACHINE\...\Name=TYPE,VALUE */
			const char *comma = strchr(val, ',');
			const char *data = comma ? comma + 1 : val;
			if (!strcasecmp(key, "MACHINE\\System\\CurrentControlSet\\Control\\SAM\\RelaxMinimumPasswordLengthLimits"))
				set_value(&p->relax_min_length, data, lineno);
			else if (!strcasecmp(key, "MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\ScForceOption"))
				set_value(&p->sc_force, data, lineno);
			continue;
		}
		if (strcasecmp(section, "System Access") != 0)
			continue;
		static const struct {
			const char *name;
			size_t off;
		} keys[] = {
			{ "MinimumPasswordLength", offsetof(struct win_account_policy, min_length) },
			{ "PasswordComplexity", offsetof(struct win_account_policy, complexity) },
			{ "PasswordHistorySize", offsetof(struct win_account_policy, history) },
			{ "MaximumPasswordAge", offsetof(struct win_account_policy, max_age) },
			{ "MinimumPasswordAge", offsetof(struct win_account_policy, min_age) },
			{ "LockoutBadCount", offsetof(struct win_account_policy, lockout_threshold) },
			{ "LockoutDuration", offsetof(struct win_account_policy, lockout_duration) },
			{ "ResetLockoutCount", offsetof(struct win_account_policy, lockout_window) },
			{ "ClearTextPassword", offsetof(struct win_account_policy, cleartext) },
			{ "EnableAdminAccount", offsetof(struct win_account_policy, enable_admin) },
			{ "EnableGuestAccount", offsetof(struct win_account_policy, enable_guest) },
		};
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (!strcasecmp(key, keys[i].name))
				set_value((struct win_policy_value *)((char *)p + keys[i].off), val, lineno);
		if (!strcasecmp(key, "NewAdministratorName"))
			unquote(val, p->admin_name, sizeof p->admin_name);
		else if (!strcasecmp(key, "NewGuestName"))
			unquote(val, p->guest_name, sizeof p->guest_name);
	}
	if (!have_section) {
		snprintf(why, whylen,
			 _("no [System Access] section: not a secedit SECURITYPOLICY export"));
		return false;
	}
	if (!p->min_length.set || p->min_length.never) {
		snprintf(why, whylen, _("[System Access] has no numeric MinimumPasswordLength"));
		return false;
	}
	return true;
}

/* The value of a "label: value" line: its last blank-separated word (values are single words;
 * labels are localised and may hold a full-width colon). */
static bool last_word(const char *line, size_t n, char *out, size_t len)
{
	while (n && isspace((unsigned char)line[n - 1]))
		n--;
	size_t e = n;
	while (n && !isspace((unsigned char)line[n - 1]))
		n--;
	if (n == 0 || e == n) /* a single word: no label */
		return false;
	snprintf(out, len, "%.*s", (int)(e - n), line + n);
	return true;
}

/* The labels Windows prints on the nine lines, in order: en-US and ja-JP (Windows 10/11). The
 * values are read by position whatever the language; a label known for another position means
 * the lines are not where they should be, and then nothing is read. */
static const char *const net_accounts_labels[][9] = {
	{ "Force user logoff how long after time expires?", "Minimum password age (days)",
	  "Maximum password age (days)", "Minimum password length",
	  "Length of password history maintained", "Lockout threshold",
	  "Lockout duration (minutes)", "Lockout observation window (minutes)", "Computer role" },
	{ "強制ログオフまでの時間 (分)", "パスワードの最短有効期間 (日)",
	  "パスワードの最長有効期間 (日)", "最小パスワード長", "使用できない旧パスワード数",
	  "ロックアウトしきい値", "ロックアウト期間 (分)", "ロックアウト監視ウィンドウ (分)",
	  "コンピューターの役割" },
};

/* The label of a "label:   value" line: the text before the last ASCII or full-width colon
 * that precedes the value, blanks trimmed. */
static void line_label(const char *l, size_t n, char *out, size_t len)
{
	size_t cut = 0;
	for (size_t i = 0; i < n; i++) {
		if (l[i] == ':')
			cut = i;
		else if (i + 3 <= n && !memcmp(l + i, "\xef\xbc\x9a", 3))
			cut = i;
	}
	while (cut && (l[cut - 1] == ' ' || l[cut - 1] == '\t'))
		cut--;
	size_t start = strspn(l, " \t");
	if (start > cut)
		start = cut;
	snprintf(out, len, "%.*s", (int)(cut - start), l + start);
}

/* The position (0-8) a label belongs to in a language kensa knows, or -1. */
static int known_label_position(const char *label)
{
	for (size_t lang = 0; lang < sizeof net_accounts_labels / sizeof net_accounts_labels[0]; lang++)
		for (int k = 0; k < 9; k++)
			if (!strcmp(label, net_accounts_labels[lang][k]))
				return k;
	return -1;
}

bool net_accounts_parse(const char *text, size_t len, struct win_account_policy *p, char *why,
			size_t whylen)
{
	memset(p, 0, sizeof *p);
	p->source = WINPOL_NET_ACCOUNTS;
	struct win_policy_value *order[9] = {
		NULL, &p->min_age, &p->max_age, &p->min_length, &p->history,
		&p->lockout_threshold, &p->lockout_duration, &p->lockout_window, NULL,
	};
	const char *pos = text, *end = text + len, *l;
	long n;
	unsigned lineno = 0, k = 0;
	while (k < 9 && (n = next_line(&pos, end, &l)) >= 0) {
		lineno++;
		if (n == 0 || strspn(l, " \t") == (size_t)n) {
			if (k == 0)
				continue; /* blank lines before the first */
			snprintf(why, whylen, _("line %u: blank where line %u of 9 was expected"), lineno,
				 k + 1);
			return false;
		}
		char word[64];
		if (!memchr(l, ':', (size_t)n) && !memmem(l, (size_t)n, "\xef\xbc\x9a", 3)) {
			snprintf(why, whylen, _("line %u: not a \"label: value\" line"), lineno);
			return false;
		}
		if (!last_word(l, (size_t)n, word, sizeof word)) {
			snprintf(why, whylen, _("line %u: no value"), lineno);
			return false;
		}
		char label[256];
		line_label(l, (size_t)n, label, sizeof label);
		int at = known_label_position(label);
		if (at >= 0 && (unsigned)at != k) {
			snprintf(why, whylen, _("line %u: '%s' is line %d of net accounts, not line %u: "
						"the lines are out of place"), lineno, label, at + 1,
				 k + 1);
			return false;
		}
		p->n_known_labels += at >= 0;
		if (order[k])
			set_value(order[k], word, lineno);
		if (k == 8)
			snprintf(p->computer_role, sizeof p->computer_role, "%s", word);
		k++;
	}
	if (k < 9) {
		snprintf(why, whylen, _("%u line(s), 9 expected"), k);
		return false;
	}
	if (p->min_length.never || p->min_age.never) {
		snprintf(why, whylen, _("line %u: minimum length '%s' / line %u: minimum age '%s' are not "
			 "numbers"), p->min_length.line, p->min_length.raw, p->min_age.line,
			 p->min_age.raw);
		return false;
	}
	return true;
}

bool win_policy_max_age(const struct win_account_policy *p, long long *days)
{
	if (!p->max_age.set || p->max_age.never)
		return false;
	if (p->max_age.value <= 0)
		return false; /* secedit: -1 (and 0) mean "passwords never expire" */
	if (p->source == WINPOL_NET_ACCOUNTS && p->max_age.value >= 49710)
		return false; /* /maxpwage:unlimited is stored as 49710 days (0xFFFFFFFF ticks) */
	*days = p->max_age.value;
	return true;
}
