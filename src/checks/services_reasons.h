/* The [services] reasons files of services.unneeded (Linux and Windows): kensa's own data files
 * (not the audited root), INI with a [reasons] section of "NAME = why it is not needed". */
#ifndef KENSA_SERVICES_REASONS_H
#define KENSA_SERVICES_REASONS_H
#include "../core/check.h"
#include "../core/context.h"
#include <stdbool.h>
#include <stddef.h>

struct services_reasons {
	char **names, **texts;
	size_t n;
	bool nocase; /* names compare case-insensitively (Windows service names) */
};

/* Reads every file the profile lists; a file not found or not read is evidence on r. A later
 * entry for the same name replaces the earlier text. */
void services_reasons_load(const struct audit_context *ctx, struct services_reasons *rs,
			   bool nocase, struct check_result *r);
/* The reason given for exactly this name, or NULL. */
const char *services_reasons_find(const struct services_reasons *rs, const char *name);
void services_reasons_free(struct services_reasons *rs);

#endif
