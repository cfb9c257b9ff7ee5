/* What a set of password-quality rules actually lets through: the shortest password any rule
 * combination accepts and the character classes every accepted password must contain. Pure
 * arithmetic over libpwquality's / pam_cracklib's credit rules (check.c: simple(), numclass()),
 * pam_passwdqc's min=N0,N1,N2,N3,N4 and plain minimum lengths. */
#ifndef KENSA_PWPOLICY_H
#define KENSA_PWPOLICY_H
#include <stdbool.h>
#include <stddef.h>

/* The four classes libpwquality counts (isdigit, isupper, islower, anything else). */
enum pw_class {
	PWC_DIGIT = 1 << 0,
	PWC_UPPER = 1 << 1,
	PWC_LOWER = 1 << 2,
	PWC_OTHER = 1 << 3,
};
#define PWC_ALL 15u
#define PWC_LETTERS (PWC_UPPER | PWC_LOWER)

/* Longest password the search considers; rules needing more are treated as satisfiable by a
 * long enough password of the same classes. */
#define PW_SEARCH_LIMIT 64
#define PW_DISABLED (-1) /* passwdqc "disabled" */

enum pw_rule_kind {
	PW_RULE_CREDIT,   /* pam_pwquality / pam_cracklib */
	PW_RULE_PASSWDQC, /* pam_passwdqc */
	PW_RULE_MINLEN,   /* pam_unix minlen, login.defs PASS_MIN_LEN */
};

struct pw_rule {
	enum pw_rule_kind kind;
	int minlen;         /* CREDIT: the size credits are taken from; MINLEN: the minimum */
	int credit[4];      /* CREDIT, by class bit order (digit, upper, lower, other): >= 0 the
			     * most that class shortens the minimum, < 0 that many required */
	int minclass;       /* CREDIT: distinct classes required */
	int maxclassrepeat; /* CREDIT: longest run of one class, 0 = off */
	int qc_min[5];      /* PASSWDQC: N0..N4, PW_DISABLED */
	int qc_max;         /* PASSWDQC: longest accepted, 0 = no limit */
};

/* Does the rule accept a password of `len` characters whose class counts are count[0..3]? */
bool pw_rule_accepts(const struct pw_rule *r, const int count[4], int len);

struct pw_outcome {
	int shortest;              /* shortest accepted length, -1 when nothing is accepted;
				    * PW_SEARCH_LIMIT + 1 means "longer than the search" */
	unsigned shortest_classes; /* the class set of one such shortest password */
	unsigned required;         /* classes every accepted password contains */
	bool letters_required;     /* every accepted password has an upper- or lower-case letter */
	bool any_accepted;
};

/* Evaluate rules jointly (a password must pass every one). No rule: anything non-empty. */
void pw_policy_evaluate(const struct pw_rule *rules, size_t n, struct pw_outcome *out);

/* Text like "digits, upper, lower" for a class set (English class names). */
void pw_classes_text(unsigned classes, char *buf, size_t len);

/* A class name of the profile's [password] required_classes ("letters", "digits", "symbols",
 * "upper", "lower") -> the classes that satisfy it; false for any other name. */
bool pw_profile_class_mask(const char *name, unsigned *mask);
/* Such a name as translated text for messages ("upper-case letters"). */
const char *pw_profile_class_label(const char *name);
struct profile_list;
struct check_result;
/* Every name in [password] required_classes is known; otherwise r becomes an error naming it. */
bool pw_profile_classes_valid(const struct profile_list *classes, struct check_result *r);

#endif
