/* Helpers the evidence checks (backup.evidence, remote.access, host.inventory) share: a command
 * line made safe to show, one value of a unit file, a qsort comparator of strings. */
#ifndef KENSA_EVIDENCE_UTIL_H
#define KENSA_EVIDENCE_UTIL_H
#include <stddef.h>

/* A copy of a command line safe to print: the value of a NAME=VALUE word or a --option=VALUE
 * whose name says password, passphrase, secret, token or key (also Windows' -option:VALUE and
 * /option:VALUE), the word after such an option,
 * and the password of a "scheme://user:password@host" address become "***"; cut to at most
 * max bytes (on a UTF-8 boundary) with "…". */
char *evidence_redact_command(const char *command, size_t max);

/* The values of KEY in [SECTION] of a systemd unit file (trailing-backslash continuations
 * joined, an empty assignment resetting, the ExecStart prefixes "-@:+!" dropped), joined by
 * "; ", or NULL when none. */
char *evidence_unit_value(const char *buf, size_t len, const char *section, const char *key);

/* qsort comparator for an array of char *. */
int evidence_cmp_str(const void *a, const void *b);

#endif
