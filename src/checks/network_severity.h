/* The [network] profile keys that say how much a finding of network.access_control weighs, on
 * either platform (network_access_control.c, network_access_control_windows.c). */
#ifndef KENSA_NETWORK_SEVERITY_H
#define KENSA_NETWORK_SEVERITY_H
#include "../core/check.h"
#include "../core/context.h"
#include <stdbool.h>

/* [network] KEY as a severity (fail, warn or info); anything else is the check's error and
 * clears *OK. */
enum finding_severity network_severity(struct audit_context *ctx, struct check_result *r,
				       const char *key, bool *ok);

/* [network] no_default_deny, which the verdict rests on: fail or warn (info is the check's error,
 * as anything else is). False when the check ended in an error. */
bool network_no_deny_severity(struct audit_context *ctx, struct check_result *r,
			      enum finding_severity *out);

#endif
