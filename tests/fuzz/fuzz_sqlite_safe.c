/* libFuzzer harness: the shared hardened SQLite reader (src/core/sqlite_safe.c) on arbitrary
 * bytes as an image's wtmp.db: opened through the root layer, the plain-table check, then the
 * rows logs.review reads, streamed. Seeds: tests/fuzz/corpus/sqlite_safe (a database with
 * wtmpdb's schema and rows, a view, a generated column). Any crash, leak or a statement that
 * outlasts the budget is a finding. */
#include "config.h"
#include "core/rootfs.h"
#include "core/sqlite_safe.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[] = "/tmp/kensa-fuzz-sqlite-XXXXXX";
	static struct rootfs *root;
	if (!root) {
		if (!mkdtemp(dir) || rootfs_open(dir, &root) != 0)
			abort();
	}
	char path[64];
	snprintf(path, sizeof path, "%s/wtmp.db", dir);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	static const char *const columns[] = { "Type", "User", "Login", "TTY", "RemoteHost",
					       "Service", NULL };
	struct sqlite_safe s;
	char why[256];
	int rc = sqlite_safe_open(root, "/wtmp.db", &s, NULL, why, sizeof why);
	if (rc < 0)
		return 0;
	sqlite3_stmt *st = NULL;
	if (rc == 0 && sqlite_safe_plain_table(&s, "wtmp", columns, why, sizeof why) &&
	    sqlite3_prepare_v2(s.db, "SELECT User, Login, TTY, RemoteHost, Service FROM main.wtmp "
				     "WHERE Type = 3 AND Login >= ?1 AND Login < ?2", -1, &st,
			       NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, 0);
		sqlite3_bind_int64(st, 2, INT64_MAX);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (int i = 0; i < 5; i++) {
				const unsigned char *t = sqlite3_column_text(st, i);
				if (t && strlen((const char *)t) != (size_t)sqlite3_column_bytes(st, i) &&
				    memchr(t, 0, (size_t)sqlite3_column_bytes(st, i)) == NULL)
					abort();
			}
		}
		(void)sqlite_safe_stopped(&s);
	}
	sqlite3_finalize(st);
	sqlite_safe_close(&s);
	return 0;
}
