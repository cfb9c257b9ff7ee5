/* Self-restriction before reading untrusted input: on Linux >= 5.13, Landlock denies every
 * write, create, remove and exec (except beneath the directories given, which kensa audit no
 * longer gives: its reports are renamed into place by the broker, sandbox_broker.h). */
#ifndef KENSA_SANDBOX_H
#define KENSA_SANDBOX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sandbox_status {
	bool active;
	int abi;            /* Landlock ABI version, 0 when unavailable */
	const char *reason; /* why not active */
};

/* writable_dir may be NULL: then nothing at all may be written. */
void sandbox_enter(const char *writable_dir, struct sandbox_status *st);
/* The same with several writable directories (several --output files, --report-dir);
 * NULL entries are skipped. */
void sandbox_enter_dirs(const char *const *writable_dirs, size_t n, struct sandbox_status *st);
/* One line for --version: whether the sandbox is available here. */
void sandbox_describe(FILE *out);

#endif
