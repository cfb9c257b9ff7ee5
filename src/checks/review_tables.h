/* logs.review's bounded tables: counts per (account, source) and similar keys, and each source's
 * last failure times for burst detection. Fixed capacity whatever the logs' size; a full table
 * lets go of keys that can no longer matter (amortised, with a back-off when that frees little)
 * and counts what it drops. */
#ifndef KENSA_REVIEW_TABLES_H
#define KENSA_REVIEW_TABLES_H
#include "../parsers/auth_log.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TABLE_CAP 2048      /* distinct keys kept per table; the rest are counted */
#define NAMES_SHOWN 5       /* accounts/commands named in one finding */

static inline size_t slots(void)
{
	return TABLE_CAP * 2; /* open addressing at most half full */
}

struct tally_entry {
	char a[AUTH_NAME_MAX], b[AUTH_NAME_MAX]; /* e.g. account and source */
	int kind;                                 /* a small discriminator (action, event kind) */
	uint64_t count;
	int64_t first, last;
	char extra[NAMES_SHOWN][AUTH_NAME_MAX]; /* up to NAMES_SHOWN distinct names (commands) */
	size_t n_extra;
	bool more_extra;
};

struct tally {
	struct tally_entry *e; /* open addressing, TABLE_CAP * 2 slots */
	bool *used;
	size_t n;
	uint64_t dropped_events; /* events whose key did not fit */
	/* failed logins: a full table lets its keys seen once go (a scan's one try per address),
	 * at most once per quarter-table of dropped events, so repeated guessing keeps a place */
	bool sweep_singletons;
	uint64_t since_sweep, sweep_every; /* a sweep that frees little doubles the wait */
	uint64_t let_go; /* keys (each one event) let go */
};

struct source_state {
	char source[AUTH_NAME_MAX];
	int64_t *ring; /* the last `threshold` failure times, oldest at head */
	size_t head, n;
	uint64_t bursts, failures;
	int64_t first_burst, last_burst;
	int64_t burst_end; /* the newest failure of the last burst: a success after it counts */
	char accounts[NAMES_SHOWN][AUTH_NAME_MAX];
	size_t n_accounts;
	bool more_accounts;
	bool in_burst;
};

struct bursts {
	struct source_state *s; /* TABLE_CAP * 2 slots */
	bool *used;
	int64_t *rings;
	size_t n, threshold;
	int64_t window;
	uint64_t dropped;
	uint64_t since_sweep; /* failures dropped since the last sweep (amortises sweeps) */
	uint64_t sweep_every; /* doubled after a sweep that frees little */
	uint64_t forgotten;   /* quiet sources let go by sweeps */
};

void tally_init(struct tally *t);
void tally_free(struct tally *t);
/* The entry for (a, b, kind) with one more event at `when`, created when there is room; NULL
 * when the table is full (the event is counted in dropped_events). */
struct tally_entry *tally_get(struct tally *t, const char *a, const char *b, int kind,
			      int64_t when);
/* Remember one more distinct name (a command, a method) in the entry, up to NAMES_SHOWN. */
void entry_add_name(struct tally_entry *x, const char *name);
/* The entries, most frequent first (ties: earliest, then by name); caller frees the array. */
struct tally_entry **tally_sorted(const struct tally *t);

void bursts_init(struct bursts *b, size_t threshold, int64_t window);
void bursts_free(struct bursts *b);
/* The state of a source (created when create and there is room); NULL otherwise. */
struct source_state *bursts_find(struct bursts *b, const char *source, bool create, int64_t t);
/* One failed login from source against account at t. */
void bursts_failure(struct bursts *b, const char *source, const char *account, int64_t t);

#endif
