/* password.defaults: no login-capable account still has a factory-default or guessable password
 * (item 2-7; the guideline's "change factory-default passwords"). Each account's stored hash is
 * recomputed with crypt_rn for a short site-editable list of well-known defaults and for variants
 * of the account and host name, spread over POSIX threads within a time budget. A result names the
 * account and the kind of match only: never a password, a candidate or a hash. */
#include "config.h"
#include "../core/accounts.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/embedded_data.h"
#include "../core/defaults_memo.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/xalloc.h"
#include "../parsers/crypt_hash.h"
#include <crypt.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_LIST_BYTES (1u << 20)
#define MAX_LIST_ENTRIES 4096
#define MAX_CANDIDATE_LEN 255
#define MAX_THREADS 64
/* Memory-hard hashes allocate 2^(cost+19) bytes per try (16 MiB at yescrypt's default cost 5);
 * all threads together stay under this, so cost 11 (1 GiB) runs on one thread. */
#define MEMORY_BUDGET (1ull << 30)

enum origin { FROM_LIST, FROM_NAME };

/* The account name's variants and the host name: a few per account, owned by the target
 * unless shared (the host name). */
#define MAX_OWN 8

struct candidate_list {
	char **entries;
	size_t n;
	size_t too_long;
	/* entries in strcmp order, for looking a name variant up in O(log n) */
	const char **sorted;
	unsigned *sorted_index;
};

/* SKIP_MEMO: fully tested in an earlier report and unchanged since (core/defaults_memo.c) */
enum skip_reason { SKIP_NONE, SKIP_SLOW, SKIP_MEMORY, SKIP_UNKNOWN_COST, SKIP_MEMO };

/* A target's candidates are its own variants first, then the shared list minus the entries
 * equal to one of its variants (at most MAX_OWN such, kept sorted): nothing of the list is
 * copied per account, so memory stays a few dozen bytes per account whatever the list. */
struct target {
	const struct account *account;
	const char *hash; /* the account's stored hash, owned by the account db */
	struct crypt_hash_info info;
	char *own[MAX_OWN];
	bool own_owned[MAX_OWN];
	unsigned n_own;
	unsigned skip[MAX_OWN]; /* list indexes already among the variants, ascending */
	unsigned n_skip;
	size_t n_cands;
	enum skip_reason skip_reason;
	long long estimate_ns; /* one try, from the hash's parameters (cost_estimate_ns) */
	unsigned char memo_digest[SHA256_DIGEST_SIZE];
	const char *memo_date; /* SKIP_MEMO: the report it was tested in */
	atomic_bool matched, unusable;
	atomic_int match_origin;
	atomic_size_t tried;
	atomic_llong last_ns; /* duration of the latest try: no try starts that would end late */
};

/* The schedule, computed rather than stored (a stored one was 8 bytes per try: 75 MB at 100 k
 * accounts): try k < rounds * m is candidate k / m of the (k % m)-th cheapest target; the rest
 * are each target's remaining candidates in turn, found through tail_end (a prefix sum). */
struct work {
	struct target *targets;
	size_t n_targets;
	const struct candidate_list *list;
	unsigned *by_cost;         /* indexes of the targets that are tried, cheapest first */
	size_t m;
	size_t rounds;             /* FIRST_ROUNDS, or fewer when no target has that many */
	size_t *tail_end;          /* tail_end[i]: tries of the tails of by_cost[0..i] */
	size_t total;
	atomic_size_t next;
	atomic_size_t hashes;
	atomic_bool out_of_time;
	struct timespec deadline;  /* CLOCK_MONOTONIC */
	pthread_mutex_t lock;
	pthread_cond_t done;
	size_t running;
};

static long long mono_ns(void)
{
	/* A run-time budget, not a date: CLOCK_MONOTONIC rather than ctx->now (the audit's pinned
	 * "as of" day, which tests move freely). */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Compare two crypt outputs without an early exit, so the time taken does not depend on where
 * they differ. */
static bool fixed_time_streq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = la != lb;
	for (size_t i = 0; i < la; i++)
		diff |= (unsigned char)a[i] ^ (unsigned char)b[i < lb ? i : 0];
	return diff == 0;
}

/* The text and origin of candidate c of t. */
static const char *candidate_text(const struct target *t, const struct candidate_list *list,
				  size_t c, enum origin *origin)
{
	if (c < t->n_own) {
		*origin = FROM_NAME;
		return t->own[c];
	}
	size_t idx = c - t->n_own;
	for (unsigned i = 0; i < t->n_skip && t->skip[i] <= idx; i++)
		idx++;
	*origin = FROM_LIST;
	return list->entries[idx];
}

/* Try k of the schedule: its target and candidate; false when that target has no such
 * candidate (a short target in the first rounds). */
static bool schedule_at(const struct work *w, size_t k, size_t *target, size_t *cand)
{
	size_t head = w->rounds * w->m;
	if (k < head) {
		*target = w->by_cost[k % w->m];
		*cand = k / w->m;
		return *cand < w->targets[*target].n_cands;
	}
	k -= head;
	size_t lo = 0, hi = w->m; /* the first i with tail_end[i] > k */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w->tail_end[mid] > k)
			hi = mid;
		else
			lo = mid + 1;
	}
	size_t before = lo ? w->tail_end[lo - 1] : 0;
	*target = w->by_cost[lo];
	*cand = w->rounds + (k - before);
	return true;
}

static void *worker(void *arg)
{
	struct work *w = arg;
	struct crypt_data *cd = xcalloc(1, sizeof *cd);
	long long deadline = (long long)w->deadline.tv_sec * 1000000000LL + w->deadline.tv_nsec;
	while (!atomic_load(&w->out_of_time)) {
		size_t k = atomic_fetch_add(&w->next, 1);
		if (k >= w->total)
			break;
		size_t ti, round;
		if (!schedule_at(w, k, &ti, &round))
			continue;
		struct target *t = &w->targets[ti];
		if (atomic_load(&t->matched) || atomic_load(&t->unusable))
			continue;
		long long start = mono_ns();
		if (start >= deadline) {
			atomic_store(&w->out_of_time, true);
			break;
		}
		/* No try starts that would end after the deadline: its length is the latest try's, or
		 * before the first one the estimate from the hash's parameters, whichever is longer. */
		long long need = atomic_load(&t->last_ns);
		if (need < t->estimate_ns)
			need = t->estimate_ns;
		if (start + need > deadline)
			continue; /* this account's next try would overrun: leave it "not fully tested" */
		enum origin origin;
		const char *text = candidate_text(t, w->list, round, &origin);
		const char *out = crypt_rn(text, t->hash, cd, (int)sizeof *cd);
		atomic_store(&t->last_ns, mono_ns() - start);
		atomic_fetch_add(&w->hashes, 1);
		if (!out || out[0] == '*') {
			atomic_store(&t->unusable, true); /* a method this libcrypt cannot compute */
			continue;
		}
		atomic_fetch_add(&t->tried, 1);
		if (fixed_time_streq(out, t->hash)) {
			atomic_store(&t->match_origin, (int)origin);
			atomic_store(&t->matched, true);
		}
	}
	explicit_bzero(cd, sizeof *cd);
	free(cd);
	pthread_mutex_lock(&w->lock);
	w->running--;
	pthread_cond_signal(&w->done);
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* The one place this check writes to a terminal: a progress line on stderr while it hashes, only
 * when stderr is a TTY (never into a report, a pipe or a test's captured output). */
static void progress_show(const struct work *w, bool tty, bool final)
{
	if (!tty)
		return;
	size_t done = atomic_load(&w->hashes);
	if (final)
		fprintf(stderr, "\r\033[K");
	else {
		fputc('\r', stderr);
		fprintf(stderr, _("kensa: password.defaults: %zu of at most %zu tries..."), done,
			w->total);
	}
	fflush(stderr);
}

/* --- candidates --------------------------------------------------------------------------- */

static void candidate_list_free(struct candidate_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		explicit_bzero(l->entries[i], strlen(l->entries[i]));
		free(l->entries[i]);
	}
	free(l->entries);
	free(l->sorted);
	free(l->sorted_index);
	memset(l, 0, sizeof *l);
}

struct sorted_entry {
	const char *text;
	unsigned index;
};

static int by_text_then_index(const void *a, const void *b)
{
	const struct sorted_entry *x = a, *y = b;
	int c = strcmp(x->text, y->text);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Drop repeated entries (the first one stays, as the per-account deduplication did) and index
 * the rest in strcmp order. */
static void list_index(struct candidate_list *l)
{
	struct sorted_entry *e = xcalloc(l->n ? l->n : 1, sizeof *e);
	for (size_t i = 0; i < l->n; i++)
		e[i] = (struct sorted_entry){ l->entries[i], (unsigned)i };
	qsort(e, l->n, sizeof *e, by_text_then_index);
	bool *drop = xcalloc(l->n ? l->n : 1, sizeof *drop);
	for (size_t i = 1; i < l->n; i++)
		if (strcmp(e[i].text, e[i - 1].text) == 0)
			drop[e[i].index] = true;
	size_t kept = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (drop[i]) {
			explicit_bzero(l->entries[i], strlen(l->entries[i]));
			free(l->entries[i]);
		} else {
			l->entries[kept++] = l->entries[i];
		}
	}
	l->n = kept;
	for (size_t i = 0; i < l->n; i++)
		e[i] = (struct sorted_entry){ l->entries[i], (unsigned)i };
	qsort(e, l->n, sizeof *e, by_text_then_index);
	l->sorted = xcalloc(l->n ? l->n : 1, sizeof *l->sorted);
	l->sorted_index = xcalloc(l->n ? l->n : 1, sizeof *l->sorted_index);
	for (size_t i = 0; i < l->n; i++) {
		l->sorted[i] = e[i].text;
		l->sorted_index[i] = e[i].index;
	}
	free(e);
	free(drop);
}

/* The list index of TEXT, or -1. */
static long list_find(const struct candidate_list *l, const char *text)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->sorted[mid], text);
		if (c == 0)
			return (long)l->sorted_index[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Where [password] defaults_list points: a bare name is a data file next to the shipped profiles
 * (profiles/NAME in /etc/kensa, the installed or the source data directory); anything with a '/'
 * is a path, relative to the profile that names it. */
static char *list_path(const struct audit_context *ctx)
{
	return profile_data_path(ctx->profile,
				 profile_string(ctx->profile, "password", "defaults_list"));
}

/* One candidate per line, taken verbatim (a password may hold spaces or '#'); lines that start
 * with '#' and empty lines are skipped; a CRLF line end is tolerated. */
static int load_list(const char *path, struct candidate_list *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	char *buf;
	size_t len;
	int rc = data_file_read(path, MAX_LIST_BYTES, &buf, &len); /* on disk, or built in */
	if (rc == -EFBIG || rc == -EINVAL || rc == -EISDIR) {
		msg_snprintf(err, errlen, _("not a regular file of at most %u bytes"), MAX_LIST_BYTES);
		return -1;
	}
	if (rc != 0) {
		msg_snprintf(err, errlen, "%s", kensa_strerror(-rc));
		return -1;
	}
	size_t cap = 0;
	for (char *line = buf, *next; line < buf + len; line = next) {
		char *nl = memchr(line, '\n', (size_t)(buf + len - line));
		next = nl ? nl + 1 : buf + len;
		size_t n = (size_t)((nl ? nl : buf + len) - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0 || line[0] == '#' || memchr(line, '\0', n))
			continue;
		if (n > MAX_CANDIDATE_LEN) {
			out->too_long++;
			continue;
		}
		if (out->n >= MAX_LIST_ENTRIES)
			break;
		XGROW(out->entries, out->n, cap, out->n + 1);
		out->entries[out->n++] = xstrndup(line, n);
	}
	explicit_bzero(buf, len);
	free(buf);
	list_index(out);
	return 0;
}

static void add_own(struct target *t, const char *text, bool copy)
{
	for (unsigned i = 0; i < t->n_own; i++)
		if (strcmp(t->own[i], text) == 0)
			return;
	if (t->n_own == MAX_OWN)
		return;
	t->own[t->n_own] = copy ? xstrdup(text) : (char *)text;
	t->own_owned[t->n_own] = copy;
	t->n_own++;
}

/* The account name and its obvious variants first, then the host name, then the list: tried in
 * rounds across all accounts, so a short budget still covers every account's likeliest guesses. */
static void build_candidates(struct target *t, const char *host, const struct candidate_list *list)
{
	const char *name = t->account->name;
	size_t n = strlen(name);
	char v[MAX_CANDIDATE_LEN + 8];
	if (n > 0 && n <= MAX_CANDIDATE_LEN) {
		add_own(t, name, true);
		msg_snprintf(v, sizeof v, "%s", name);
		v[0] = (char)toupper((unsigned char)v[0]);
		add_own(t, v, true);
		for (size_t i = 0; i < n; i++)
			v[i] = (char)toupper((unsigned char)name[i]);
		add_own(t, v, true);
		for (size_t i = 0; i < n; i++)
			v[i] = name[n - 1 - i];
		add_own(t, v, true);
		msg_snprintf(v, sizeof v, "%s123", name);
		add_own(t, v, true);
		msg_snprintf(v, sizeof v, "%s1", name);
		add_own(t, v, true);
		explicit_bzero(v, sizeof v);
	}
	if (host && *host)
		add_own(t, host, false); /* shared: the host name outlives every target */
	for (unsigned i = 0; i < t->n_own; i++) {
		long at = list_find(list, t->own[i]);
		if (at < 0)
			continue;
		unsigned j = t->n_skip++;
		for (; j > 0 && t->skip[j - 1] > (unsigned)at; j--)
			t->skip[j] = t->skip[j - 1];
		t->skip[j] = (unsigned)at;
	}
	t->n_cands = t->n_own + list->n - t->n_skip;
}

static void target_free(struct target *t)
{
	for (unsigned i = 0; i < t->n_own; i++)
		if (t->own_owned[i]) {
			explicit_bzero(t->own[i], strlen(t->own[i]));
			free(t->own[i]);
		}
}

/* The short host name (before the first dot), or NULL. */
static char *host_name(struct audit_context *ctx)
{
	char name[256] = "";
	if (ctx->live && gethostname(name, sizeof name) == 0) {
		name[sizeof name - 1] = '\0';
	} else {
		struct file_buf buf;
		if (rootfs_read_file(ctx->root, "/etc/hostname", 4096, &buf) == 0) {
			snprintf(name, sizeof name, "%.*s", (int)strcspn(buf.data, "\r\n"), buf.data);
			file_buf_free(&buf);
		}
	}
	char *s = name;
	while (isspace((unsigned char)*s))
		s++;
	s[strcspn(s, ". \t")] = '\0';
	if (!*s || strcmp(s, "localhost") == 0)
		return NULL;
	return xstrdup(s);
}

/* --- cost guards -------------------------------------------------------------------------- */

/* Nanoseconds per unit of crypt_hash_info.work, per method, measured with libxcrypt 4.4 on a
 * 2-core VM (x86-64, 2026): sha512crypt 5000 rounds 1.3 ms, bcrypt cost 5 1.7 ms, yescrypt cost 5
 * 22 ms and cost 8 450 ms (slower per block once out of cache: the larger figure is kept),
 * sha1crypt 10000 iterations 17 ms, sunmd5 4096 rounds 10 ms, bsdicrypt 725 iterations 0.2 ms.
 * The run's own speed scales them (calibration_factor). */
static const struct {
	const char *method;
	double ns_per_unit;
} unit_cost[] = {
	{ "sha512crypt", 260 },  { "sha256crypt", 230 },  { "bcrypt", 54000 },
	{ "bcrypt-y", 54000 },   { "bcrypt-a", 54000 },   { "bcrypt-x", 54000 },
	{ "yescrypt", 350 },     { "gost-yescrypt", 700 }, { "sm3-yescrypt", 700 },
	{ "scrypt", 450 },       { "sha1crypt", 1700 },   { "sunmd5", 2500 },
	{ "md5crypt", 240000 },  { "nt", 2000 },          { "bsdicrypt", 300 },
	{ "descrypt", 10000 },   { "bigcrypt", 10000 },
};

/* Nanoseconds for one try of this hash on this machine, or -1 when its cost cannot be known
 * (an unrecognised method, argon2, malformed parameters): such a try is never started, since
 * nothing bounds how long it would run. */
static long long cost_estimate_ns(const struct crypt_hash_info *info, double calibration)
{
	if (!info->method || info->work < 0)
		return -1;
	for (size_t i = 0; i < sizeof unit_cost / sizeof unit_cost[0]; i++)
		if (strcmp(unit_cost[i].method, info->method) == 0) {
			double ns = info->work * unit_cost[i].ns_per_unit * calibration;
			return ns > 9e18 ? (long long)9e18 : (long long)ns;
		}
	return -1;
}

static long long thread_cpu_ns(void)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return mono_ns();
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* How much slower than the table's machine this one is, from the best of three sha512crypt
 * tries at 5000 rounds (1.3 ms there) in this thread's CPU time, so a momentarily busy machine
 * does not look slow (the workers measure each try in wall time anyway); never below 0.5, so a
 * fast or noisy measurement does not let a slow hash start. */
static double calibration_factor(void)
{
	struct crypt_data *cd = xcalloc(1, sizeof *cd);
	long long best = -1;
	for (int i = 0; i < 3; i++) {
		long long t0 = thread_cpu_ns();
		const char *out = crypt_rn("kensa-calibration", "$6$rounds=5000$kensacalibrate$", cd,
					   (int)sizeof *cd);
		long long ns = thread_cpu_ns() - t0;
		if (out && out[0] != '*' && (best < 0 || ns < best))
			best = ns;
	}
	free(cd);
	if (best <= 0)
		return 1.0;
	double f = (double)best / 1.3e6;
	return f < 0.5 ? 0.5 : f;
}

static unsigned long long memory_per_try(const struct crypt_hash_info *info)
{
	if (info->cost_kind != CRYPT_COST_MEMORY || info->cost < 0)
		return 0;
	return info->cost > 40 ? ~0ull : 1ull << (info->cost + 19);
}

static unsigned thread_count(const struct audit_context *ctx, unsigned long long max_memory,
			     size_t total)
{
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	long long want = profile_int(ctx->profile, "password", "defaults_threads");
	unsigned n = online > 0 ? (unsigned)online : 1;
	if (want > 0 && (unsigned long long)want < n)
		n = (unsigned)want;
	if (n > MAX_THREADS)
		n = MAX_THREADS;
	if (max_memory > 0 && MEMORY_BUDGET / max_memory < n)
		n = (unsigned)(MEMORY_BUDGET / max_memory);
	if (n < 1)
		n = 1;
	if (total < n)
		n = total ? (unsigned)total : 1;
	return n;
}

/* --- scheduling -------------------------------------------------------------------------- */

/* Every account gets its first FIRST_ROUNDS guesses (the name variants and the head of the list)
 * before any account gets more, so a short budget still covers the likeliest guesses everywhere;
 * then the remaining guesses go to the cheapest hashes first, so that as many accounts as possible
 * are tested completely before the budget runs out. */
#define FIRST_ROUNDS 24

struct by_cost_key {
	long long estimate_ns;
	unsigned target;
};

/* Cheapest first; equal estimates keep the accounts' order (a stable sort, by index). */
static int by_estimate(const void *a, const void *b)
{
	const struct by_cost_key *ka = a, *kb = b;
	if (ka->estimate_ns != kb->estimate_ns)
		return ka->estimate_ns < kb->estimate_ns ? -1 : 1;
	return ka->target < kb->target ? -1 : ka->target > kb->target;
}

/* Fill w's schedule (see struct work) for the targets not skipped. */
static void schedule(struct work *w)
{
	struct by_cost_key *keys = xcalloc(w->n_targets ? w->n_targets : 1, sizeof *keys);
	size_t m = 0, max_cands = 0;
	for (size_t i = 0; i < w->n_targets; i++) {
		if (w->targets[i].skip_reason)
			continue;
		keys[m++] = (struct by_cost_key){ w->targets[i].estimate_ns, (unsigned)i };
		if (w->targets[i].n_cands > max_cands)
			max_cands = w->targets[i].n_cands;
	}
	qsort(keys, m, sizeof *keys, by_estimate);
	w->by_cost = xcalloc(m ? m : 1, sizeof *w->by_cost);
	for (size_t i = 0; i < m; i++)
		w->by_cost[i] = keys[i].target;
	free(keys);
	w->m = m;
	w->rounds = max_cands < FIRST_ROUNDS ? max_cands : FIRST_ROUNDS;
	w->tail_end = xcalloc(m ? m : 1, sizeof *w->tail_end);
	size_t tails = 0;
	for (size_t i = 0; i < m; i++) {
		size_t n = w->targets[w->by_cost[i]].n_cands;
		tails += n > w->rounds ? n - w->rounds : 0;
		w->tail_end[i] = tails;
	}
	w->total = w->rounds * m + tails;
}

/* Hash every try of the schedule on up to n_threads threads (or on this one when none can be
 * started), showing progress meanwhile; returns the number of threads that did the work. */
static unsigned run_workers(struct work *w, unsigned n_threads)
{
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->done, &ca);
	pthread_condattr_destroy(&ca);
	pthread_t *tids = xcalloc(n_threads, sizeof *tids);
	unsigned started = 0;
	pthread_mutex_lock(&w->lock);
	for (unsigned i = 0; i < n_threads; i++) {
		w->running++;
		if (pthread_create(&tids[started], NULL, worker, w) != 0) {
			w->running--;
			break;
		}
		started++;
	}
	pthread_mutex_unlock(&w->lock);
	bool tty = isatty(STDERR_FILENO);
	if (started == 0) {
		w->running = 1;
		worker(w);
	}
	pthread_mutex_lock(&w->lock);
	while (w->running > 0) {
		struct timespec tick;
		clock_gettime(CLOCK_MONOTONIC, &tick);
		tick.tv_nsec += 250000000L;
		if (tick.tv_nsec >= 1000000000L) {
			tick.tv_sec++;
			tick.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->done, &w->lock, &tick);
		progress_show(w, tty, false);
	}
	pthread_mutex_unlock(&w->lock);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	progress_show(w, tty, true);
	free(tids);
	pthread_cond_destroy(&w->done);
	pthread_mutex_destroy(&w->lock);
	return started ? started : 1;
}

/* --- the check ---------------------------------------------------------------------------- */

static void report_target(const struct target *t, long long budget, struct check_result *r,
			  size_t *matched, size_t *complete)
{
	const struct account *a = t->account;
	const char *src = a->has_shadow ? "/etc/shadow" : "/etc/passwd";
	unsigned line = a->has_shadow ? a->shadow_line : a->passwd_line;
	const char *method = t->info.method ? t->info.method : _("unrecognised method");
	size_t tried = atomic_load(&t->tried);
	struct finding *f;
	if (atomic_load(&t->matched)) {
		(*matched)++;
		(*complete)++;
		f = atomic_load(&t->match_origin) == FROM_NAME
			? result_finding(r, FINDING_FAIL, a->name,
					 _("password matches a variant of the account name or the host name"))
			: result_finding(r, FINDING_FAIL, a->name,
					 _("password matches a well-known default password"));
		finding_evidence(f, src, _("line %u: %s hash, recomputed for a guess"), line, method);
		return;
	}
	if (t->skip_reason == SKIP_MEMO) { /* nothing changed since it was tested in full */
		(*complete)++;
		f = result_finding(r, FINDING_INFO, a->name,
				   _("tested in the report of %s, unchanged since: no match"),
				   t->memo_date);
		finding_evidence(f, src, _("line %u: %s hash"), line, method);
		return;
	}
	if (t->skip_reason == SKIP_UNKNOWN_COST) {
		f = result_finding(r, FINDING_WARN, a->name,
				   _("not tested: the time one try of its %s hash takes cannot be estimated "
				     "(unknown method or parameters), so no try was started"),
				   method);
	} else if (t->skip_reason == SKIP_SLOW) {
		f = result_finding(r, FINDING_WARN, a->name,
				   _("not tested: one try of its %s hash would outlast the %lld-second budget"),
				   method, budget);
	} else if (t->skip_reason == SKIP_MEMORY) {
		f = result_finding(r, FINDING_WARN, a->name,
				   _("not tested: one try of its %s hash needs more than 1 GiB of memory"),
				   method);
	} else if (atomic_load(&t->unusable)) {
		f = result_finding(r, FINDING_WARN, a->name,
				   _("not tested: this system's libcrypt cannot compute its %s hash"), method);
	} else if (tried < t->n_cands) {
		f = result_finding(r, FINDING_WARN, a->name,
				   _("not fully tested within the %lld-second budget: %zu of %zu candidates tried"),
				   budget, tried, t->n_cands);
	} else {
		(*complete)++;
		return;
	}
	finding_evidence(f, src, _("line %u: %s hash"), line, method);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	const struct account_db *db = accounts_get(ctx, r);
	if (!db)
		return;
	long long budget = profile_int(ctx->profile, "password", "defaults_budget_seconds");
	char *path = list_path(ctx);
	if (!path) {
		result_error(r, _("the default-password list '%s' was not found in the data directories"),
			     profile_string(ctx->profile, "password", "defaults_list"));
		return;
	}
	struct candidate_list list;
	char err[256];
	if (load_list(path, &list, err, sizeof err) != 0) {
		result_error(r, _("cannot read the default-password list %s: %s"), path, err);
		free(path);
		return;
	}
	result_evidence(r, path, _("%zu well-known default passwords"), list.n);
	if (list.too_long)
		result_evidence(r, path, _("%zu lines longer than %d bytes ignored"), list.too_long,
				MAX_CANDIDATE_LEN);
	char *host = host_name(ctx);
	double calibration = calibration_factor();
	unsigned char list_digest[SHA256_DIGEST_SIZE];
	struct defaults_memo *memo = ctx->defaults_memo;
	if (memo) {
		defaults_memo_list_digest((const char *const *)list.entries, list.n, list_digest);
		if (defaults_memo_note(memo))
			result_evidence(r, NULL, "%s", _(defaults_memo_note(memo)));
	}
	size_t remembered = 0;

	struct target *targets = xcalloc(db->n ? db->n : 1, sizeof *targets);
	size_t n_targets = 0, max_cands = 0, cannot_login = 0;
	unsigned long long max_memory = 0;
	for (size_t i = 0; i < db->n; i++) {
		const struct account *a = &db->accounts[i];
		enum password_state st = account_password_state(a);
		bool shell = !account_shell_is_nologin(ctx, a);
		bool can_login = shell && !account_expired(a, ctx->today) &&
				 !account_password_inactive(a, ctx->today);
		if (st == PASSWORD_LOCKED && shell) {
			struct finding *f = result_finding(r, FINDING_INFO, a->name,
							   _("not tested: the password is locked"));
			finding_evidence(f, a->has_shadow ? "/etc/shadow" : "/etc/passwd", _("line %u"),
					 a->has_shadow ? a->shadow_line : a->passwd_line);
			continue;
		}
		if (st != PASSWORD_USABLE)
			continue;
		if (!can_login) {
			cannot_login++;
			continue;
		}
		struct target *t = &targets[n_targets++];
		t->account = a;
		t->hash = a->password;
		atomic_init(&t->matched, false);
		atomic_init(&t->unusable, false);
		atomic_init(&t->match_origin, FROM_LIST);
		atomic_init(&t->tried, 0);
		atomic_init(&t->last_ns, 0);
		if (crypt_hash_identify(t->hash, &t->info) != 0)
			t->info.method = NULL;
		unsigned long long mem = memory_per_try(&t->info);
		t->estimate_ns = cost_estimate_ns(&t->info, calibration);
		if (t->estimate_ns < 0)
			t->skip_reason = SKIP_UNKNOWN_COST;
		else if (mem > MEMORY_BUDGET)
			t->skip_reason = SKIP_MEMORY;
		else if (t->estimate_ns > budget * 1000000000LL)
			t->skip_reason = SKIP_SLOW;
		if (!t->skip_reason && mem > max_memory)
			max_memory = mem;
		if (memo && !t->skip_reason) {
			defaults_memo_digest(memo, t->hash, a->name, host, list_digest, t->memo_digest);
			t->memo_date = defaults_memo_find(memo, t->memo_digest);
			if (t->memo_date) {
				t->skip_reason = SKIP_MEMO;
				remembered++;
			}
		}
		build_candidates(t, host, &list);
		if (!t->skip_reason && t->n_cands > max_cands)
			max_cands = t->n_cands;
	}
	if (cannot_login)
		result_evidence(r, NULL, _("%zu accounts with a password hash not tested: they cannot log in "
					   "(nologin shell, expired or inactive)"), cannot_login);

	struct work w = { .targets = targets, .n_targets = n_targets, .list = &list };
	schedule(&w);
	atomic_init(&w.next, 0);
	atomic_init(&w.hashes, 0);
	atomic_init(&w.out_of_time, false);
	unsigned n_threads = thread_count(ctx, max_memory, w.total);
	long long t0 = mono_ns();
	long long end = t0 + budget * 1000000000LL;
	w.deadline.tv_sec = (time_t)(end / 1000000000LL);
	w.deadline.tv_nsec = (long)(end % 1000000000LL);
	if (w.total > 0)
		n_threads = run_workers(&w, n_threads);
	free(w.by_cost);
	free(w.tail_end);
	double secs = (double)(mono_ns() - t0) / 1e9;
	size_t hashes = atomic_load(&w.hashes);
	result_evidence(r, NULL, _("%zu accounts tested with up to %zu candidates each; %zu hashes in "
				   "%.1f s on %u threads"),
			n_targets, max_cands, hashes, secs, n_threads);

	if (remembered)
		result_evidence(r, NULL, _("%zu accounts not hashed again: tested in full in an earlier report and unchanged since (memo in the report directory)"),
				remembered);
	size_t matched = 0, complete = 0;
	for (size_t i = 0; i < n_targets; i++) {
		struct target *t = &targets[i];
		if (memo && !t->skip_reason && !atomic_load(&t->matched) && !atomic_load(&t->unusable) &&
		    atomic_load(&t->tried) == t->n_cands)
			defaults_memo_add(memo, t->memo_digest); /* tested in full: next time, not again */
		report_target(&targets[i], budget, r, &matched, &complete);
		target_free(&targets[i]);
	}
	if (n_targets == 0)
		result_reason(r, _("no account that can log in has a password to test"));
	else
		result_reason(r, _("%zu of %zu accounts that can log in with a password fully tested; %zu "
				   "match a default or guessable password"),
			      complete, n_targets, matched);
	free(targets);
	if (host) {
		explicit_bzero(host, strlen(host));
		free(host);
	}
	candidate_list_free(&list);
	free(path);
}

const struct check check_password_defaults = {
	.id = "password.defaults",
	.title = N_("No account keeps a factory-default or guessable password"),
	.remediation = N_("Set a new, unique password for each flagged account (passwd NAME), or lock "
			  "it (passwd -l NAME) if it is not needed; ask the vendor to change the "
			  "passwords of accounts they installed. Add your devices' factory passwords to "
			  "a copy of default-passwords.txt ([password] defaults_list). Skip this check "
			  "with --skip password.defaults."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
