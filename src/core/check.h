/* The check interface: one `const struct check` per file under src/checks/, listed in registry.c. */
#ifndef KENSA_CHECK_H
#define KENSA_CHECK_H
#include <stddef.h>
#include "result.h"

enum platform {
	PLATFORM_LINUX = 1 << 0,
	PLATFORM_WINDOWS = 1 << 1,
};

struct audit_context;

struct check {
	const char *id;          /* stable public id, e.g. "accounts.stale" */
	const char *title;       /* N_() English title, translated when reported */
	const char *remediation; /* N_() what to do about a finding */
	unsigned platforms;      /* enum platform bits */
	void (*run)(struct audit_context *ctx, struct check_result *result);
};

extern const struct check *const check_registry[];
extern const size_t check_registry_count;
const struct check *check_find(const char *id);

#endif
