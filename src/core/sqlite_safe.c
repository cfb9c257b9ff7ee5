/* Reading the audited image's SQLite databases as data (see sqlite_safe.h). */
#include "config.h"
#include "sqlite_safe.h"
#include "i18n.h"
#include "result.h"
#include "rootfs.h"
#include "xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void sqlite_safe_refused(struct check_result *r, const char *path, const char *why)
{
	struct finding *f = result_finding(r, FINDING_WARN, path,
					   _("login records not read (%s): logins recorded only there "
					     "are not counted"), why);
	finding_evidence(f, path, _("not read: %s"), why);
}

#if HAVE_SQLITE3
/* A database comes from the audited image, and SQLite's schema is code: a view, a generated
 * column or a virtual table runs whatever its author wrote (an endless recursive CTE behind a
 * view named Lastlog2 never returns). So the connection is defensive (no schema writes, no
 * extensions, untrusted schema: no non-innocuous functions, no views or triggers where the
 * library allows turning them off), only plain columns of a real table are read, and a
 * progress handler stops any statement that outruns its budget. */
#define SQLITE_BUDGET_NS (5LL * 1000000000LL) /* per database: a real one is read in well under 1 s */
#define SQLITE_BUDGET_OPS (200LL * 1000000LL) /* virtual machine instructions per database */
#define SQLITE_PROGRESS_STEP 10000

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

/* SQLite opens by path, so open through the root layer first and hand SQLite the fd's /proc
 * path: the database read is the file the root layer vetted, never a symlink's target. */
int sqlite_safe_open(const struct rootfs *root, const char *path, struct sqlite_safe *s,
		     struct stat *st, char *why, size_t whylen)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	int rc = rootfs_open_file(root, path, &s->fd, st);
	if (rc < 0) {
		s->fd = -1;
		return rc;
	}
	char *uri = xasprintf("file:/proc/self/fd/%d?immutable=1", s->fd);
	s->budget.deadline_ns = mono_ns() + SQLITE_BUDGET_NS;
	rc = sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
			     NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		msg_snprintf(why, whylen, "%s", s->db ? sqlite3_errmsg(s->db) : "sqlite");
		return 1;
	}
	sqlite_harden(s->db, &s->budget);
	return 0;
}

bool sqlite_safe_plain_table(struct sqlite_safe *s, const char *table,
			     const char *const *columns, char *why, size_t whylen)
{
	sqlite3 *db = s->db;
	sqlite3_stmt *st = NULL;
	bool ok = false;
	if (sqlite3_prepare_v2(db, "SELECT type, rootpage FROM main.sqlite_master "
				   "WHERE lower(name) = lower(?1)", -1, &st, NULL) != SQLITE_OK) {
		msg_snprintf(why, whylen, "%s", sqlite_safe_stopped(s));
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
		msg_snprintf(why, whylen, "%s", sqlite_safe_stopped(s));
	}
	sqlite3_finalize(st);
	if (!ok)
		return false;
	/* hidden: 0 a stored column, 1 hidden (virtual tables), 2 and 3 generated columns */
	if (sqlite3_prepare_v2(db, "SELECT hidden FROM pragma_table_xinfo(?1, 'main') "
				   "WHERE lower(name) = lower(?2)", -1, &st, NULL) != SQLITE_OK) {
		msg_snprintf(why, whylen, "%s", sqlite_safe_stopped(s));
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
			msg_snprintf(why, whylen, "%s", sqlite_safe_stopped(s));
	}
	sqlite3_finalize(st);
	return ok;
}

const char *sqlite_safe_stopped(struct sqlite_safe *s)
{
	if (s->budget.exceeded)
		return _("it outran the time allowed for one database");
	return s->db ? sqlite3_errmsg(s->db) : "sqlite";
}

void sqlite_safe_close(struct sqlite_safe *s)
{
	if (s->db)
		sqlite3_close(s->db);
	s->db = NULL;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
#endif
