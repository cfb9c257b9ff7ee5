/* See network_severity.h. */
#include "network_severity.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include <string.h>

enum finding_severity network_severity(struct audit_context *ctx, struct check_result *r,
				       const char *key, bool *ok)
{
	const char *v = profile_string(ctx->profile, "network", key);
	if (strcmp(v, "fail") == 0)
		return FINDING_FAIL;
	if (strcmp(v, "warn") == 0)
		return FINDING_WARN;
	if (strcmp(v, "info") == 0)
		return FINDING_INFO;
	result_error(r, _("[network] %s = %s: expected fail, warn or info"), key, v);
	*ok = false;
	return FINDING_INFO;
}
