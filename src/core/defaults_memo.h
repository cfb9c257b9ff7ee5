/* password.defaults' memo (kept with --report-dir): which stored hashes were already tested in
 * full against which candidates, so a monthly run tests only new or changed ones. It holds keyed
 * digests, never a hash: HMAC-SHA256 under a random 32-byte key kept 0600 in the report
 * directory, over (stored hash, account, host name, candidate list digest). Both files are
 * written through the reports' own atomic 0600 output, only into the report directory. */
#ifndef KENSA_DEFAULTS_MEMO_H
#define KENSA_DEFAULTS_MEMO_H
#include <stdbool.h>
#include <stddef.h>
#include "sha256.h"

struct defaults_memo;

/* Open the memo of `host` in the report directory `dir` (its fd `dirfd`) for a report dated
 * `date` (YYYY-MM-DD). A missing memo or key starts empty (a new key is made); a malformed or
 * unreadable one starts empty too and says why in *note (a static string, or NULL): testing
 * again is never a wrong pass. NULL only when no key can be made (err says why). */
struct defaults_memo *defaults_memo_open(int dirfd, const char *dir, const char *host,
					 const char *date, const char **note, char *err,
					 size_t errlen);
void defaults_memo_free(struct defaults_memo *m);

/* SHA-256 over the candidate list, entry by entry (each ends with a NUL). */
void defaults_memo_list_digest(const char *const *entries, size_t n,
			       unsigned char out[SHA256_DIGEST_SIZE]);
/* The keyed digest of one account's test: what must be unchanged for its result to stand. */
void defaults_memo_digest(const struct defaults_memo *m, const char *stored_hash,
			  const char *account, const char *host,
			  const unsigned char list_digest[SHA256_DIGEST_SIZE],
			  unsigned char out[SHA256_DIGEST_SIZE]);
/* The date of the report in which this digest was fully tested, or NULL; a found entry is kept
 * in the memo written next. */
const char *defaults_memo_find(struct defaults_memo *m, const unsigned char d[SHA256_DIGEST_SIZE]);
/* Fully tested now, no match: remember it with this report's date. */
void defaults_memo_add(struct defaults_memo *m, const unsigned char d[SHA256_DIGEST_SIZE]);
/* Why this run's memo started empty (N_() text to translate), or NULL. */
const char *defaults_memo_note(const struct defaults_memo *m);
/* Before the sandboxed audit starts (the broker's fork): open the temporary files of the key
 * (when new) and of the memo in the report directory, for the broker to rename into place. */
struct broker;
int defaults_memo_prepare(struct defaults_memo *m, const char *audit_root, struct broker *broker,
			  char *err, size_t errlen);
/* Write the key (when new) and the memo (the entries found or added in this run only: an
 * account that changed or left is forgotten) into the prepared files, atomically, mode 0600;
 * nothing when password.defaults did not consult the memo. 0, or -1 with err. */
int defaults_memo_save(struct defaults_memo *m, char *err, size_t errlen);
/* Drop the prepared files without writing them. */
void defaults_memo_abandon(struct defaults_memo *m);

#endif
