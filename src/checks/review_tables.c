/* logs.review's bounded tables (see review_tables.h). */
#include "review_tables.h"
#include "../core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tally_init(struct tally *t)
{
	t->e = xcalloc(slots(), sizeof *t->e);
	t->used = xcalloc(slots(), sizeof *t->used);
	t->n = 0;
	t->dropped_events = 0;
	t->sweep_singletons = false;
	t->since_sweep = 0;
	t->sweep_every = TABLE_CAP / 4;
	t->let_go = 0;
}

static size_t hash3(const char *a, const char *b, int kind);

static void tally_sweep(struct tally *t)
{
	struct tally_entry *old = t->e;
	bool *old_used = t->used;
	size_t mask = slots() - 1;
	t->e = xcalloc(slots(), sizeof *t->e);
	t->used = xcalloc(slots(), sizeof *t->used);
	size_t kept = 0;
	for (size_t i = 0; i < slots(); i++) {
		if (!old_used[i])
			continue;
		if (old[i].count <= 1) {
			t->let_go++;
			continue;
		}
		size_t h = hash3(old[i].a, old[i].b, old[i].kind) & mask;
		while (t->used[h])
			h = (h + 1) & mask;
		t->e[h] = old[i];
		t->used[h] = true;
		kept++;
	}
	/* a sweep costs a pass over the table: when it frees less than a quarter, wait twice as
	 * long before the next, so the cost stays linear in the events */
	if (TABLE_CAP - kept < TABLE_CAP / 4) {
		if (t->sweep_every < ((uint64_t)1 << 40))
			t->sweep_every *= 2;
	} else {
		t->sweep_every = TABLE_CAP / 4;
	}
	t->n = kept;
	t->since_sweep = 0;
	free(old);
	free(old_used);
}

void tally_free(struct tally *t)
{
	free(t->e);
	free(t->used);
}

static size_t hash3(const char *a, const char *b, int kind)
{
	size_t h = 1469598103934665603ULL & SIZE_MAX;
	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (; *b; b++)
		h = (h ^ (unsigned char)*b) * 1099511628211ULL;
	return (h ^ (size_t)kind) * 1099511628211ULL;
}

/* The entry for (a, b, kind), created when there is room; NULL when the table is full. */
struct tally_entry *tally_get(struct tally *t, const char *a, const char *b, int kind,
				     int64_t when)
{
	size_t mask = slots() - 1;
	size_t h = hash3(a, b, kind) & mask;
	while (t->used[h]) {
		struct tally_entry *x = &t->e[h];
		if (x->kind == kind && strcmp(x->a, a) == 0 && strcmp(x->b, b) == 0)
			goto found;
		h = (h + 1) & mask;
	}
	if (t->n >= TABLE_CAP && t->sweep_singletons && t->since_sweep >= t->sweep_every) {
		tally_sweep(t);
		h = hash3(a, b, kind) & mask;
		while (t->used[h])
			h = (h + 1) & mask;
	}
	if (t->n >= TABLE_CAP) {
		t->dropped_events++;
		t->since_sweep++;
		return NULL;
	}
	t->used[h] = true;
	t->n++;
	snprintf(t->e[h].a, sizeof t->e[h].a, "%s", a);
	snprintf(t->e[h].b, sizeof t->e[h].b, "%s", b);
	t->e[h].kind = kind;
	t->e[h].first = t->e[h].last = when;
found:;
	struct tally_entry *x = &t->e[h];
	x->count++;
	if (when < x->first)
		x->first = when;
	if (when > x->last)
		x->last = when;
	return x;
}

void entry_add_name(struct tally_entry *x, const char *name)
{
	if (!name[0])
		return;
	for (size_t i = 0; i < x->n_extra; i++)
		if (strcmp(x->extra[i], name) == 0)
			return;
	if (x->n_extra >= NAMES_SHOWN) {
		x->more_extra = true;
		return;
	}
	snprintf(x->extra[x->n_extra++], AUTH_NAME_MAX, "%s", name);
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct tally_entry *x = *(const struct tally_entry *const *)pa;
	const struct tally_entry *y = *(const struct tally_entry *const *)pb;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	int c = strcmp(x->a, y->a);
	return c ? c : strcmp(x->b, y->b);
}

/* The entries, most frequent first (ties: earliest, then by name); caller frees the array. */
struct tally_entry **tally_sorted(const struct tally *t)
{
	struct tally_entry **v = xcalloc(t->n + 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < slots(); i++)
		if (t->used[i])
			v[k++] = &t->e[i];
	if (k > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
		qsort(v, k, sizeof *v, entry_cmp);
	return v;
}

/* ---- bursts: the last N failure times of each source -------------------------------------------- */

void bursts_init(struct bursts *b, size_t threshold, int64_t window)
{
	b->s = xcalloc(slots(), sizeof *b->s);
	b->used = xcalloc(slots(), sizeof *b->used);
	b->rings = xcalloc(TABLE_CAP * threshold, sizeof *b->rings);
	b->n = 0;
	b->threshold = threshold;
	b->window = window;
	b->dropped = 0;
	b->since_sweep = 0;
	b->sweep_every = TABLE_CAP / 4;
}

void bursts_free(struct bursts *b)
{
	free(b->s);
	free(b->used);
	free(b->rings);
}

static struct source_state *bursts_slot(struct bursts *b, const char *source, bool *found)
{
	size_t mask = slots() - 1;
	size_t h = hash3(source, "", 0) & mask;
	while (b->used[h]) {
		if (strcmp(b->s[h].source, source) == 0) {
			*found = true;
			return &b->s[h];
		}
		h = (h + 1) & mask;
	}
	*found = false;
	return &b->s[h];
}

/* A full table is rebuilt keeping the sources that had a burst or failed within the window
 * before t: the others cannot start a burst from what they did so far, and letting them go
 * keeps a scan from thousands of addresses from hiding a later burst. Their earlier failures
 * no longer count in "failed logins in all". */
static void bursts_sweep(struct bursts *b, int64_t t)
{
	struct source_state *old = b->s;
	bool *old_used = b->used;
	int64_t *old_rings = b->rings;
	size_t old_n = b->n;
	b->s = xcalloc(slots(), sizeof *b->s);
	b->used = xcalloc(slots(), sizeof *b->used);
	b->rings = xcalloc(TABLE_CAP * b->threshold, sizeof *b->rings);
	b->n = 0;
	for (size_t i = 0; i < slots(); i++) {
		if (!old_used[i])
			continue;
		const struct source_state *o = &old[i];
		int64_t newest = o->n ? o->ring[(o->head + o->n - 1) % b->threshold] : 0;
		if (!o->bursts && t - newest > b->window)
			continue;
		bool found;
		struct source_state *x = bursts_slot(b, o->source, &found);
		*x = *o;
		x->ring = b->rings + b->n * b->threshold;
		memcpy(x->ring, o->ring, b->threshold * sizeof *x->ring);
		b->used[x - b->s] = true;
		b->n++;
	}
	b->forgotten += old_n - b->n;
	if (old_n - b->n < TABLE_CAP / 4) {
		if (b->sweep_every < ((uint64_t)1 << 40))
			b->sweep_every *= 2;
	} else {
		b->sweep_every = TABLE_CAP / 4;
	}
	b->since_sweep = 0;
	free(old);
	free(old_used);
	free(old_rings);
}

struct source_state *bursts_find(struct bursts *b, const char *source, bool create,
					int64_t t)
{
	bool found;
	struct source_state *s = bursts_slot(b, source, &found);
	if (found)
		return s;
	if (!create)
		return NULL;
	if (b->n >= TABLE_CAP && b->since_sweep >= b->sweep_every) {
		bursts_sweep(b, t);
		s = bursts_slot(b, source, &found);
	}
	if (b->n >= TABLE_CAP) {
		b->dropped++;
		b->since_sweep++;
		return NULL;
	}
	b->used[s - b->s] = true;
	snprintf(s->source, sizeof s->source, "%s", source);
	s->ring = b->rings + b->n * b->threshold;
	b->n++;
	return s;
}

void bursts_failure(struct bursts *b, const char *source, const char *account, int64_t t)
{
	struct source_state *s = bursts_find(b, source, true, t);
	if (!s)
		return;
	s->failures++;
	bool known = false;
	for (size_t i = 0; i < s->n_accounts; i++)
		known |= strcmp(s->accounts[i], account) == 0;
	if (!known && account[0]) {
		if (s->n_accounts < NAMES_SHOWN)
			snprintf(s->accounts[s->n_accounts++], AUTH_NAME_MAX, "%s", account);
		else
			s->more_accounts = true;
	}
	if (s->n < b->threshold) {
		s->ring[(s->head + s->n) % b->threshold] = t;
		s->n++;
	} else {
		s->ring[s->head] = t;
		s->head = (s->head + 1) % b->threshold;
	}
	if (s->n == b->threshold) {
		int64_t oldest = s->ring[s->head];
		if (t - oldest <= b->window) {
			if (!s->in_burst) { /* one burst until the rate falls below the threshold */
				s->bursts++;
				if (s->bursts == 1)
					s->first_burst = oldest;
				s->last_burst = oldest;
			}
			s->in_burst = true;
			s->burst_end = t;
		} else {
			s->in_burst = false;
		}
	}
}
