/* Check suite: the shared hardened SQLite reader (src/core/sqlite_safe.c) on databases built
 * here with wtmpdb's own schema and with hostile ones: a view, a generated column, a missing
 * column, not a database, a statement that outruns the budget, a link out of the root. */
#include "config.h"
#include "testutil.h"
#include "core/rootfs.h"
#include "core/sqlite_safe.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if HAVE_SQLITE3
/* https://github.com/thkukuk/wtmpdb/blob/main/lib/sqlite.c, create_table() */
#define WTMPDB_TABLE "CREATE TABLE IF NOT EXISTS wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, " \
	"User TEXT NOT NULL, Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT, " \
	"Service TEXT) STRICT;"

static const char *const columns[] = { "Type", "User", "Login", "TTY", "RemoteHost", "Service",
				       NULL };
static char *dir;
static struct rootfs *root;

static void setup(void)
{
	dir = tu_mkroot();
	tu_mkdirs(dir, "var/lib/wtmpdb");
	ck_assert_int_eq(rootfs_open(dir, &root), 0);
}

static void teardown(void)
{
	rootfs_close(root);
	tu_rmtree(dir);
}

/* Build DIR/var/lib/wtmpdb/wtmp.db from SQL statements (run with the host's own sqlite3). */
static void make_db(const char *sql)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/var/lib/wtmpdb/wtmp.db", dir);
	sqlite3 *db;
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	char *err = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	ck_assert_msg(rc == SQLITE_OK, "%s", err ? err : "?");
	sqlite3_close(db);
}

static bool refused(const char *want)
{
	struct sqlite_safe s;
	char why[256] = "";
	int rc = sqlite_safe_open(root, "/var/lib/wtmpdb/wtmp.db", &s, NULL, why, sizeof why);
	ck_assert_int_ge(rc, 0);
	bool ok = rc == 0 && sqlite_safe_plain_table(&s, "wtmp", columns, why, sizeof why);
	sqlite_safe_close(&s);
	if (!ok)
		ck_assert_msg(strstr(why, want) != NULL, "why: %s (wanted %s)", why, want);
	return !ok;
}

START_TEST(real_wtmpdb_table_is_read)
{
	make_db(WTMPDB_TABLE "INSERT INTO wtmp (Type,User,Login,TTY,RemoteHost,Service) "
		"VALUES(3,'alice',1795000000000000,'pts/0','192.0.2.7','sshd');");
	struct sqlite_safe s;
	char why[256] = "";
	struct stat st;
	ck_assert_int_eq(sqlite_safe_open(root, "/var/lib/wtmpdb/wtmp.db", &s, &st, why, sizeof why),
			 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_msg(sqlite_safe_plain_table(&s, "wtmp", columns, why, sizeof why), "%s", why);
	sqlite3_stmt *q;
	ck_assert_int_eq(sqlite3_prepare_v2(s.db, "SELECT User, Login FROM main.wtmp WHERE Type = 3",
					    -1, &q, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(q, 0), "alice");
	ck_assert(sqlite3_column_int64(q, 1) == 1795000000000000LL);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	/* read-only: no write reaches the image's file */
	ck_assert_int_ne(sqlite3_exec(s.db, "DELETE FROM wtmp", NULL, NULL, NULL), SQLITE_OK);
	sqlite_safe_close(&s);
}
END_TEST

START_TEST(view_is_refused)
{
	make_db("CREATE VIEW wtmp AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
		"SELECT 3 AS Type, 'a' AS User, x AS Login, '' AS TTY, '' AS RemoteHost, "
		"'sshd' AS Service FROM c;");
	ck_assert(refused("wtmp is a view, not a table"));
}
END_TEST

START_TEST(generated_column_is_refused)
{
	make_db("CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT, Start INTEGER, "
		"Login INTEGER AS (Start * 1000000) VIRTUAL, TTY TEXT, RemoteHost TEXT, Service TEXT);");
	ck_assert(refused("column wtmp.Login is computed, not stored"));
}
END_TEST

START_TEST(missing_column_is_refused)
{
	make_db("CREATE TABLE wtmp(ID INTEGER PRIMARY KEY, Type INTEGER, User TEXT NOT NULL, "
		"Login INTEGER, Logout INTEGER, TTY TEXT, RemoteHost TEXT);");
	ck_assert(refused("no column wtmp.Service"));
	make_db("DROP TABLE wtmp; CREATE TABLE other(x);");
	ck_assert(refused("no table wtmp"));
}
END_TEST

START_TEST(not_a_database_is_refused)
{
	char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 131 + 7);
	tu_write_bytes(dir, "var/lib/wtmpdb/wtmp.db", junk, sizeof junk);
	ck_assert(refused("not a database"));
}
END_TEST

START_TEST(missing_and_escaping_files)
{
	struct sqlite_safe s;
	char why[64];
	ck_assert_int_eq(sqlite_safe_open(root, "/var/lib/wtmpdb/wtmp.db", &s, NULL, why, sizeof why),
			 -ENOENT);
	/* a database outside the root, named by an absolute link: resolved inside the root */
	char *outside = tu_mkroot();
	char target[4096];
	snprintf(target, sizeof target, "%s/var/lib/wtmpdb/wtmp.db", outside);
	char *saved = dir;
	dir = outside;
	tu_mkdirs(dir, "var/lib/wtmpdb");
	make_db(WTMPDB_TABLE);
	dir = saved;
	tu_symlink(dir, "var/lib/wtmpdb/wtmp.db", target);
	ck_assert_int_lt(sqlite_safe_open(root, "/var/lib/wtmpdb/wtmp.db", &s, NULL, why, sizeof why),
			 0);
	tu_rmtree(outside);
}
END_TEST

START_TEST(budget_stops_a_long_statement)
{
	make_db(WTMPDB_TABLE "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
		"WHERE x < 20000) INSERT INTO wtmp (Type,User,Login) SELECT 3, 'u', x FROM c;");
	struct sqlite_safe s;
	char why[256] = "";
	ck_assert_int_eq(sqlite_safe_open(root, "/var/lib/wtmpdb/wtmp.db", &s, NULL, why, sizeof why),
			 0);
	sqlite3_stmt *q;
	/* 400 million pairs: far past the instruction budget */
	ck_assert_int_eq(sqlite3_prepare_v2(s.db, "SELECT count(*) FROM wtmp a, wtmp b "
					    "WHERE a.Login + b.Login = 7", -1, &q, NULL), SQLITE_OK);
	time_t t0 = time(NULL);
	int rc = sqlite3_step(q);
	ck_assert_int_ne(rc, SQLITE_ROW);
	ck_assert_int_le(time(NULL) - t0, 10);
	ck_assert_str_eq(sqlite_safe_stopped(&s), "it outran the time allowed for one database");
	sqlite3_finalize(q);
	sqlite_safe_close(&s);
}
END_TEST
#endif

int main(void)
{
	Suite *s = suite_create("sqlite_safe");
	TCase *tc = tcase_create("sqlite_safe");
#if HAVE_SQLITE3
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, real_wtmpdb_table_is_read);
	tcase_add_test(tc, view_is_refused);
	tcase_add_test(tc, generated_column_is_refused);
	tcase_add_test(tc, missing_column_is_refused);
	tcase_add_test(tc, not_a_database_is_refused);
	tcase_add_test(tc, missing_and_escaping_files);
	tcase_add_test(tc, budget_stops_a_long_statement);
#endif
	suite_add_tcase(s, tc);
	return tu_run(s);
}
