/* Password rule arithmetic: a search over class counts rather than a formula, so that credits,
 * required counts, minclass, class runs and several modules combine exactly as the modules
 * decide (each one checks the same password; all must accept). */
#include "pwpolicy.h"
#include "i18n.h"
#include "profile.h"
#include "result.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>

static int popcount4(unsigned s)
{
	return (s & 1) + ((s >> 1) & 1) + ((s >> 2) & 1) + ((s >> 3) & 1);
}

/* libpwquality simple() + numclass(): credits shorten the size, negative credits require. */
static bool credit_accepts(const struct pw_rule *r, const int count[4], int len)
{
	int size = r->minlen, classes = 0, largest = 0;
	for (int c = 0; c < 4; c++) {
		if (count[c] > 0)
			classes++;
		if (count[c] > largest)
			largest = count[c];
		if (r->credit[c] >= 0)
			size -= count[c] < r->credit[c] ? count[c] : r->credit[c];
		else if (count[c] < -r->credit[c])
			return false;
	}
	if (size > len)
		return false;
	if (classes < r->minclass)
		return false;
	if (r->maxclassrepeat > 0) {
		/* the largest class needs ceil(n/m) runs, separated by the other characters */
		int runs = (largest + r->maxclassrepeat - 1) / r->maxclassrepeat;
		if (runs - 1 > len - largest)
			return false;
	}
	return true;
}

/* passwdqc: one class N0, two N1, three N3, four N4; a passphrase (words: letters separated by
 * other characters) N2. The thresholds are non-increasing, so the best applicable one counts. */
static bool passwdqc_accepts(const struct pw_rule *r, const int count[4], int len)
{
	unsigned set = 0;
	for (int c = 0; c < 4; c++)
		if (count[c] > 0)
			set |= 1u << c;
	int classes = popcount4(set);
	int best = INT_MAX;
	static const int by_classes[5] = { 0, 0, 1, 3, 4 };
	if (classes >= 1 && r->qc_min[by_classes[classes]] != PW_DISABLED)
		best = r->qc_min[by_classes[classes]];
	if ((set & PWC_LETTERS) && (set & PWC_OTHER) && r->qc_min[2] != PW_DISABLED &&
	    r->qc_min[2] < best)
		best = r->qc_min[2];
	if (best == INT_MAX || len < best)
		return false;
	return r->qc_max <= 0 || len <= r->qc_max;
}

bool pw_rule_accepts(const struct pw_rule *r, const int count[4], int len)
{
	switch (r->kind) {
	case PW_RULE_CREDIT:
		return credit_accepts(r, count, len);
	case PW_RULE_PASSWDQC:
		return passwdqc_accepts(r, count, len);
	case PW_RULE_MINLEN:
		return len >= r->minlen;
	}
	return false;
}

static bool all_accept(const struct pw_rule *rules, size_t n, const int count[4], int len)
{
	for (size_t i = 0; i < n; i++)
		if (!pw_rule_accepts(&rules[i], count, len))
			return false;
	return true;
}

/* Rules that no password of these classes can pass, whatever its length. */
static bool set_excluded(const struct pw_rule *rules, size_t n, unsigned set)
{
	int classes = popcount4(set);
	for (size_t i = 0; i < n; i++) {
		const struct pw_rule *r = &rules[i];
		if (r->kind != PW_RULE_CREDIT)
			continue;
		for (int c = 0; c < 4; c++)
			if (r->credit[c] < 0 && !(set & (1u << c)))
				return true;
		if (classes < r->minclass)
			return true;
	}
	return false;
}

/* Split `left` characters among the classes cls[pos..k-1], each getting at least one. */
static bool split(const struct pw_rule *rules, size_t n, const int *cls, int k, int pos,
		  int left, int count[4], int len)
{
	if (pos == k - 1) {
		count[cls[pos]] = left;
		bool ok = all_accept(rules, n, count, len);
		count[cls[pos]] = 0;
		return ok;
	}
	for (int take = 1; take <= left - (k - 1 - pos); take++) {
		count[cls[pos]] = take;
		if (split(rules, n, cls, k, pos + 1, left - take, count, len)) {
			count[cls[pos]] = 0;
			return true;
		}
	}
	count[cls[pos]] = 0;
	return false;
}

/* Is some password of exactly the classes `set` and length `len` accepted? */
static bool set_len_feasible(const struct pw_rule *rules, size_t n, unsigned set, int len)
{
	int cls[4], k = 0;
	for (int c = 0; c < 4; c++)
		if (set & (1u << c))
			cls[k++] = c;
	if (len < k)
		return false;
	int count[4] = { 0, 0, 0, 0 };
	return split(rules, n, cls, k, 0, len, count, len);
}

/* Beyond the search limit: would a long enough password of these classes pass every rule?
 * Credit rules only get easier with length unless a single class must stay short
 * (maxclassrepeat); passwdqc may cap the length. */
static bool set_feasible_when_long(const struct pw_rule *rules, size_t n, unsigned set)
{
	int classes = popcount4(set);
	for (size_t i = 0; i < n; i++) {
		const struct pw_rule *r = &rules[i];
		switch (r->kind) {
		case PW_RULE_CREDIT:
			for (int c = 0; c < 4; c++)
				if (r->credit[c] < 0 && !(set & (1u << c)))
					return false;
			if (classes < r->minclass)
				return false;
			if (classes == 1 && r->maxclassrepeat > 0)
				return false;
			break;
		case PW_RULE_PASSWDQC:
			if (r->qc_max > 0)
				return false; /* bounded: the search decides */
			{
				static const int by_classes[5] = { 0, 0, 1, 3, 4 };
				bool ok = r->qc_min[by_classes[classes]] != PW_DISABLED ||
					  ((set & PWC_LETTERS) && (set & PWC_OTHER) &&
					   r->qc_min[2] != PW_DISABLED);
				if (!ok)
					return false;
			}
			break;
		case PW_RULE_MINLEN:
			break;
		}
	}
	return true;
}

void pw_policy_evaluate(const struct pw_rule *rules, size_t n, struct pw_outcome *out)
{
	memset(out, 0, sizeof *out);
	out->shortest = -1;
	bool feasible[16] = { false };
	for (unsigned set = 1; set <= PWC_ALL; set++) {
		int shortest = -1;
		if (set_excluded(rules, n, set))
			continue;
		for (int len = popcount4(set); len <= PW_SEARCH_LIMIT; len++)
			if (set_len_feasible(rules, n, set, len)) {
				shortest = len;
				break;
			}
		if (shortest > 0) {
			feasible[set] = true;
			if (out->shortest < 0 || shortest < out->shortest ||
			    (shortest == out->shortest && set < out->shortest_classes)) {
				out->shortest = shortest;
				out->shortest_classes = set;
			}
		} else if (set_feasible_when_long(rules, n, set)) {
			feasible[set] = true;
		}
	}
	out->required = PWC_ALL;
	out->letters_required = true;
	for (unsigned set = 1; set <= PWC_ALL; set++) {
		if (!feasible[set])
			continue;
		out->any_accepted = true;
		out->required &= set;
		if (!(set & PWC_LETTERS))
			out->letters_required = false;
	}
	if (!out->any_accepted) {
		out->required = 0;
		out->letters_required = false;
	} else if (out->shortest < 0) {
		/* only passwords longer than the search accept: say so as a lower bound */
		out->shortest = PW_SEARCH_LIMIT + 1;
		out->shortest_classes = 0;
	}
}

void pw_classes_text(unsigned classes, char *buf, size_t len)
{
	static const char *const names[4] = { N_("digits"), N_("upper-case"), N_("lower-case"),
					       N_("symbols") };
	size_t used = 0;
	buf[0] = '\0';
	for (int c = 0; c < 4; c++) {
		if (!(classes & (1u << c)))
			continue;
		int w = msg_snprintf(buf + used, len - used, "%s%s", used ? ", " : "", _(names[c]));
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
	if (!used)
		msg_snprintf(buf, len, "%s", _("none"));
}

/* Profile class names -> the classes that satisfy them. */
bool pw_profile_class_mask(const char *name, unsigned *mask)
{
	if (!strcmp(name, "letters"))
		*mask = PWC_LETTERS;
	else if (!strcmp(name, "digits"))
		*mask = PWC_DIGIT;
	else if (!strcmp(name, "symbols"))
		*mask = PWC_OTHER;
	else if (!strcmp(name, "upper"))
		*mask = PWC_UPPER;
	else if (!strcmp(name, "lower"))
		*mask = PWC_LOWER;
	else
		return false;
	return true;
}

const char *pw_profile_class_label(const char *name)
{
	if (!strcmp(name, "letters"))
		return _("letters");
	if (!strcmp(name, "digits"))
		return _("digits");
	if (!strcmp(name, "symbols"))
		return _("symbols");
	if (!strcmp(name, "upper"))
		return _("upper-case letters");
	return _("lower-case letters");
}

bool pw_profile_classes_valid(const struct profile_list *classes, struct check_result *r)
{
	for (size_t i = 0; i < classes->n; i++) {
		unsigned mask;
		if (!pw_profile_class_mask(classes->items[i], &mask)) {
			result_error(r, _("profile [password] required_classes: unknown class '%s' "
					  "(letters, digits, symbols, upper, lower)"), classes->items[i]);
			return false;
		}
	}
	return true;
}
