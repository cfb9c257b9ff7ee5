/* Merging last-login times from lastlog, wtmp, lastlog2 and wtmpdb (see lastlogin.h). */
#include "config.h"
#include "lastlogin.h"
#include "accounts.h"
#include "context.h"
#include "i18n.h"
#include "result.h"
#include "rootfs.h"
#include "xalloc.h"
#include "../parsers/login_records.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if HAVE_SQLITE3
#include <sqlite3.h>
#endif

static void note(struct last_login *l, int64_t t, const char *source, const char *from)
{
	if (t <= l->time)
		return;
	l->time = t;
	l->source = source;
	size_t n = strlen(from);
	if (n >= sizeof l->from)
		n = sizeof l->from - 1;
	memcpy(l->from, from, n);
	l->from[n] = '\0';
}

static void read_lastlog(struct audit_context *ctx, const struct account_db *db,
			 struct last_login *out, struct login_sources *src, struct check_result *r)
{
	const char *path = "/var/log/lastlog";
	int fd;
	struct stat st;
	int rc = rootfs_open_file(ctx->root, path, &fd, &st);
	if (rc < 0) {
		if (rc != -ENOENT)
			result_evidence(r, path, _("not read: %s"), rootfs_strerror(rc));
		return;
	}
	size_t found = 0;
	for (size_t i = 0; i < db->n; i++) {
		unsigned char rec[LASTLOG_RECORD_SIZE];
		off_t off = (off_t)db->accounts[i].uid * LASTLOG_RECORD_SIZE;
		if (off + LASTLOG_RECORD_SIZE > st.st_size)
			continue; /* sparse file ends before this UID: never logged in */
		ssize_t n = pread(fd, rec, sizeof rec, off);
		if (n != (ssize_t)sizeof rec)
			continue;
		struct lastlog_record ll;
		lastlog_decode(rec, &ll);
		if (ll.time == 0)
			continue;
		found++;
		note(&out[i], ll.time, path, ll.host[0] ? ll.host : ll.line);
	}
	close(fd);
	src->lastlog = src->any = true;
	result_evidence(r, path, _("%zu accounts with a recorded login"), found);
}

/* Open-addressed index from account name to position, so each wtmp record costs O(1). */
struct name_index {
	const char **names;
	size_t *pos;
	size_t mask;
};

static size_t name_hash(const char *s)
{
	size_t h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static void index_build(struct name_index *ix, const struct account_db *db)
{
	size_t n = 16;
	while (n < db->n * 2)
		n *= 2;
	ix->names = xcalloc(n, sizeof *ix->names);
	ix->pos = xcalloc(n, sizeof *ix->pos);
	ix->mask = n - 1;
	for (size_t i = 0; i < db->n; i++) {
		size_t h = name_hash(db->accounts[i].name) & ix->mask;
		while (ix->names[h]) {
			if (strcmp(ix->names[h], db->accounts[i].name) == 0)
				break; /* duplicate name: keep the first, as getpwnam does */
			h = (h + 1) & ix->mask;
		}
		if (!ix->names[h]) {
			ix->names[h] = db->accounts[i].name;
			ix->pos[h] = i;
		}
	}
}

static long index_find(const struct name_index *ix, const char *name)
{
	size_t h = name_hash(name) & ix->mask;
	while (ix->names[h]) {
		if (strcmp(ix->names[h], name) == 0)
			return (long)ix->pos[h];
		h = (h + 1) & ix->mask;
	}
	return -1;
}

static void index_free(struct name_index *ix)
{
	free(ix->names);
	free(ix->pos);
}

static void read_wtmp(struct audit_context *ctx, const struct name_index *ix, const char *path,
		      struct last_login *out, struct login_sources *src, struct check_result *r)
{
	int fd;
	int rc = rootfs_open_file(ctx->root, path, &fd, NULL);
	if (rc < 0) {
		if (rc != -ENOENT)
			result_evidence(r, path, _("not read: %s"), rootfs_strerror(rc));
		return;
	}
	struct utmp_stream *s = xmalloc(sizeof *s);
	struct utmp_record rec;
	uint64_t logins = 0;
	utmp_stream_init(s, fd);
	while (utmp_stream_next(s, &rec)) {
		if (rec.type != UTMP_USER_PROCESS || !rec.user[0])
			continue;
		long i = index_find(ix, rec.user);
		if (i < 0)
			continue;
		logins++;
		note(&out[i], rec.time, path, rec.host[0] ? rec.host : rec.line);
	}
	src->wtmp = src->any = true;
	if (s->error)
		result_evidence(r, path, _("read stopped after %llu records: %s"),
				(unsigned long long)s->records, kensa_strerror(s->error));
	else
		result_evidence(r, path, _("%llu records, %llu logins of local accounts"),
				(unsigned long long)s->records, (unsigned long long)logins);
	if (s->invalid || s->trailing_bytes)
		result_evidence(r, path, _("%llu records not valid, %zu trailing bytes ignored"),
				(unsigned long long)s->invalid, s->trailing_bytes);
	close(fd);
	free(s);
}

#if HAVE_SQLITE3
/* A login database comes from the audited image, and SQLite's schema is code: a view, a
 * generated column or a virtual table runs whatever its author wrote (an endless recursive CTE
 * behind a view named Lastlog2 never returns). So the connection is defensive (no schema
 * writes, no extensions, untrusted schema: no non-innocuous functions, no views or triggers
 * where the library allows turning them off), only plain columns of a real table are read, and
 * a progress handler stops any statement that outruns its budget. */
#define SQLITE_BUDGET_NS (5LL * 1000000000LL) /* per database: a real one is read in well under 1 s */
#define SQLITE_BUDGET_OPS (200LL * 1000000LL) /* virtual machine instructions per database */
#define SQLITE_PROGRESS_STEP 10000

struct sqlite_budget {
	long long deadline_ns;
	long long ops;
	bool exceeded;
};

static long long mono_ns(void)
{
	/* a run-time budget, not a date: CLOCK_MONOTONIC rather than ctx->now */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int sqlite_progress(void *arg)
{
	struct sqlite_budget *b = arg;
	b->ops += SQLITE_PROGRESS_STEP;
	if (b->ops > SQLITE_BUDGET_OPS || mono_ns() > b->deadline_ns)
		b->exceeded = true;
	return b->exceeded; /* non-zero interrupts the statement */
}

static void sqlite_harden(sqlite3 *db, struct sqlite_budget *b)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
#ifdef SQLITE_DBCONFIG_TRUSTED_SCHEMA
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
#endif
#ifdef SQLITE_DBCONFIG_ENABLE_VIEW
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, (int *)NULL);
#endif
	/* no string or blob a login record needs is anywhere near these */
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, 1 << 20);
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 16);
	sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 100);
	sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 10);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_progress_handler(db, SQLITE_PROGRESS_STEP, sqlite_progress, b);
}

/* Whether TABLE is a real, stored table in the main schema whose COLUMNS (NULL-terminated) are
 * plain stored columns; otherwise a reason in WHY. */
static bool sqlite_plain_table(sqlite3 *db, const char *table, const char *const *columns,
			       char *why, size_t whylen)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	if (sqlite3_prepare_v2(db, "SELECT type, rootpage FROM main.sqlite_master "
				   "WHERE lower(name) = lower(?1)", -1, &st, NULL) != SQLITE_OK) {
		msg_snprintf(why, whylen, "%s", sqlite3_errmsg(db));
		return false;
	}
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		if (!type || strcmp(type, "table") != 0)
			msg_snprintf(why, whylen, _("%s is a %s, not a table: its schema would run as code"),
				 table, type ? type : "?");
		else if (sqlite3_column_int64(st, 1) <= 0)
			msg_snprintf(why, whylen, _("%s is a virtual table: its module would run as code"),
				 table);
		else
			ok = true;
	} else if (rc == SQLITE_DONE) {
		msg_snprintf(why, whylen, _("no table %s"), table);
	} else {
		msg_snprintf(why, whylen, "%s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	if (!ok)
		return false;
	/* hidden: 0 a stored column, 1 hidden (virtual tables), 2 and 3 generated columns */
	if (sqlite3_prepare_v2(db, "SELECT hidden FROM pragma_table_xinfo(?1, 'main') "
				   "WHERE lower(name) = lower(?2)", -1, &st, NULL) != SQLITE_OK) {
		msg_snprintf(why, whylen, "%s", sqlite3_errmsg(db));
		return false;
	}
	for (size_t i = 0; ok && columns[i]; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, columns[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 0)
			continue;
		ok = false;
		if (rc == SQLITE_ROW)
			msg_snprintf(why, whylen, _("column %s.%s is computed, not stored: it would run as code"),
				 table, columns[i]);
		else if (rc == SQLITE_DONE)
			msg_snprintf(why, whylen, _("no column %s.%s"), table, columns[i]);
		else
			msg_snprintf(why, whylen, "%s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return ok;
}

/* A login database that cannot be read, or breaks the rules above, is a warning on that
 * source: the logins it holds are missing from the verdict. */
static void sqlite_refused(struct check_result *r, const char *path, const char *why)
{
	struct finding *f = result_finding(r, FINDING_WARN, path,
					   _("login records not read (%s): logins recorded only there "
					     "are not counted"), why);
	finding_evidence(f, path, _("not read: %s"), why);
}

/* SQLite opens by path, so open through the root layer first and hand SQLite the fd's /proc
 * path: the database read is the file the root layer vetted, never a symlink's target. */
static void read_sqlite(struct audit_context *ctx, const struct name_index *ix, const char *path,
			const char *table, const char *const *columns, const char *sql,
			int64_t divisor, struct last_login *out, struct check_result *r, bool *seen)
{
	int fd;
	int rc = rootfs_open_file(ctx->root, path, &fd, NULL);
	if (rc < 0) {
		if (rc != -ENOENT)
			result_evidence(r, path, _("not read: %s"), rootfs_strerror(rc));
		return;
	}
	char *uri = xasprintf("file:/proc/self/fd/%d?immutable=1", fd);
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	size_t rows = 0;
	char why[256] = "";
	struct sqlite_budget budget = { .deadline_ns = mono_ns() + SQLITE_BUDGET_NS };
	rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		msg_snprintf(why, sizeof why, "%s", db ? sqlite3_errmsg(db) : "sqlite");
		goto refused;
	}
	sqlite_harden(db, &budget);
	if (!sqlite_plain_table(db, table, columns, why, sizeof why))
		goto refused;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		msg_snprintf(why, sizeof why, "%s", sqlite3_errmsg(db));
		goto refused;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(stmt, 0);
		sqlite3_int64 t = sqlite3_column_int64(stmt, 1);
		const unsigned char *from = sqlite3_column_text(stmt, 2);
		if (!name || t <= 0)
			continue;
		long i = index_find(ix, (const char *)name);
		if (i < 0)
			continue;
		rows++;
		note(&out[i], t / divisor, path, from ? (const char *)from : "");
	}
	*seen = true;
	if (rc != SQLITE_DONE) {
		msg_snprintf(why, sizeof why, _("read stopped after %zu records: %s"), rows,
			 budget.exceeded ? _("it outran the time allowed for one database")
					 : sqlite3_errmsg(db));
		goto refused;
	}
	result_evidence(r, path, _("%zu login records of local accounts"), rows);
	goto done;
refused:
	if (budget.exceeded && !*seen)
		msg_snprintf(why, sizeof why, "%s", _("it outran the time allowed for one database"));
	sqlite_refused(r, path, why);
done:
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	free(uri);
	close(fd);
}
#endif

void lastlogin_collect(struct audit_context *ctx, const struct account_db *db,
		       struct last_login *out, struct login_sources *src, struct check_result *r)
{
	memset(src, 0, sizeof *src);
	for (size_t i = 0; i < db->n; i++) {
		out[i].time = 0;
		out[i].source = NULL;
		out[i].from[0] = '\0';
	}
	read_lastlog(ctx, db, out, src, r);
	struct name_index ix;
	index_build(&ix, db);
	read_wtmp(ctx, &ix, "/var/log/wtmp", out, src, r);
	read_wtmp(ctx, &ix, "/var/log/wtmp.1", out, src, r);
#if HAVE_SQLITE3
	bool seen = false;
	/* the schemas util-linux's liblastlog2 and wtmpdb create */
	static const char *const lastlog2_columns[] = { "Name", "Time", "RemoteHost", "TTY", NULL };
	static const char *const wtmp_columns[] = { "User", "Login", "RemoteHost", "TTY", "Type",
						    NULL };
	read_sqlite(ctx, &ix, "/var/lib/lastlog/lastlog2.db", "Lastlog2", lastlog2_columns,
		    "SELECT Name, Time, COALESCE(RemoteHost, TTY, '') FROM main.Lastlog2", 1, out,
		    r, &seen);
	src->lastlog2 = seen;
	seen = false;
	read_sqlite(ctx, &ix, "/var/lib/wtmpdb/wtmp.db", "wtmp", wtmp_columns,
		    "SELECT User, Login, COALESCE(RemoteHost, TTY, '') FROM main.wtmp WHERE Type = 3",
		    1000000, out, r, &seen);
	src->wtmpdb = seen;
	src->any |= src->lastlog2 || src->wtmpdb;
#else
	if (rootfs_exists(ctx->root, "/var/lib/lastlog/lastlog2.db"))
		result_evidence(r, "/var/lib/lastlog/lastlog2.db",
				_("present but not read: kensa was built without SQLite"));
	if (rootfs_exists(ctx->root, "/var/lib/wtmpdb/wtmp.db"))
		result_evidence(r, "/var/lib/wtmpdb/wtmp.db",
				_("present but not read: kensa was built without SQLite"));
#endif
	index_free(&ix);
}
