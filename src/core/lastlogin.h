/* When each local account last logged in, merged from every record the OS keeps: lastlog
 * (indexed by UID), wtmp and its rotated predecessor (streamed), and lastlog2/wtmpdb (SQLite,
 * Debian 13 and Fedora). */
#ifndef KENSA_LASTLOGIN_H
#define KENSA_LASTLOGIN_H
#include <stdbool.h>
#include <stdint.h>

struct audit_context;
struct account_db;
struct check_result;

struct last_login {
	int64_t time;       /* seconds since the epoch; 0 = no record */
	const char *source; /* file the newest record came from (static string) */
	char from[64];      /* remote host or tty of that record */
};

struct login_sources {
	bool lastlog, wtmp, lastlog2, wtmpdb; /* which were found and read */
	bool any;
};

/* Fill out[i] for db->accounts[i]; adds evidence lines to r for each source read or skipped. */
void lastlogin_collect(struct audit_context *ctx, const struct account_db *db,
		       struct last_login *out, struct login_sources *sources,
		       struct check_result *r);

#endif
