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
	struct site_answer *answers;
	size_t n_answers;
	struct site_exception *exceptions;
	size_t n_exceptions;
};

/* Errors are "FILE:LINE: why". */
int site_load(const char *path, struct site **out, char *err, size_t errlen);
void site_free(struct site *s);
const struct site_answer *site_answer_for(const struct site *s, const char *item);

#endif
