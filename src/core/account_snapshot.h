/* The account snapshot logs.review compares with (9の心得 rule 5: "configuration changes nobody
 * planned"). The shadow tools log what they change, but a hand-edited /etc/passwd, a vipw, an
 * image rebuilt with one more UID-0 line logs nothing: only comparing the files themselves
 * shows it. With --report-dir each audit keeps the accounts and groups as they were, in
 * kensa-accounts-HOST.snapshot (0600, in the report directory only, written through the
 * reports' own atomic output and broker), and the next audit names what changed since.
 *
 * What is kept per account: name, UID, GID, home, shell, the password's state (set, empty,
 * locked, disabled), shadow's last-change and expiry days, and a keyed digest of the password
 * field (HMAC-SHA256 under a random key kept in the same file, first 16 bytes) so a changed
 * password is seen without the file holding a hash or anything a hash could be tested
 * against. Per group: name, GID, the members of /etc/group and /etc/gshadow. */
#ifndef KENSA_ACCOUNT_SNAPSHOT_H
#define KENSA_ACCOUNT_SNAPSHOT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "accounts.h"

struct broker;
struct group_db;

#define ACCOUNT_DIGEST_HEX 32

struct snapshot_user {
	char *name, *home, *shell;
	uint32_t uid, gid;
	enum password_state pw;
	long long lastchg, expire; /* -1 = unset */
	char digest[ACCOUNT_DIGEST_HEX + 1]; /* "" when the field is empty */
};

struct snapshot_group {
	char *name;
	long gid;
	char **members; /* sorted, each once */
	size_t n;
};

struct account_state {
	int64_t taken_at; /* seconds since the epoch */
	struct snapshot_user *users; /* sorted by name */
	size_t n_users;
	bool have_groups; /* /etc/group was read (else groups are not compared) */
	struct snapshot_group *groups; /* sorted by name */
	size_t n_groups;
};

void account_state_free(struct account_state *st);

/* ---- the file in the report directory -------------------------------------------------------- */

struct account_snapshot;

/* Read the host's snapshot from the report directory (dirfd, dir); this audit's will bear
 * taken_at, the moment its report is dated (audited_at), so the two name the same time. A missing one starts with no
 * prior state and a new key; a malformed or unreadable one too, with a note
 * (account_snapshot_note) saying why. NULL only when no key can be made (err says why). */
struct account_snapshot *account_snapshot_open(int dirfd, const char *dir, const char *host,
					       int64_t taken_at, char *err, size_t errlen);
/* Before the sandbox: open the temporary file the broker renames into place. On failure (e.g.
 * a link where the file should be: never written through) the snapshot still serves this
 * audit's comparison and is not saved. */
int account_snapshot_prepare(struct account_snapshot *s, const char *audit_root,
			     struct broker *broker, char *err, size_t errlen);
/* The state kept by the previous audit, or NULL. */
const struct account_state *account_snapshot_prior(const struct account_snapshot *s);
const char *account_snapshot_note(const struct account_snapshot *s);
/* Why this audit's state will not be written (N_() text; prepare failed), or NULL. */
const char *account_snapshot_save_note(const struct account_snapshot *s);
/* The state of the audited accounts and groups now, digested under this snapshot's key; groups
 * NULL when /etc/group could not be read. */
void account_snapshot_take(const struct account_snapshot *s, const struct account_db *db,
			   const struct group_db *groups, struct account_state *out);
/* Keep ST (ownership passes) to be written by account_snapshot_save. */
void account_snapshot_keep(struct account_snapshot *s, struct account_state *st);
/* Write the kept state atomically (0600); nothing, and the old file stays, when none was kept. */
int account_snapshot_save(struct account_snapshot *s, char *err, size_t errlen);
void account_snapshot_abandon(struct account_snapshot *s);
void account_snapshot_free(struct account_snapshot *s);

/* Parse a snapshot file's text (exposed for the unit test and the fuzzer). The key is copied
 * to key_out. 0, or -1 when the text is not a well-formed snapshot. */
int account_snapshot_parse(const char *text, size_t len, struct account_state *out,
			   unsigned char key_out[32]);
/* Write the file's text for ST under KEY. 0, or -1 on a write error. */
int account_snapshot_write(FILE *fp, const struct account_state *st, const unsigned char key[32]);

/* ---- what changed ----------------------------------------------------------------------------- */

enum account_change_kind {
	ACCOUNT_ADDED,
	ACCOUNT_REMOVED,
	ACCOUNT_CHANGED,
	GROUP_ADDED,
	GROUP_REMOVED,
	GROUP_CHANGED,
};

enum {
	CHANGED_UID = 1 << 0,
	CHANGED_GID = 1 << 1,
	CHANGED_HOME = 1 << 2,
	CHANGED_SHELL = 1 << 3,
	CHANGED_PASSWORD = 1 << 4,       /* another password (the digest differs) */
	CHANGED_PASSWORD_STATE = 1 << 5, /* set / empty / locked / disabled */
	CHANGED_LASTCHG = 1 << 6,        /* only the last-change day (no other password) */
	CHANGED_EXPIRE = 1 << 7,
	CHANGED_MEMBERS = 1 << 8,        /* groups: members added or removed */
};

struct account_change {
	enum account_change_kind kind;
	unsigned what; /* CHANGED_* for ACCOUNT_CHANGED, GROUP_CHANGED */
	const struct snapshot_user *user_before, *user_after;
	const struct snapshot_group *group_before, *group_after;
};

/* Call fn for each difference, accounts first, then groups (when both states have them), each
 * in name order. Linear in the sizes of both states. Returns the number of changes. */
size_t account_state_compare(const struct account_state *before, const struct account_state *after,
			     void (*fn)(void *ud, const struct account_change *c), void *ud);
/* The members in A and not in B (both sorted), into out (", "-joined, cut with ", ..."). */
void snapshot_members_minus(const struct snapshot_group *a, const struct snapshot_group *b,
			    char *out, size_t len);

#endif
