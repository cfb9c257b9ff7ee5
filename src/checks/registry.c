/* The one table of checks, in report order. Adding a check: a file in src/checks/, a line here,
 * a line in src/checks/meson.build, and its id in the checklist editions. */
#include "../core/check.h"
#include <string.h>

extern const struct check check_accounts_stale;

const struct check *const check_registry[] = {
	&check_accounts_stale,
};
const size_t check_registry_count = sizeof check_registry / sizeof check_registry[0];

const struct check *check_find(const char *id)
{
	for (size_t i = 0; i < check_registry_count; i++)
		if (strcmp(check_registry[i]->id, id) == 0)
			return check_registry[i];
	return NULL;
}
