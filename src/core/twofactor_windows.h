/* Is a second factor required for Windows interactive logons? "Interactive logon: Require
 * Windows Hello for Business or smart card" (ScForceOption = 1, from the registry or secedit's
 * [Registry Values]). Windows Hello for Business enabled by policy and third-party credential
 * providers (Duo, YubiKey, ...) are evidence only: the password provider still logs on beside
 * them. Shared by password.max_age, password.policy (guideline 7.0) and auth.two_factor. */
#ifndef KENSA_TWOFACTOR_WINDOWS_H
#define KENSA_TWOFACTOR_WINDOWS_H
#include <stdbool.h>

struct audit_context;
struct check_result;
struct win_account_policy;

/* Evidence to r (required). p/origin: the account policy when loaded (secedit carries
 * ScForceOption too), else NULL. */
bool win_twofactor_required(struct audit_context *ctx, const struct win_account_policy *p,
			    const char *origin, struct check_result *r);
/* Credential providers registered beyond Windows' own, as evidence on r; returns how many. */
int win_credential_providers_evidence(struct audit_context *ctx, struct check_result *r);

#endif
