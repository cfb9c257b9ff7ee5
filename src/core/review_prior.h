/* What logs.review needs from the host's previous report in --report-dir: when it was made (the
 * review period starts there) and the sshd login sources it saw (a source not among them is
 * new). Read by the audit driver before the sandbox closes; NULL in the context otherwise. */
#ifndef KENSA_REVIEW_PRIOR_H
#define KENSA_REVIEW_PRIOR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The check-level evidence source under which logs.review lists the sshd login sources of its
 * period, space-separated, for the next report to compare with. */
#define REVIEW_SOURCES_EVIDENCE "sshd"
#define REVIEW_PRIOR_MAX_SOURCES 4096

struct review_prior {
	int64_t audited_at; /* seconds since the epoch; 0 = unknown */
	bool has_sources;   /* the previous report has logs.review's list */
	char **sources;     /* sorted */
	size_t n_sources;
};

/* "2026-12-03T01:00:00+09:00" -> seconds since the epoch; -1 when malformed. */
int review_prior_parse_time(const char *s, int64_t *out);
/* Add the space-separated sources of one evidence value (bounded; "-" and "..." ignored). */
void review_prior_add_sources(struct review_prior *p, const char *list);
/* Call once after the last add. */
void review_prior_finish(struct review_prior *p);
bool review_prior_knows_source(const struct review_prior *p, const char *source);
void review_prior_free(struct review_prior *p);

#endif
