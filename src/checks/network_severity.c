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

bool network_no_deny_severity(struct audit_context *ctx, struct check_result *r,
			      enum finding_severity *out)
{
	bool ok = true;
	*out = network_severity(ctx, r, "no_default_deny", &ok);
	if (!ok)
		return false;
	if (*out == FINDING_INFO) {
		result_error(r, _("[network] no_default_deny = info: expected fail or warn"));
		return false;
	}
	return true;
}
