/* The minimum password length a rule set requires on this system. Guideline 7.0 (システム運用編
 * 14.1.1): 8 characters when every interactive entry requires a second factor, 13 otherwise;
 * profiles say so with [password] min_length (with two-factor) and
 * min_length_without_two_factor (0: one length for all). The two-factor answer is the one
 * auth.two_factor gives (twofactor.c, twofactor_windows.c). */
#ifndef KENSA_PWLENGTH_H
#define KENSA_PWLENGTH_H

struct audit_context;
struct check_result;

/* The length to require; which one applied and why goes to r as evidence. */
long long pw_required_min_length(struct audit_context *ctx, struct check_result *r);

#endif
