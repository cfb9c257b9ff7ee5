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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "sqlite_safe.h"

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
/* One login database, through the shared hardened reader (sqlite_safe.h). */
static void read_sqlite(struct audit_context *ctx, const struct name_index *ix, const char *path,
			const char *table, const char *const *columns, const char *sql,
			int64_t divisor, struct last_login *out, struct check_result *r, bool *seen)
{
	struct sqlite_safe s;
	struct stat st;
	char why[256] = "";
	int rc = sqlite_safe_open(ctx->root, path, &s, &st, why, sizeof why);
	if (rc < 0) {
		if (rc != -ENOENT)
			result_evidence(r, path, _("not read: %s"), rootfs_strerror(rc));
		return;
	}
	if (st.st_size == 0) { /* logrotate's "create" after a rotation: no login yet */
		result_evidence(r, path, "%s", _("empty: no login records yet (a new file, as "
						 "logrotate creates one)"));
		*seen = true;
		sqlite_safe_close(&s);
		return;
	}
	sqlite3 *db = s.db;
	sqlite3_stmt *stmt = NULL;
	size_t rows = 0;
	if (rc > 0 || !sqlite_safe_plain_table(&s, table, columns, why, sizeof why))
		goto refused;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		msg_snprintf(why, sizeof why, "%s", sqlite_safe_stopped(&s));
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
			 sqlite_safe_stopped(&s));
		goto refused;
	}
	result_evidence(r, path, _("%zu login records of local accounts"), rows);
	goto done;
refused:
	if (s.budget.exceeded && !*seen)
		msg_snprintf(why, sizeof why, "%s", sqlite_safe_stopped(&s));
	sqlite_safe_refused(r, path, why);
done:
	sqlite3_finalize(stmt);
	sqlite_safe_close(&s);
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
	static const char wtmp_sql[] =
		"SELECT User, Login, COALESCE(RemoteHost, TTY, '') FROM main.wtmp WHERE Type = 3";
	read_sqlite(ctx, &ix, "/var/lib/wtmpdb/wtmp.db", "wtmp", wtmp_columns, wtmp_sql, 1000000,
		    out, r, &seen);
	/* Debian's logrotate moves /var/log/wtmp.db (which /var/lib/wtmpdb/wtmp.db links to)
	 * aside once a year: last year's logins are in wtmp.db.1, as wtmp's are in wtmp.1 */
	bool seen_rotated = false;
	read_sqlite(ctx, &ix, "/var/log/wtmp.db.1", "wtmp", wtmp_columns, wtmp_sql, 1000000, out,
		    r, &seen_rotated);
	src->wtmpdb = seen || seen_rotated;
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
