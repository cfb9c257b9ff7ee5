/* Landlock sandbox (see sandbox.h). Reads stay allowed everywhere: kensa must read the audited
 * system; what it must never do is change it. */
#include "config.h"
#include "sandbox.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#if HAVE_LINUX_LANDLOCK_H
#include <linux/landlock.h>
/* Rights newer than the build host's headers (Debian 12 ships 6.1 headers, without TRUNCATE):
 * a right the ruleset does not handle is allowed, so a kernel that knows it must be told. The
 * values are the kernel's ABI and never change. */
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#endif

#if HAVE_LINUX_LANDLOCK_H && defined(SYS_landlock_create_ruleset)
static int landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
	return abi < 0 ? 0 : (int)abi;
}

static uint64_t handled_rights(int abi)
{
	uint64_t rights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
			  LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
			  LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
			  LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
			  LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
			  LANDLOCK_ACCESS_FS_MAKE_SYM;
	if (abi >= 2)
		rights |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		rights |= LANDLOCK_ACCESS_FS_TRUNCATE; /* else open(O_RDONLY|O_TRUNC) truncates */
	return rights;
}

void sandbox_enter(const char *writable_dir, struct sandbox_status *st)
{
	sandbox_enter_dirs(&writable_dir, 1, st);
}

void sandbox_enter_dirs(const char *const *writable_dirs, size_t n, struct sandbox_status *st)
{
	memset(st, 0, sizeof *st);
	st->abi = landlock_abi();
	if (st->abi <= 0) {
		st->reason = "Landlock not available in this kernel";
		return;
	}
	struct landlock_ruleset_attr attr = { .handled_access_fs = handled_rights(st->abi) };
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (ruleset < 0) {
		st->reason = "landlock_create_ruleset failed";
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *writable_dir = writable_dirs[i];
		if (!writable_dir)
			continue;
		struct landlock_path_beneath_attr beneath = {
			.allowed_access = attr.handled_access_fs & ~(uint64_t)LANDLOCK_ACCESS_FS_EXECUTE,
		};
		beneath.parent_fd = open(writable_dir, O_PATH | O_CLOEXEC | O_DIRECTORY);
		if (beneath.parent_fd < 0 ||
		    syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0) != 0) {
			if (beneath.parent_fd >= 0)
				close(beneath.parent_fd);
			close(ruleset);
			st->reason = "cannot add the output directory rule";
			return;
		}
		close(beneath.parent_fd);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
		close(ruleset);
		st->reason = "landlock_restrict_self failed";
		return;
	}
	close(ruleset);
	st->active = true;
}

void sandbox_describe(FILE *out)
{
	int abi = landlock_abi();
	if (abi > 0)
		fprintf(out, "sandbox: Landlock ABI %d (the audit writes nothing; a broker renames the finished reports)\n", abi);
	else
		fprintf(out, "sandbox: unavailable (kernel without Landlock)\n");
}
#else
/* The same no-sandbox fallback as platforms without Landlock, saying why. */
#define SANDBOX_NONE_REASON "built without Landlock headers"
#define SANDBOX_NONE_DESCRIPTION "sandbox: unavailable (built without Landlock headers)\n"
#include "sandbox_posix.c"
#endif
