/* Every profile key kensa knows, with its type and bounds. Document each in man/kensa.8. */
#include "profile.h"
#include <limits.h>

const struct profile_key profile_keys[] = {
	{ "checklist", "edition", PROFILE_STRING, 0, 0 },
	{ "checklist", "device_class", PROFILE_STRING, 0, 0 },
	{ "accounts", "stale_days", PROFILE_INT, 1, 36500 },
	{ "accounts", "never_logged_in_grace_days", PROFILE_INT, 0, 36500 },
	{ "accounts", "exempt", PROFILE_LIST, 0, 0 },
	{ "accounts", "nologin_shells", PROFILE_LIST, 0, 0 },
};
const size_t profile_key_count = sizeof profile_keys / sizeof profile_keys[0];
