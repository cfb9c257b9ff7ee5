/* The site file: what a vendor or clinic states once per site — answers to the checklist items
 * no machine can check, and accepted exceptions with an expiry. One format, one strict parser. */
#ifndef KENSA_SITE_H
#define KENSA_SITE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct site_answer {
	char *item;        /* "1-1" */
	int yes;           /* 1 yes, 0 no (-1 only while parsing) */
	char *by;          /* who answered */
	char *date;        /* YYYY-MM-DD */
	char *note;        /* evidence or remark, optional */
	char *target_date; /* for a "no": when it will be done, optional */
	unsigned line;
};

struct site_exception {
	char *check_id;
	char *subject;  /* NULL: every finding of the check */
	char *reason, *by;
	char *expires;  /* YYYY-MM-DD, a whole day in Japan time; NULL = none given */
	int64_t expires_day;
	unsigned line;
};

struct site {
	char *file;
	char *name; /* the institution, optional */
	char *vendor;
	/* [vendor]: the vendor's form (事業者確認用) is answered by this company and person for
	 * the system it installed at the site; each optional */
	char *vendor_company, *vendor_person, *vendor_system;
	struct site_answer *answers;
	size_t n_answers;
	struct site_exception *exceptions;
	size_t n_exceptions;
};

struct audit_report;

/* The date in Japan time (Asia/Tokyo: UTC+9, no daylight saving) of a moment, as days since
 * 1970-01-01. Exceptions' expiry dates are whole days in Japan time. */
int64_t site_jst_day(int64_t t);

/* --as-of: "YYYY-MM-DD" pins the audit to day D: today (UTC days, as shadow counts) and the
 * report's day (its audit date, file names, exceptions' expiry) are both D, now is the end of D
 * (23:59:59 UTC). "YYYY-MM-DDTHH:MM:SSZ" (or with a +HH:MM / -HH:MM offset) pins now to that
 * moment; today is its UTC day and the report's day its date at the report's UTC offset `zone`
 * (seconds; +09:00 by default, the profile's [reports] time_zone). 0, or -1 when malformed. */
int site_parse_as_of(const char *s, int zone, int64_t *now, int64_t *today, int64_t *day);

/* Apply the site file's exceptions to rep->results: findings (warn/fail) of an active exception
 * get `accepted`, those of an expired one `expired`; every result is finished again so its status
 * counts only what is not accepted; rep->exceptions says what became of each exception.
 * day: the report's date (expiry dates are whole days in the report's time zone).
 * max_days: the profile's [exceptions] max_days. s may be NULL (no exceptions). */
void site_apply_exceptions(const struct site *s, struct audit_report *rep, int64_t day,
			   long long max_days);

/* Errors are "FILE:LINE: why". */
int site_load(const char *path, struct site **out, char *err, size_t errlen);
void site_free(struct site *s);
const struct site_answer *site_answer_for(const struct site *s, const char *item);

#endif
