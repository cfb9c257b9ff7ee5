/* No sandbox on platforms without Landlock (Cygwin): the read-only discipline is kensa's own.
 * sandbox_linux.c also includes this file when built without Landlock headers, defining the two
 * texts first. */
#include "sandbox.h"
#include <string.h>

#ifndef SANDBOX_NONE_REASON
#define SANDBOX_NONE_REASON "no Landlock on this platform"
#define SANDBOX_NONE_DESCRIPTION "sandbox: unavailable on this platform\n"
#endif

void sandbox_enter(const char *writable_dir, struct sandbox_status *st)
{
	sandbox_enter_dirs(&writable_dir, 1, st);
}

void sandbox_enter_dirs(const char *const *writable_dirs, size_t n, struct sandbox_status *st)
{
	(void)writable_dirs;
	(void)n;
	memset(st, 0, sizeof *st);
	st->reason = SANDBOX_NONE_REASON;
}

void sandbox_describe(FILE *out)
{
	fputs(SANDBOX_NONE_DESCRIPTION, out);
}
