/* Reading an SQLite database of the audited image (lastlog2.db, wtmpdb's wtmp.db) as data, never
 * as code: opened through the root layer, read-only and immutable, on a hardened connection
 * with a time and instruction budget; only plain stored columns of a real table are read. One
 * copy for every reader (accounts.stale's last logins, logs.review's logins of the period). */
#ifndef KENSA_SQLITE_SAFE_H
#define KENSA_SQLITE_SAFE_H
#include "config.h"
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

struct rootfs;
struct check_result;

#if HAVE_SQLITE3
#include <sqlite3.h>

struct sqlite_budget {
	long long deadline_ns;
	long long ops;
	bool exceeded;
};

struct sqlite_safe {
	sqlite3 *db;
	int fd;
	struct sqlite_budget budget;
};

/* Open PATH inside ROOT. Returns 0 with s->db ready (hardened, budget started); a negative
 * errno from the root layer when the file could not be opened (nothing to close); 1 when the
 * file was opened but SQLite refused it (reason in WHY; s must still be closed). ST, when not
 * NULL, receives the file's status. */
int sqlite_safe_open(const struct rootfs *root, const char *path, struct sqlite_safe *s,
		     struct stat *st, char *why, size_t whylen);

/* Whether TABLE is a real, stored table in the main schema whose COLUMNS (NULL-terminated) are
 * plain stored columns; otherwise a reason in WHY. */
bool sqlite_safe_plain_table(struct sqlite_safe *s, const char *table,
			     const char *const *columns, char *why, size_t whylen);

/* Why a statement stopped early: the budget ran out, or SQLite's own message. */
const char *sqlite_safe_stopped(struct sqlite_safe *s);

void sqlite_safe_close(struct sqlite_safe *s);
#endif

/* A login database that cannot be read, or breaks the rules above: a warning on that source,
 * the logins it holds are missing from the verdict. */
void sqlite_safe_refused(struct check_result *r, const char *path, const char *why);

#endif
