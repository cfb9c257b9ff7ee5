/* Where Windows facts that no readable file holds come from: on a live audit, the system's own
 * programs ([windows] secedit, net, powershell in the profile, run by command.c); under --root,
 * the captures a vendor took on the PC, in ROOT/kensa-capture/ (see kensa(8), WINDOWS):
 *   secedit.inf         secedit /export /cfg secedit.inf /areas SECURITYPOLICY
 *   net-accounts.txt    net accounts
 *   get-localuser.csv   Get-LocalUser | Select-Object ... | ConvertTo-Csv -NoTypeInformation
 *   net-user.txt        net user
 *   net-user/NAME.txt   net user NAME
 *   net-localgroup/GROUP.txt  net localgroup GROUP (accounts.privileged)
 *   get-hotfix.csv      Get-HotFix | Select-Object ... | ConvertTo-Csv -NoTypeInformation
 *   get-antivirusproduct.csv  Get-CimInstance -Namespace root/SecurityCenter2
 *                       -ClassName AntiVirusProduct | Select-Object ... | ConvertTo-Csv ...
 *   Security.evtx       wevtutil epl Security (logs.review reads it with parsers/evtx.c)
 * Text is decoded to UTF-8 from a BOM's encoding (UTF-8, UTF-16LE), else UTF-8 when it is valid
 * UTF-8, else the OEM code page ([windows] oem_codepage, e.g. CP932) through iconv. */
#ifndef KENSA_WINSOURCE_H
#define KENSA_WINSOURCE_H
#include <stdbool.h>
#include <stddef.h>
#include "../parsers/win_accounts.h"
#include "../parsers/win_policy.h"

struct audit_context;
struct check_result;

#define WIN_CAPTURE_DIR "/kensa-capture"

enum win_source {
	WIN_SRC_SECEDIT,
	WIN_SRC_NET_ACCOUNTS,
	WIN_SRC_LOCALUSERS,
	WIN_SRC_NET_USER_LIST,
	WIN_SRC_NET_USER, /* needs a user name */
	WIN_SRC_HOTFIX,   /* Get-HotFix: installed updates (updates.pending) */
	WIN_SRC_NET_LOCALGROUP, /* net localgroup GROUP: needs the group name as user */
	WIN_SRC_AVPRODUCT, /* Security Center's anti-virus products (antimalware.active) */
};

struct win_text {
	char *text;   /* UTF-8, NUL-terminated */
	size_t len;
	char *origin; /* the command line run, or the capture file inside the root */
	bool captured;
};

/* 0, or a negative errno with a one-line reason: -ENOENT (no capture, no program), -EACCES (the
 * program or the capture needs an elevated prompt), -EIO (the program failed), -EILSEQ (text
 * that does not decode). */
int win_source_text(struct audit_context *ctx, enum win_source which, const char *user,
		    struct win_text *out, char *why, size_t whylen);
void win_text_free(struct win_text *t);

/* Decode captured or command output to UTF-8 (see above); NULL with a reason on failure. */
char *win_text_decode(const char *data, size_t len, const char *oem_codepage, size_t *out_len,
		      char *why, size_t whylen);

/* The account policy: secedit first (it has PasswordComplexity; it needs elevation), then
 * net accounts. What was tried and why it failed goes to r as evidence. 0, or a negative errno
 * with the reason in why (nothing readable). */
int win_policy_load(struct audit_context *ctx, struct win_account_policy *p, char *origin,
		    size_t originlen, struct check_result *r, char *why, size_t whylen);

/* win_policy_load for a check: on failure the result is set (not_applicable without captures
 * under --root, error otherwise, "run elevated" for -EACCES) and -1 returned. */
int win_policy_for_check(struct audit_context *ctx, struct win_account_policy *p, char *origin,
			 size_t originlen, struct check_result *r);

/* Evidence for one policy value: "line 3: MinimumPasswordLength = 8" (secedit) or
 * "line 4: 8 (MinimumPasswordLength)" (net accounts: the label is localised, the position is what
 * counts). On f when given, else on r. */
struct finding;
void win_policy_evidence(struct check_result *r, struct finding *f, const char *origin,
			 const struct win_account_policy *p, const struct win_policy_value *v,
			 const char *secedit_name);

/* Local accounts: Get-LocalUser first, then net user (+ net user NAME for each). *sids_known is
 * false for the net user fallback. */
int win_users_load(struct audit_context *ctx, struct win_user **users, size_t *n, bool *sids_known,
		   char *origin, size_t originlen, struct check_result *r, char *why, size_t whylen);

/* Before a check reads the registry: 0 when ROOT/proc/registry/HKEY_LOCAL_MACHINE can be read,
 * else the result is set to error (with the reason: not a Cygwin host, not captured, run elevated)
 * and -1 returned. */
int win_registry_for_check(struct audit_context *ctx, struct check_result *r);

/* The relative id of a SID ("S-1-5-21-...-500" -> 500); -1 when it has none. */
long win_sid_rid(const char *sid);

#endif
