/* logs.review (9の心得 rule 5, 「ログの確認」): the authentication logs of the review period — since
 * the host's previous report in --report-dir, or the last [logs] review_days days — read for the
 * signs a person must look at: bursts of failed logins, a success after such a burst, root
 * logins, logins by accounts that are not the expected administrators, sudo/su use, accounts and
 * groups created or changed (by the shadow tools' log lines, and by comparing the account files
 * with the previous audit's snapshot: review_accounts.c), sshd logins from sources not seen
 * before. Findings carry counts and first/last times, never log lines. Every table is bounded; the logs are streamed. */
#include "../core/accounts.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/logstream.h"
#include "../core/profile.h"
#include "../core/review_prior.h"
#include "../core/rootfs.h"
#include "../core/statefile.h"
#include "../core/sqlite_safe.h"
#include "../core/timefmt.h"
#include "../core/xalloc.h"
#include "../parsers/auth_log.h"
#include "../parsers/journal_entries.h"
#include "../parsers/journal_header.h"
#include "../parsers/journal_payload.h"
#include "../parsers/login_records.h"
#include "review_accounts.h"
#include "review_tables.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHOW_MAX 20         /* findings listed per kind before "and N more" */
#define MAX_LOG_FILES 1000  /* rotated copies read at most */
#define PENDING_MAX 64      /* sshd connections for unknown accounts awaiting their first attempt */
#define PENDING_SECONDS 600 /* well past sshd's LoginGraceTime (120 s by default) */

/* ---- the review --------------------------------------------------------------------------------- */

struct review {
	struct audit_context *ctx;
	struct check_result *r;
	int zone;
	int64_t since, until;
	struct auth_log_clock clock;
	const struct profile_list *admins;
	bool admins_set;
	struct tally failures;  /* (account, source) */
	struct tally logins;    /* (account, source), kind = event kind */
	struct tally after_burst; /* (account, source) */
	struct tally sudo;      /* (user, target), kind = SUDO / SUDO_DENIED; extra = commands */
	struct tally su;        /* (actor, target) */
	struct tally changes;   /* (name, group), kind = action */
	struct tally sources;   /* (source, "") of sshd logins */
	struct bursts bursts;
	uint64_t events, lines_in_period, unparsed;
	size_t files_read;
	bool auth_log_found;
	bool journal_read; /* the journal's entries were reviewed (no syslog auth log) */
	int64_t logs_first; /* the earliest event of the auth logs and journal read; 0: none */
	uint64_t logins_seen; /* login events taken into the tallies (from any source) */
	/* sshd connections for an unknown account whose "Invalid user" line counted their first
	 * attempt: its first "Failed ... for invalid user" is that same attempt */
	struct pending_invalid {
		long pid;
		int64_t time;
		char user[AUTH_NAME_MAX], source[AUTH_NAME_MAX];
	} pending[PENDING_MAX];
	size_t pending_next;
};

static bool is_admin(const struct review *rv, const char *user)
{
	return rv->admins_set && profile_list_contains(rv->admins, user);
}

/* A real sshd logs "Invalid user NAME from HOST port N" once when a connection names an unknown
 * account, then "Failed password for invalid user NAME from HOST ..." for each password tried
 * (or nothing more, when the client gives up). The "Invalid user" line counts the connection's
 * first attempt; its first "Failed ... for invalid user" is that attempt, every later one a new
 * attempt. Paired by sshd's PID (the syslog tag's, the journal's SYSLOG_PID or _PID), and by
 * account and source alone where there is none. A full table forgets its oldest connection
 * (at worst one attempt counted twice). */
static void pending_add(struct review *rv, const struct auth_event *ev)
{
	struct pending_invalid *x = &rv->pending[rv->pending_next];
	rv->pending_next = (rv->pending_next + 1) % PENDING_MAX;
	x->pid = ev->pid;
	x->time = ev->time;
	msg_snprintf(x->user, sizeof x->user, "%s", ev->user);
	msg_snprintf(x->source, sizeof x->source, "%s", ev->source);
}

static bool pending_take(struct review *rv, const struct auth_event *ev)
{
	for (size_t i = 0; i < PENDING_MAX; i++) {
		struct pending_invalid *x = &rv->pending[i];
		if (x->time && x->pid == ev->pid && ev->time >= x->time &&
		    ev->time - x->time <= PENDING_SECONDS && strcmp(x->user, ev->user) == 0 &&
		    strcmp(x->source, ev->source) == 0) {
			x->time = 0;
			return true;
		}
	}
	return false;
}

static void on_event(struct review *rv, const struct auth_event *ev)
{
	if (ev->kind == AUTH_EV_NONE)
		return;
	if (ev->time < rv->since || ev->time > rv->until)
		return;
	rv->events++;
	switch (ev->kind) {
	case AUTH_EV_FAILED:
	case AUTH_EV_INVALID_USER:
		if (ev->kind == AUTH_EV_INVALID_USER)
			pending_add(rv, ev);
		else if (ev->invalid_user && pending_take(rv, ev))
			break; /* the attempt its "Invalid user" line counted */
		tally_get(&rv->failures, ev->user, ev->source, 0, ev->time);
		if (ev->source[0])
			bursts_failure(&rv->bursts, ev->source, ev->user, ev->time);
		break;
	case AUTH_EV_ACCEPTED:
	case AUTH_EV_LOGIN: {
		rv->logins_seen++;
		struct tally_entry *x = tally_get(&rv->logins, ev->user, ev->source, 0, ev->time);
		if (x)
			entry_add_name(x, ev->method[0] ? ev->method : ev->service);
		if (ev->kind == AUTH_EV_ACCEPTED && ev->source[0])
			tally_get(&rv->sources, ev->source, "", 0, ev->time);
		struct source_state *s =
			ev->source[0] ? bursts_find(&rv->bursts, ev->source, false, ev->time) : NULL;
		if (s && s->bursts && s->burst_end <= ev->time)
			tally_get(&rv->after_burst, ev->user, ev->source, 0, ev->time);
		break;
	}
	case AUTH_EV_SU:
		tally_get(&rv->su, ev->actor, ev->user, 0, ev->time);
		break;
	case AUTH_EV_SUDO:
	case AUTH_EV_SUDO_DENIED: {
		struct tally_entry *x = tally_get(&rv->sudo, ev->user, ev->actor, (int)ev->kind,
						  ev->time);
		if (x) {
			const char *slash = strrchr(ev->method, '/');
			entry_add_name(x, slash ? slash + 1 : ev->method);
		}
		break;
	}
	case AUTH_EV_ACCOUNT:
		tally_get(&rv->changes, ev->user, ev->actor, (int)ev->action, ev->time);
		break;
	case AUTH_EV_NONE:
		break;
	}
}

static void when(const struct review *rv, int64_t t, char *buf, size_t len)
{
	format_time_offset(t, rv->zone, buf, len);
}

/* One auth log file, streamed. */
static void read_log(struct review *rv, const char *path, const struct stat *st)
{
	struct logstream *s;
	int rc = logstream_open(rv->ctx->root, path, &s);
	if (rc < 0) {
		rootfs_note_denied(rv->ctx->root, rc);
		struct finding *f = result_finding(rv->r, FINDING_WARN, path,
			_("not read: %s"), rootfs_strerror(rc));
		finding_remedy(f, _("Run kensa as root so it can read the authentication logs."));
		return;
	}
	/* A traditional timestamp has no year: its line was written before the file was last
	 * modified, so the file's mtime (or now, if earlier) places it, not the audit's now alone —
	 * else a year-old rotated copy's "Nov 20" would read as this November. */
	struct auth_log_clock clock = rv->clock;
	if (st->st_mtime < clock.ref)
		clock.ref = st->st_mtime;
	const char *line;
	size_t len;
	uint64_t parsed = 0, unparsed = 0;
	int64_t first = 0, last = 0;
	while ((rc = logstream_next(s, &line, &len)) == 1) {
		struct auth_event ev;
		if (!auth_log_parse_line(line, len, &clock, &ev)) {
			if (len)
				unparsed++;
			continue;
		}
		parsed++;
		if (!first || ev.time < first)
			first = ev.time;
		if (ev.time > last)
			last = ev.time;
		if (ev.time >= rv->since && ev.time <= rv->until)
			rv->lines_in_period++;
		on_event(rv, &ev);
	}
	rv->files_read++;
	rv->unparsed += unparsed;
	if (first && (!rv->logs_first || first < rv->logs_first))
		rv->logs_first = first;
	char a[40], b[40];
	when(rv, first, a, sizeof a);
	when(rv, last, b, sizeof b);
	if (rc < 0) {
		result_finding(rv->r, FINDING_WARN, path,
			_("read %llu lines, then stopped: %s (the rest of this file is not reviewed)"),
			(unsigned long long)logstream_lines(s), logstream_error(s));
	} else if (parsed == 0 && unparsed > 0) {
		result_finding(rv->r, FINDING_WARN, path,
			_("none of its %llu lines is a syslog line kensa can read: not reviewed"),
			(unsigned long long)unparsed);
	} else if (parsed) {
		result_evidence(rv->r, path, _("%llu lines from %s to %s%s"),
				(unsigned long long)parsed, a, b,
				logstream_compressed(s) ? _(" (gzip)") : "");
	} else {
		result_evidence(rv->r, path, _("empty"));
	}
	if (unparsed && parsed)
		result_evidence(rv->r, path, _("%llu lines not in syslog format, skipped"),
				(unsigned long long)unparsed);
	logstream_close(s);
}

/* The rotation rank of a copy: NAME -> 0, NAME.1 -> 1, NAME.2.gz -> 2, NAME-20261101[.gz] ->
 * a large number decreasing with the date (older first when read in descending rank). -1: not
 * a copy of NAME. */
static long rotation_rank(const char *file, const char *base)
{
	size_t bl = strlen(base);
	if (strncmp(file, base, bl) != 0)
		return -1;
	const char *p = file + bl;
	if (!*p)
		return 0;
	char *end;
	if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
		long n = strtol(p + 1, &end, 10);
		if (n < 1 || n > 100000 || (*end && strcmp(end, ".gz") != 0))
			return -1;
		return n;
	}
	if (*p == '-' && p[1] >= '0' && p[1] <= '9') {
		long d = strtol(p + 1, &end, 10);
		if (end - p != 9 || (*end && strcmp(end, ".gz") != 0))
			return -1;
		return 100000000L - (d % 100000000L);
	}
	return -1;
}

struct log_file {
	const char *dir; /* static string */
	char name[256];
	long rank;
	time_t mtime;
};

static int log_file_cmp(const void *pa, const void *pb)
{
	const struct log_file *x = pa, *y = pb;
	if (x->rank != y->rank)
		return x->rank > y->rank ? -1 : 1; /* the oldest copy first */
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->dir, y->dir);
}

/* Append the entries of DIR that RANK accepts as copies of BASE to *files (at most
 * MAX_LOG_FILES in all; the rest are counted in *too_many). */
static void list_copies(struct review *rv, const char *dir, const char *base,
			long (*rank)(const char *file, const char *base), struct log_file **files,
			size_t *n, size_t *cap, size_t *too_many)
{
	DIR *d;
	if (rootfs_open_dir(rv->ctx->root, dir, &d) < 0)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		long r = rank(e->d_name, base);
		if (r < 0)
			continue;
		if (*n >= MAX_LOG_FILES) {
			(*too_many)++;
			continue;
		}
		XGROW(*files, *n, *cap, *n + 1);
		struct log_file *f = &(*files)[*n];
		msg_snprintf(f->name, sizeof f->name, "%s", e->d_name);
		f->dir = dir;
		f->rank = r;
		f->mtime = 0;
		(*n)++;
	}
	closedir(d);
}

/* Read BASE and its rotated copies in /var/log, oldest first, skipping copies last written
 * before the period began (all their lines are older). */
static void read_log_family(struct review *rv, const char *base)
{
	struct log_file *files = NULL;
	size_t n = 0, cap = 0, skipped_old = 0, too_many = 0;
	list_copies(rv, "/var/log", base, rotation_rank, &files, &n, &cap, &too_many);
	if (n)
		qsort(files, n, sizeof *files, log_file_cmp);
	for (size_t i = 0; i < n; i++) {
		char path[300];
		msg_snprintf(path, sizeof path, "/var/log/%s", files[i].name);
		struct stat st;
		int rc = rootfs_stat(rv->ctx->root, path, &st);
		if (rc < 0) {
			rootfs_note_denied(rv->ctx->root, rc);
			result_finding(rv->r, FINDING_WARN, path, _("not read: %s"), rootfs_strerror(rc));
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		rv->auth_log_found = true;
		if (st.st_mtime < rv->since) {
			skipped_old++;
			continue;
		}
		read_log(rv, path, &st);
	}
	if (skipped_old)
		result_evidence(rv->r, NULL,
				_("/var/log/%s: %zu rotated copies last written before the period, not read"),
				base, skipped_old);
	if (too_many)
		result_finding(rv->r, FINDING_WARN, "/var/log",
			       _("more than %d rotated copies of %s: %zu not reviewed"),
			       MAX_LOG_FILES, base, too_many);
	free(files);
}

/* btmp: failed logins recorded by login and sshd. Used for the tallies only when no syslog
 * auth log was read (sshd writes the same failure to both); otherwise counted as evidence. */
/* Local account names, sorted, for telling an unknown account's btmp records apart; NULL when
 * the account files cannot be read (then every record counts). */
static int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **local_names(struct audit_context *ctx, const struct check *check, size_t *n)
{
	const struct account_db *db = ctx->accounts;
	if (!db && !ctx->accounts_err) {
		struct check_result scratch; /* a load error is the account checks' to report */
		result_init(&scratch, check);
		db = accounts_get(ctx, &scratch);
		result_free(&scratch);
	}
	*n = 0;
	if (!db)
		return NULL;
	char **v = xcalloc(db->n + 1, sizeof *v);
	for (size_t i = 0; i < db->n; i++)
		v[i] = db->accounts[i].name;
	if (db->n > 1)
		qsort(v, db->n, sizeof *v, str_ptr_cmp);
	*n = db->n;
	return v;
}

/* sshd (CUSTOM_FAILED_LOGIN) writes a btmp record when a connection names an unknown account
 * ("Invalid user") and one for each failed try after it, all under the connection's PID: as for
 * the auth log, the first record is the connection's first try and its second the same try. */
#define BTMP_CONNECTIONS 64
struct btmp_connection {
	int32_t pid;
	char user[sizeof ((struct utmp_record *)0)->user];
	unsigned records;
};

static bool btmp_same_try(struct btmp_connection *conns, size_t *next, char **names,
			  size_t n_names, const struct utmp_record *rec)
{
	const char *user = rec->user;
	if (!names || (n_names && bsearch(&user, names, n_names, sizeof *names, str_ptr_cmp)))
		return false; /* a local account: one record per try */
	for (size_t i = 0; i < BTMP_CONNECTIONS; i++) {
		struct btmp_connection *c = &conns[i];
		if (c->records && c->pid == rec->pid && strcmp(c->user, rec->user) == 0)
			return ++c->records == 2;
	}
	struct btmp_connection *c = &conns[(*next)++ % BTMP_CONNECTIONS];
	c->pid = rec->pid;
	memcpy(c->user, rec->user, sizeof c->user);
	c->records = 1;
	return false;
}

static void read_btmp(struct review *rv, const char *path)
{
	int fd;
	int rc = rootfs_open_file(rv->ctx->root, path, &fd, NULL);
	if (rc < 0) {
		if (rc != -ENOENT) {
			rootfs_note_denied(rv->ctx->root, rc);
			result_finding(rv->r, FINDING_WARN, path, _("not read: %s"), rootfs_strerror(rc));
		}
		return;
	}
	struct utmp_stream *s = xmalloc(sizeof *s);
	utmp_stream_init(s, fd);
	struct utmp_record rec;
	uint64_t in_period = 0;
	bool feed = !rv->auth_log_found && !rv->journal_read;
	size_t n_names = 0, next = 0;
	char **names = local_names(rv->ctx, rv->r->check, &n_names);
	struct btmp_connection *conns = xcalloc(BTMP_CONNECTIONS, sizeof *conns);
	while (utmp_stream_next(s, &rec)) {
		if (!rec.user[0] || rec.time < rv->since || rec.time > rv->until)
			continue;
		if (rec.pid > 0 && btmp_same_try(conns, &next, names, n_names, &rec))
			continue;
		in_period++;
		if (feed) {
			struct auth_event ev;
			memset(&ev, 0, sizeof ev);
			ev.kind = AUTH_EV_FAILED;
			ev.time = rec.time;
			msg_snprintf(ev.user, sizeof ev.user, "%s", rec.user);
			snprintf(ev.source, sizeof ev.source, "%.63s", rec.host[0] ? rec.host : rec.line);
			on_event(rv, &ev);
		}
	}
	if (s->error)
		result_finding(rv->r, FINDING_WARN, path, _("read error: %s"), kensa_strerror(s->error));
	result_evidence(rv->r, path, feed ? _("%llu failed logins in the period (reviewed from here)")
					  : _("%llu failed logins in the period (the auth log has the same)"),
			(unsigned long long)in_period);
	rv->files_read++;
	free(names);
	free(conns);
	close(fd);
	free(s);
}

/* ---- the journal, when no syslog daemon writes an auth log (Debian 13's default) ---------- */
/* Each entry's SYSLOG_IDENTIFIER and MESSAGE, compressed ones decoded (journal_payload.h); the
 * evidence says how many compressed fields were read and, by codec, why any were not. */

struct journal_io {
	int fd;
};

static int journal_pread(void *io, uint64_t off, void *buf, size_t len)
{
	const struct journal_io *j = io;
	return pread_full(j->fd, buf, len, off) == (ssize_t)len ? 0 : -1;
}

static bool journal_entry(void *ud, uint64_t realtime_usec, const char *identifier,
			  const char *message, long pid)
{
	struct review *rv = ud;
	struct auth_event ev;
	memset(&ev, 0, sizeof ev);
	ev.time = (int64_t)(realtime_usec / 1000000);
	if (ev.time > rv->until)
		return false; /* entries are in append order: the rest is later still */
	if (!rv->logs_first || ev.time < rv->logs_first)
		rv->logs_first = ev.time;
	rv->lines_in_period++;
	msg_snprintf(ev.program, sizeof ev.program, "%s", identifier);
	ev.pid = pid;
	auth_log_classify(message, &ev);
	on_event(rv, &ev);
	return true;
}

/* "xz, zstd": the codecs of a JOURNAL_COMPRESSED_ mask ("?" for none: two flags on one field). */
static const char *codec_names(unsigned mask, char *buf, size_t size)
{
	static const int codecs[] = { JOURNAL_COMPRESSED_XZ, JOURNAL_COMPRESSED_LZ4,
				      JOURNAL_COMPRESSED_ZSTD };
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof codecs / sizeof *codecs; i++)
		if (mask & (unsigned)codecs[i]) {
			size_t l = strlen(buf);
			msg_snprintf(buf + l, size - l, "%s%s", l ? ", " : "",
				 journal_payload_codec_name(codecs[i]));
		}
	return buf[0] ? buf : "?";
}

static void read_journal_file(struct review *rv, const char *path)
{
	int fd;
	struct stat st;
	int rc = rootfs_open_file(rv->ctx->root, path, &fd, &st);
	if (rc < 0) {
		rootfs_note_denied(rv->ctx->root, rc);
		result_finding(rv->r, FINDING_WARN, path, _("not read: %s"), rootfs_strerror(rc));
		return;
	}
	unsigned char head[JOURNAL_HEADER_MIN];
	struct journal_header h;
	const char *why = NULL;
	struct journal_io io = { fd };
	if (journal_pread(&io, 0, head, sizeof head) == 0 &&
	    journal_header_parse(head, sizeof head, &h, &why) && h.tail_realtime_usec &&
	    h.tail_realtime_usec / 1000000 < (uint64_t)rv->since) {
		close(fd); /* every entry is older than the period */
		return;
	}
	struct journal_walk_stats stats;
	uint64_t since = rv->since > 0 ? (uint64_t)rv->since * 1000000 : 0;
	rc = journal_walk(journal_pread, &io, (uint64_t)st.st_size, since, journal_entry, rv,
			  &stats, &why);
	close(fd);
	rv->files_read++;
	rv->journal_read = true;
	if (rc < 0)
		result_finding(rv->r, FINDING_WARN, path,
			_("%llu entries read, then stopped: %s (the rest of this file is not reviewed)"),
			(unsigned long long)stats.entries, why);
	else
		result_evidence(rv->r, path, _("%llu entries in the period%s"),
				(unsigned long long)stats.entries,
				stats.compact ? _(" (compact format)") : "");
	/* journald compresses fields of 512 bytes and more: an sshd "Invalid user NAME" line with a
	 * long NAME too, so a field not read may hide a failed login */
	char codecs[32];
	if (stats.compressed_read)
		result_evidence(rv->r, path, _("%llu compressed fields read (%s)"),
				(unsigned long long)stats.compressed_read,
				codec_names(stats.codecs_read, codecs, sizeof codecs));
	if (stats.compressed_unsupported)
		result_evidence(rv->r, path,
				_("%llu compressed fields not read (%s: this kensa was built without "
				  "it)"), (unsigned long long)stats.compressed_unsupported,
				codec_names(stats.codecs_unsupported, codecs, sizeof codecs));
	if (stats.compressed_damaged)
		result_evidence(rv->r, path, _("%llu compressed fields not read (damaged %s data)"),
				(unsigned long long)stats.compressed_damaged,
				codec_names(stats.codecs_damaged, codecs, sizeof codecs));
	if (stats.compressed_beyond)
		result_evidence(rv->r, path,
				_("%llu compressed fields not read (%s: longer than kensa decodes)"),
				(unsigned long long)stats.compressed_beyond,
				codec_names(stats.codecs_beyond, codecs, sizeof codecs));
}

static int name_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	/* archived files (system@...) before the active system.journal: oldest first */
	bool ax = strchr(x, '@') != NULL, ay = strchr(y, '@') != NULL;
	if (ax != ay)
		return ax ? -1 : 1;
	return strcmp(x, y);
}

/* The system journal files of /var/log/journal/MACHINE-ID/ (and /run/log/journal on a live
 * host), oldest first. Returns false when there is no journal directory at all. */
static bool read_journal(struct review *rv)
{
	static const char *const dirs[] = { "/var/log/journal", "/run/log/journal" };
	bool any_dir = false;
	for (size_t d = 0; d < 2; d++) {
		if (d == 1 && !rv->ctx->live)
			continue;
		DIR *top;
		if (rootfs_open_dir(rv->ctx->root, dirs[d], &top) < 0)
			continue;
		any_dir = true;
		struct dirent *e;
		char **files = NULL;
		size_t n = 0, cap = 0;
		while ((e = readdir(top)) != NULL && n < MAX_LOG_FILES) {
			if (e->d_name[0] == '.')
				continue;
			char sub[300];
			msg_snprintf(sub, sizeof sub, "%s/%s", dirs[d], e->d_name);
			DIR *m;
			if (rootfs_open_dir(rv->ctx->root, sub, &m) < 0)
				continue;
			struct dirent *f;
			while ((f = readdir(m)) != NULL && n < MAX_LOG_FILES) {
				size_t l = strlen(f->d_name);
				if (strncmp(f->d_name, "system", 6) != 0 || l < 8 ||
				    strcmp(f->d_name + l - 8, ".journal") != 0)
					continue;
				XGROW(files, n, cap, n + 1);
				files[n++] = xasprintf("%s/%s", sub, f->d_name);
			}
			closedir(m);
		}
		closedir(top);
		if (n)
			qsort(files, n, sizeof *files, name_cmp);
		for (size_t i = 0; i < n; i++) {
			read_journal_file(rv, files[i]);
			free(files[i]);
		}
		free(files);
	}
	return any_dir;
}

/* ---- wtmpdb: Debian 13's login records (/var/lib/wtmpdb/wtmp.db, SQLite) ------------------ */

/* wtmpdb's schema and values (github.com/thkukuk/wtmpdb, lib/sqlite.c and include/wtmpdb.h,
 * 0.73.0 in Debian 13): CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT
 * NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, Service TEXT) STRICT; Login
 * and Logout in microseconds since the epoch (Logout NULL while the session is open); Type 0
 * EMPTY, 1 BOOT_TIME, 2 RUNLEVEL, 3 USER_PROCESS. pam_wtmpdb writes a USER_PROCESS row when a
 * session opens (Service: the PAM service; Debian's sshd writes its own with Service "sshd").
 * `wtmpdb rotate` moves the rows older than N days into DIR/wtmp_YYYYMMDD.db beside it. Debian
 * keeps the database in /var/log/wtmp.db (/var/lib/wtmpdb/wtmp.db links there) and rotates it
 * with logrotate (/etc/logrotate.d/wtmpdb: yearly, rotate 4, nocompress). */
#define WTMPDB_DIR "/var/lib/wtmpdb"
#define WTMPDB_PATH WTMPDB_DIR "/wtmp.db"
#define WTMPDB_USER_PROCESS 3
/* A login's own log line (sshd "Accepted", pam_unix "session opened") is written within a few
 * seconds of the row: a row this much earlier than the logs' first event is outside them. */
#define WTMPDB_LOG_SLACK 60

/* Double counting: the auth log and the journal already hold every session wtmp.db records
 * (sshd's "Accepted ..." and pam_unix's "session opened"), with more (the method, failures,
 * bursts). So a row feeds the tallies only where no log read covers its time: all rows when no
 * auth log or journal event was read (as btmp), otherwise only rows earlier than the logs'
 * first event. Those are also a warning of their own: the logs of that stretch of the period
 * are gone (rotated away early or deleted), yet logins happened in it. Rows the logs cover are
 * counted as evidence only. */
#if HAVE_SQLITE3
static void read_wtmpdb(struct review *rv, const char *path, uint64_t log_logins)
{
	struct sqlite_safe s;
	struct stat fst;
	char why[256] = "";
	int rc = sqlite_safe_open(rv->ctx->root, path, &s, &fst, why, sizeof why);
	if (rc < 0) {
		if (rc != -ENOENT) {
			rootfs_note_denied(rv->ctx->root, rc);
			result_finding(rv->r, FINDING_WARN, path, _("not read: %s"), rootfs_strerror(rc));
		}
		return;
	}
	if (fst.st_size == 0) { /* logrotate's "create" after a rotation: no login yet */
		rv->files_read++;
		result_evidence(rv->r, path, "%s", _("empty: no login records yet (a new file, as "
						     "logrotate creates one)"));
		sqlite_safe_close(&s);
		return;
	}
	static const char *const columns[] = { "Type", "User", "Login", "TTY", "RemoteHost",
					       "Service", NULL };
	sqlite3_stmt *st = NULL;
	uint64_t in_period = 0, fed = 0;
	int64_t gap_first = 0, gap_last = 0;
	bool logs = rv->auth_log_found || rv->journal_read;
	if (rc > 0 || !sqlite_safe_plain_table(&s, "wtmp", columns, why, sizeof why))
		goto refused;
	/* rows in wtmpdb's own order (ID: append order); no ORDER BY, which would sort in memory */
	if (sqlite3_prepare_v2(s.db, "SELECT User, Login, TTY, RemoteHost, Service FROM main.wtmp "
				     "WHERE Type = ?1 AND Login >= ?2 AND Login < ?3", -1, &st,
			       NULL) != SQLITE_OK) {
		msg_snprintf(why, sizeof why, "%s", sqlite_safe_stopped(&s));
		goto refused;
	}
	sqlite3_bind_int(st, 1, WTMPDB_USER_PROCESS);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)rv->since * 1000000);
	sqlite3_bind_int64(st, 3, ((sqlite3_int64)rv->until + 1) * 1000000);
	rv->files_read++;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *user = (const char *)sqlite3_column_text(st, 0);
		int64_t t = (int64_t)(sqlite3_column_int64(st, 1) / 1000000);
		const char *tty = (const char *)sqlite3_column_text(st, 2);
		const char *host = (const char *)sqlite3_column_text(st, 3);
		const char *service = (const char *)sqlite3_column_text(st, 4);
		if (!user || !user[0])
			continue;
		in_period++;
		if (rv->logs_first && t + WTMPDB_LOG_SLACK >= rv->logs_first)
			continue; /* the logs read cover this moment: they hold this login */
		if (logs) {
			if (!gap_first || t < gap_first)
				gap_first = t;
			if (t > gap_last)
				gap_last = t;
		}
		struct auth_event ev;
		memset(&ev, 0, sizeof ev);
		ev.time = t;
		snprintf(ev.user, sizeof ev.user, "%.63s", user);
		snprintf(ev.source, sizeof ev.source, "%.63s", host ? host : "");
		snprintf(ev.service, sizeof ev.service, "%.31s", service ? service : "");
		snprintf(ev.method, sizeof ev.method, "%.31s",
			 service && service[0] ? service : tty ? tty : "");
		/* sshd's sources table takes remote hosts of sshd sessions only */
		ev.kind = service && strcmp(service, "sshd") == 0 && ev.source[0] ? AUTH_EV_ACCEPTED
										  : AUTH_EV_LOGIN;
		on_event(rv, &ev);
		fed++;
	}
	if (rc != SQLITE_DONE) {
		msg_snprintf(why, sizeof why, _("read stopped after %llu records: %s"),
			     (unsigned long long)in_period, sqlite_safe_stopped(&s));
		goto refused;
	}
	if (!logs)
		result_evidence(rv->r, path, _("%llu login records in the period (reviewed from here)"),
				(unsigned long long)in_period);
	else
		result_evidence(rv->r, path,
				_("%llu login records in the period; the logs read have %llu logins"),
				(unsigned long long)in_period, (unsigned long long)log_logins);
	if (gap_first) {
		char a[40], b[40], c[40];
		when(rv, gap_first, a, sizeof a);
		when(rv, gap_last, b, sizeof b);
		struct finding *f;
		if (rv->logs_first) {
			when(rv, rv->logs_first, c, sizeof c);
			f = result_finding(rv->r, FINDING_WARN, path,
				_("%llu logins from %s to %s are recorded here but not in the "
				  "authentication logs, which begin later (%s): the logs of that stretch "
				  "are missing (rotated away or deleted); these logins are reviewed from "
				  "here"), (unsigned long long)fed, a, b, c);
		} else {
			f = result_finding(rv->r, FINDING_WARN, path,
				_("%llu logins from %s to %s are recorded here but the authentication "
				  "logs read hold no event at all: the logs are missing (rotated away or "
				  "deleted); these logins are reviewed from here"),
				(unsigned long long)fed, a, b);
		}
		finding_remedy(f, _("Find out why the authentication logs of that stretch are gone, and "
				    "keep them for the whole review period (logrotate's rotate and "
				    "maxage, journald's MaxRetentionSec)."));
	}
	goto done;
refused:
	sqlite_safe_refused(rv->r, path, why);
done:
	sqlite3_finalize(st);
	sqlite_safe_close(&s);
}

/* The rank of a rotated copy of wtmp.db in a directory, as rotation_rank() ranks log copies
 * (larger: older; 0: wtmp.db itself); -1: not a copy. Debian 13 rotates /var/log/wtmp.db with
 * logrotate (wtmp.db.1 ... or wtmp.db-YYYYMMDD with dateext); `wtmpdb rotate` writes
 * wtmp_YYYYMMDD.db beside the database it rotates. */
static long wtmpdb_rank(const char *name, const char *base)
{
	long rank = rotation_rank(name, base);
	if (rank >= 0)
		return rank;
	if (strncmp(name, "wtmp_", 5) != 0 || strlen(name) != 16 || strcmp(name + 13, ".db") != 0)
		return -1;
	long date = 0;
	for (int i = 5; i < 13; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		date = date * 10 + (name[i] - '0');
	}
	return 100000000L - date;
}

/* Every copy of the login database, oldest first: the upstream path /var/lib/wtmpdb/wtmp.db
 * (on Debian 13 a link to /var/log/wtmp.db, where Debian keeps it) and the rotated copies in
 * both directories. One file reached by two names is read once. A copy last written before
 * the period holds only older rows (rotation moves rows, it does not write new ones). */
static void read_wtmpdb_all(struct review *rv)
{
	uint64_t log_logins = rv->logins_seen;
	struct log_file *files = NULL;
	size_t n = 0, cap = 0, too_many = 0;
	list_copies(rv, WTMPDB_DIR, "wtmp.db", wtmpdb_rank, &files, &n, &cap, &too_many);
	list_copies(rv, "/var/log", "wtmp.db", wtmpdb_rank, &files, &n, &cap, &too_many);
	if (n > 1)
		qsort(files, n, sizeof *files, log_file_cmp);
	struct { dev_t dev; ino_t ino; } *seen = xcalloc(n + 1, sizeof *seen);
	size_t n_seen = 0, skipped_old = 0;
	for (size_t i = 0; i < n; i++) {
		char path[300];
		msg_snprintf(path, sizeof path, "%s/%s", files[i].dir, files[i].name);
		struct stat st;
		int rc = rootfs_stat(rv->ctx->root, path, &st);
		bool dup = false;
		for (size_t j = 0; rc == 0 && j < n_seen; j++)
			dup |= seen[j].dev == st.st_dev && seen[j].ino == st.st_ino;
		if (rc == 0 && (dup || !S_ISREG(st.st_mode)))
			continue;
		if (rc == 0) {
			seen[n_seen].dev = st.st_dev;
			seen[n_seen].ino = st.st_ino;
			n_seen++;
		}
		size_t len = strlen(path);
		if (rc == 0 && files[i].rank > 0 && st.st_mtime < rv->since)
			skipped_old++;
		else if (rc == 0 && len > 3 && strcmp(path + len - 3, ".gz") == 0)
			result_finding(rv->r, FINDING_WARN, path, "%s",
				       _("compressed: not read (SQLite reads no gzip); the logins it "
					 "holds are not reviewed"));
		else
			read_wtmpdb(rv, path, log_logins); /* reports the root layer's error itself */
	}
	free(files);
	free(seen);
	if (skipped_old)
		result_evidence(rv->r, NULL,
				_("%s: %zu rotated copies last written before the period, not read"),
				"wtmp.db", skipped_old);
	if (too_many)
		result_finding(rv->r, FINDING_WARN, "wtmp.db",
			       _("more than %d rotated copies of %s: %zu not reviewed"),
			       MAX_LOG_FILES, "wtmp.db", too_many);
}
#else
static void read_wtmpdb_all(struct review *rv)
{
	/* Debian 13 keeps it in /var/log (/var/lib/wtmpdb/wtmp.db links there) */
	const char *path = rootfs_exists(rv->ctx->root, WTMPDB_PATH) ? WTMPDB_PATH
			 : rootfs_exists(rv->ctx->root, "/var/log/wtmp.db") ? "/var/log/wtmp.db" : NULL;
	if (path)
		result_evidence(rv->r, path, "%s",
				_("present but not read: kensa was built without SQLite"));
}
#endif

/* ---- findings ----------------------------------------------------------------------------------- */

static void more_note(struct check_result *r, size_t shown, size_t total, uint64_t dropped,
		      const char *what)
{
	if (total > shown)
		result_finding(r, FINDING_INFO, what, _("and %zu more not listed"), total - shown);
	if (dropped)
		result_finding(r, FINDING_INFO, what,
			       _("%llu more events whose account or source did not fit the table"),
			       (unsigned long long)dropped);
}

static void names_joined(const struct tally_entry *x, char *buf, size_t len)
{
	buf[0] = '\0';
	size_t used = 0;
	for (size_t i = 0; i < x->n_extra && used + 2 < len; i++)
		used += (size_t)msg_snprintf(buf + used, len - used, "%s%s", i ? ", " : "", x->extra[i]);
	if (x->more_extra && used + 6 < len)
		snprintf(buf + used, len - used, ", ...");
}

static int burst_cmp(const void *pa, const void *pb)
{
	const struct source_state *x = *(const struct source_state *const *)pa;
	const struct source_state *y = *(const struct source_state *const *)pb;
	if (x->failures != y->failures)
		return x->failures > y->failures ? -1 : 1;
	if (x->first_burst != y->first_burst)
		return x->first_burst < y->first_burst ? -1 : 1;
	return strcmp(x->source, y->source);
}

static void report_bursts(struct review *rv)
{
	struct bursts *b = &rv->bursts;
	struct source_state **v = xcalloc(b->n + 1, sizeof *v);
	size_t total = 0;
	for (size_t i = 0; i < slots(); i++)
		if (b->used[i] && b->s[i].bursts)
			v[total++] = &b->s[i];
	if (total > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
		qsort(v, total, sizeof *v, burst_cmp);
	size_t shown = 0;
	for (; shown < total && shown < SHOW_MAX; shown++) {
		const struct source_state *s = v[shown];
		char a[40], c[40], names[AUTH_NAME_MAX * NAMES_SHOWN + 16];
		when(rv, s->first_burst, a, sizeof a);
		when(rv, s->last_burst, c, sizeof c);
		names[0] = '\0';
		size_t used = 0;
		for (size_t k = 0; k < s->n_accounts; k++)
			used += (size_t)msg_snprintf(names + used, sizeof names - used, "%s%s",
						 k ? ", " : "", s->accounts[k]);
		if (s->more_accounts)
			snprintf(names + used, sizeof names - used, ", ...");
		struct finding *f = result_finding(rv->r, FINDING_WARN, s->source,
			_("bursts of %zu or more failed logins within %lld minutes: %llu (first %s, last %s); "
			  "failed logins in all: %llu; accounts tried: %s"),
			b->threshold, (long long)(b->window / 60), (unsigned long long)s->bursts, a, c,
			(unsigned long long)s->failures, names);
		finding_remedy(f, _("Look at who is trying passwords from %s: block the source and "
				    "make sure password logins are limited (pam_faillock, sshd "
				    "PasswordAuthentication no)."), s->source);
	}
	if (total > shown) /* the rest still count: one warn stands for them */
		result_finding(rv->r, FINDING_WARN, _("failed logins"),
			       _("and %zu more not listed"), total - shown);
	free(v);
	if (b->dropped)
		result_finding(rv->r, FINDING_INFO, _("failed logins"),
			       _("%llu failures from sources beyond the %d tracked for bursts"),
			       (unsigned long long)b->dropped, TABLE_CAP);
	if (b->forgotten)
		result_evidence(rv->r, NULL,
				_("%llu sources with no burst let go from the burst table to make room"),
				(unsigned long long)b->forgotten);
}

static void report_tally(struct review *rv, struct tally *t, enum finding_severity sev,
			 const char *what, void (*one)(struct review *, const struct tally_entry *,
						       enum finding_severity))
{
	struct tally_entry **v = tally_sorted(t);
	size_t shown = 0;
	for (size_t i = 0; i < t->n && shown < SHOW_MAX; i++, shown++)
		one(rv, v[i], sev);
	more_note(rv->r, shown, t->n, t->dropped_events, what);
	if (t->let_go)
		result_evidence(rv->r, NULL,
				_("%s: %llu accounts and sources with a single event let go from the "
				  "table to make room"), what, (unsigned long long)t->let_go);
	free(v);
}

static void one_failure(struct review *rv, const struct tally_entry *x, enum finding_severity sev)
{
	char a[40], b[40], subject[AUTH_NAME_MAX * 2 + 8];
	when(rv, x->first, a, sizeof a);
	when(rv, x->last, b, sizeof b);
	msg_snprintf(subject, sizeof subject, "%s@%s", x->a[0] ? x->a : "?", x->b[0] ? x->b : "?");
	result_finding(rv->r, sev, subject, _("failed logins: %llu (first %s, last %s)"),
		       (unsigned long long)x->count, a, b);
}

static void one_after_burst(struct review *rv, const struct tally_entry *x,
			    enum finding_severity sev)
{
	char a[40], b[40], subject[AUTH_NAME_MAX * 2 + 8];
	when(rv, x->first, a, sizeof a);
	when(rv, x->last, b, sizeof b);
	msg_snprintf(subject, sizeof subject, "%s@%s", x->a, x->b);
	struct finding *f = result_finding(rv->r, sev, subject,
		_("successful logins after a burst of failed logins from the same source: %llu "
		  "(first %s, last %s)"), (unsigned long long)x->count, a, b);
	finding_remedy(f, _("Ask %s whether the login from %s was theirs; if not, change the "
			    "password, remove unknown SSH keys and look at what the session did."),
		       x->a, x->b);
}

static void one_login(struct review *rv, const struct tally_entry *x, enum finding_severity sev)
{
	char a[40], b[40], how[AUTH_NAME_MAX * NAMES_SHOWN + 16];
	char subject[AUTH_NAME_MAX * 2 + 8];
	when(rv, x->first, a, sizeof a);
	when(rv, x->last, b, sizeof b);
	names_joined(x, how, sizeof how);
	msg_snprintf(subject, sizeof subject, "%s@%s", x->a, x->b[0] ? x->b : _("local"));
	bool root = strcmp(x->a, "root") == 0;
	bool admin = is_admin(rv, x->a);
	/* root is judged even without a list of administrators: a direct root login hides who */
	if (sev == FINDING_INFO || admin || (!root && !rv->admins_set)) {
		result_finding(rv->r, FINDING_INFO, subject, _("logins: %llu (%s; first %s, last %s)"),
			       (unsigned long long)x->count, how, a, b);
		return;
	}
	struct finding *f;
	if (root) {
		f = result_finding(rv->r, FINDING_WARN, subject,
			_("direct root logins: %llu (%s; first %s, last %s)"),
			(unsigned long long)x->count, how, a, b);
		finding_remedy(f, _("Log in as a named administrator and use sudo; set "
				    "PermitRootLogin no in sshd_config."));
	} else {
		f = result_finding(rv->r, FINDING_WARN, subject,
			_("logins by an account that is not an expected administrator: %llu "
			  "(%s; first %s, last %s)"), (unsigned long long)x->count, how, a, b);
		finding_remedy(f, _("Confirm that %s is meant to log in to this host; if so, add it to "
				    "[logs] review_administrators (or [accounts] admins)."), x->a);
	}
}

static void one_sudo(struct review *rv, const struct tally_entry *x, enum finding_severity sev)
{
	char a[40], b[40], cmds[AUTH_NAME_MAX * NAMES_SHOWN + 16];
	when(rv, x->first, a, sizeof a);
	when(rv, x->last, b, sizeof b);
	names_joined(x, cmds, sizeof cmds);
	if (x->kind == AUTH_EV_SUDO_DENIED) {
		result_finding(rv->r, FINDING_WARN, x->a,
			_("sudo refused: %llu (as %s: %s; first %s, last %s)"),
			(unsigned long long)x->count, x->b[0] ? x->b : "root", cmds, a, b);
		return;
	}
	enum finding_severity s = sev;
	if (rv->admins_set && !is_admin(rv, x->a))
		s = FINDING_WARN;
	result_finding(rv->r, s, x->a, _("sudo as %s: %llu (%s; first %s, last %s)"),
		       x->b[0] ? x->b : "root", (unsigned long long)x->count, cmds, a, b);
}

static void one_su(struct review *rv, const struct tally_entry *x, enum finding_severity sev)
{
	char a[40], b[40];
	when(rv, x->first, a, sizeof a);
	when(rv, x->last, b, sizeof b);
	enum finding_severity s = sev;
	if (rv->admins_set && !is_admin(rv, x->a))
		s = FINDING_WARN;
	result_finding(rv->r, s, x->a[0] ? x->a : "?", _("su to %s: %llu (first %s, last %s)"),
		       x->b, (unsigned long long)x->count, a, b);
}

static void one_change(struct review *rv, const struct tally_entry *x, enum finding_severity sev)
{
	char a[40], b[40];
	when(rv, x->first, a, sizeof a);
	when(rv, x->last, b, sizeof b);
	static const char *const actions[] = {
		[AUTH_ACCT_NONE] = "",
		[AUTH_ACCT_USER_ADDED] = N_("user created"),
		[AUTH_ACCT_USER_CHANGED] = N_("user changed"),
		[AUTH_ACCT_USER_DELETED] = N_("user deleted"),
		[AUTH_ACCT_GROUP_ADDED] = N_("group created"),
		[AUTH_ACCT_GROUP_CHANGED] = N_("group changed"),
		[AUTH_ACCT_GROUP_DELETED] = N_("group deleted"),
		[AUTH_ACCT_MEMBER_ADDED] = N_("added to a group"),
		[AUTH_ACCT_MEMBER_REMOVED] = N_("removed from a group"),
		[AUTH_ACCT_PASSWORD_CHANGED] = N_("password changed"),
	};
	const char *what = x->kind > 0 && (size_t)x->kind < sizeof actions / sizeof actions[0]
				   ? _(actions[x->kind]) : "?";
	struct finding *f;
	if (x->b[0])
		f = result_finding(rv->r, sev, x->a, _("%s (%s): %llu (first %s, last %s)"),
				   what, x->b, (unsigned long long)x->count, a, b);
	else
		f = result_finding(rv->r, sev, x->a, _("%s: %llu (first %s, last %s)"), what,
				   (unsigned long long)x->count, a, b);
	finding_remedy(f, _("Confirm that each account and group change was planned and "
			    "approved (who made it, and why)."));
}

static void report_sources(struct review *rv)
{
	const struct review_prior *prior = rv->ctx->review_prior;
	bool have_prior = prior && prior->has_sources;
	struct tally_entry **v = tally_sorted(&rv->sources);
	/* the sources, listed for the next report to compare with (bounded) */
	char list[1024];
	size_t used = 0;
	list[0] = '\0';
	size_t listed = 0, new_ones = 0;
	for (size_t i = 0; i < rv->sources.n; i++) {
		const struct tally_entry *x = v[i];
		size_t need = strlen(x->a) + 2;
		if (used + need < sizeof list - 8) {
			used += (size_t)msg_snprintf(list + used, sizeof list - used, "%s%s",
						 listed ? " " : "", x->a);
			listed++;
		}
		if (!have_prior || review_prior_knows_source(prior, x->a))
			continue;
		if (new_ones++ >= SHOW_MAX)
			continue;
		char a[40];
		when(rv, x->first, a, sizeof a);
		result_finding(rv->r, FINDING_WARN, x->a,
			_("sshd logins from a source not seen in the previous report: %llu (first %s)"),
			(unsigned long long)x->count, a);
	}
	if (new_ones > SHOW_MAX)
		result_finding(rv->r, FINDING_INFO, _("sshd login sources"),
			       _("and %zu more not listed"), new_ones - SHOW_MAX);
	result_evidence(rv->r, REVIEW_SOURCES_EVIDENCE, "%s%s", listed ? list : "-",
			listed < rv->sources.n ? " ..." : "");
	if (!have_prior && rv->sources.n)
		result_evidence(rv->r, NULL, "%s",
				_("no previous report with sshd login sources: new sources are "
				  "judged from the next report on"));
	free(v);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	const struct profile *p = ctx->profile;
	struct review rv;
	memset(&rv, 0, sizeof rv);
	rv.ctx = ctx;
	rv.r = r;
	if (parse_utc_offset(profile_string(p, "reports", "time_zone"), &rv.zone) != 0)
		rv.zone = 0;
	rv.until = ctx->now;
	rv.since = ctx->now - profile_int(p, "logs", "review_days") * 86400;
	const struct review_prior *prior = ctx->review_prior;
	char a[40], b[40];
	if (prior && prior->audited_at > 0 && prior->audited_at < ctx->now) {
		rv.since = prior->audited_at;
		when(&rv, rv.since, a, sizeof a);
		result_evidence(r, NULL, _("period: since the previous report (%s)"), a);
	}
	when(&rv, rv.since, a, sizeof a);
	when(&rv, rv.until, b, sizeof b);
	result_evidence(r, NULL, _("reviewed from %s to %s"), a, b);
	rv.clock.utc_offset = rv.zone;
	rv.clock.ref = ctx->now;

	rv.admins = profile_list(p, "logs", "review_administrators");
	if (!rv.admins->n)
		rv.admins = profile_list(p, "accounts", "admins");
	rv.admins_set = rv.admins->n > 0;
	if (!rv.admins_set)
		result_evidence(r, NULL, "%s",
				_("no expected administrators set ([logs] review_administrators, "
				  "[accounts] admins): logins are listed, not judged"));

	tally_init(&rv.failures);
	rv.failures.sweep_singletons = true;
	tally_init(&rv.logins);
	tally_init(&rv.after_burst);
	tally_init(&rv.sudo);
	tally_init(&rv.su);
	tally_init(&rv.changes);
	tally_init(&rv.sources);
	bursts_init(&rv.bursts, (size_t)profile_int(p, "logs", "review_burst_failures"),
		    profile_int(p, "logs", "review_burst_minutes") * 60);

	read_log_family(&rv, "auth.log");
	read_log_family(&rv, "secure");
	bool journal = false;
	if (!rv.auth_log_found) {
		journal = read_journal(&rv);
	} else {
		struct stat st;
		if (rootfs_stat(ctx->root, "/var/log/journal", &st) == 0 && S_ISDIR(st.st_mode))
			result_evidence(r, "/var/log/journal", "%s",
					_("not read: the syslog auth log holds the same messages"));
	}
	read_btmp(&rv, "/var/log/btmp.1");
	read_btmp(&rv, "/var/log/btmp");
	read_wtmpdb_all(&rv); /* after btmp: a login it feeds can follow a burst btmp fed */

	if (!rv.auth_log_found && !rv.journal_read) {
		if (journal)
			result_error(r, "%s",
				_("no syslog authentication log (/var/log/auth.log, /var/log/secure) "
				  "and no system journal file could be read"));
		else
			result_error(r, "%s",
				_("no authentication log to review (/var/log/auth.log, "
				  "/var/log/secure, the journal)"));
	}

	report_bursts(&rv);
	report_tally(&rv, &rv.after_burst, FINDING_WARN, _("logins after a burst"), one_after_burst);
	report_tally(&rv, &rv.logins, FINDING_WARN, _("logins"), one_login);
	report_tally(&rv, &rv.changes, FINDING_WARN, _("account changes"), one_change);
	review_account_files(ctx, r, rv.zone);
	report_tally(&rv, &rv.sudo, FINDING_INFO, _("sudo"), one_sudo);
	report_tally(&rv, &rv.su, FINDING_INFO, _("su"), one_su);
	report_tally(&rv, &rv.failures, FINDING_INFO, _("failed logins"), one_failure);
	report_sources(&rv);
	result_evidence(r, NULL, _("%zu files read, %llu authentication events in the period"),
			rv.files_read, (unsigned long long)rv.events);

	if (!r->status_forced) {
		bool warn = false;
		for (size_t i = 0; i < r->n_findings; i++)
			warn |= r->findings[i].severity != FINDING_INFO;
		if (!warn)
			result_reason(r, "%s", _("reviewed: no burst of failed logins, no unexpected "
						 "login and no account change in the period"));
		else
			result_reason(r, "%s", _("the period's logs hold events for a person to look "
						 "at"));
	}

	tally_free(&rv.failures);
	tally_free(&rv.logins);
	tally_free(&rv.after_burst);
	tally_free(&rv.sudo);
	tally_free(&rv.su);
	tally_free(&rv.changes);
	tally_free(&rv.sources);
	bursts_free(&rv.bursts);
}

const struct check check_logs_review = {
	.id = "logs.review",
	.title = N_("Logs are reviewed for signs of attack"),
	.remediation = N_("Look at each finding: confirm that logins, sudo use and account changes "
			  "were expected; block sources of password guessing."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
