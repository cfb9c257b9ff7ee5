/* No sandbox on platforms without Landlock (Cygwin): the read-only discipline is kensa's own. */
#include "sandbox.h"
#include <string.h>

void sandbox_enter(const char *writable_dir, struct sandbox_status *st)
{
	(void)writable_dir;
	memset(st, 0, sizeof *st);
	st->reason = "no Landlock on this platform";
}

void sandbox_describe(FILE *out)
{
	fprintf(out, "sandbox: unavailable on this platform\n");
}
