/* Windows two-factor evidence from the registry (Cygwin's /proc/registry or a capture). */
#include "twofactor_windows.h"
#include "context.h"
#include "i18n.h"
#include "result.h"
#include "rootfs.h"
#include "winreg.h"
#include "xalloc.h"
#include "../parsers/win_policy.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SYSTEM_POLICY_KEY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System"
#define WHFB_POLICY_KEY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\PassportForWork"
#define PROVIDERS_KEY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Authentication\\Credential Providers"

bool win_twofactor_required(struct audit_context *ctx, const struct win_account_policy *p,
			    const char *origin, struct check_result *r)
{
	int64_t v;
	char *src = NULL;
	int rc = winreg_read_number(ctx->root, SYSTEM_POLICY_KEY, "ScForceOption", 1, &v, &src);
	if (rc == 0) {
		result_evidence(r, src, _("ScForceOption = %lld (1: interactive logons need a smart "
					  "card or Windows Hello for Business)"), (long long)v);
		free(src);
		return v == 1;
	}
	free(src);
	src = NULL;
	if (p && p->sc_force.set) {
		result_evidence(r, origin, _("line %u: ScForceOption = %s"), p->sc_force.line,
				p->sc_force.raw);
		return !p->sc_force.never && p->sc_force.value == 1;
	}
	if (rc == -EACCES)
		result_evidence(r, NULL, _("ScForceOption not readable (run elevated): a second factor "
					   "is not assumed"));
	else
		result_evidence(r, NULL, _("ScForceOption not set: password logons are allowed"));
	if (winreg_read_number(ctx->root, WHFB_POLICY_KEY, "Enabled", 1, &v, &src) == 0 && v == 1)
		result_evidence(r, src, _("Windows Hello for Business is enabled, but passwords still "
					  "log on: not counted as two-factor"));
	free(src);
	return false;
}

/* Windows' own credential providers (Windows 10/11, Server 2016-2025): the rest is third-party. */
static const char *const builtin_providers[] = {
	"{01A30791-40AE-4653-AB2E-FD210019AE88}", /* Automatic Redeployment */
	"{1b283861-754f-4022-ad47-a5eaaa618894}", /* Smartcard Reader Selection */
	"{1ee7337f-85ac-45e2-a23c-37c753209769}", /* Smartcard WinRT */
	"{2135f72a-90b5-4ed3-a7f1-8bb705ac276a}", /* PicturePassword */
	"{25CBB996-92ED-457e-B28C-4774084BD562}", /* GenericProvider */
	"{27FBDB57-B613-4AF2-9D7E-4FA7A66C21AD}", /* TrustedSignal */
	"{3dd6bec0-8193-4ffe-ae25-e08e39ea4063}", /* NPProvider */
	"{48B4E58D-2791-456C-9091-D524C6C706F2}", /* Secondary Authentication Factor */
	"{600e7adb-da3e-41a4-9225-3c0399e88c0c}", /* CngCredUICredentialProvider */
	"{60b78e88-ead8-445c-9cfd-0b87f74ea6cd}", /* PasswordProvider */
	"{8AF662BF-65A0-4D0A-A540-A338A999D36F}", /* FaceCredentialProvider */
	"{8FD7E19C-3BF7-489B-A72C-846AB3678C96}", /* Smartcard Credential Provider */
	"{94596c7e-3744-41ce-893e-bbf09122f76a}", /* Smartcard Pin Provider */
	"{BEC09223-B018-416D-A0AC-523971B639F5}", /* FingerprintCredentialProvider */
	"{C5D7540A-CD51-453B-B22B-05305BA03F07}", /* Cloud Experience Credential Provider */
	"{C885AA15-1764-4293-B82A-0586ADD46B35}", /* IrisCredentialProvider */
	"{cb82ea12-9f71-446d-89e1-8d0924e1256e}", /* PINLogonProvider */
	"{D6886603-9D2F-4EB2-B667-1971041FA96B}", /* NGC Credential Provider (Windows Hello) */
	"{e74e57b0-6c6d-44d5-9cda-fb2df5ed7435}", /* CertCredProvider */
	"{F8A0B131-5F68-486c-8040-7E8FC3C85BB6}", /* WLIDCredentialProvider */
	"{F8A1793B-7873-4046-B2A7-1F318747F427}", /* FIDO Credential Provider */
	"{f64945df-4fa9-4068-a2fb-61af319edd33}", /* RdpCredentialProvider */
};

int win_credential_providers_evidence(struct audit_context *ctx, struct check_result *r)
{
	char *dir = NULL;
	int rc = winreg_key_path(ctx->root, PROVIDERS_KEY, &dir);
	if (rc != 0) {
		result_evidence(r, NULL, rc == -ENOENT
				? _("Credential Providers key not captured: third-party logon "
				    "providers unknown")
				: _("Credential Providers key not readable (run elevated)"));
		free(dir);
		return 0;
	}
	DIR *d;
	int n = 0;
	if (rootfs_open_dir(ctx->root, dir, &d) == 0) {
		struct dirent *de;
		while ((de = readdir(d)) != NULL) {
			char name[256];
			bool is_val;
			if (de->d_name[0] == '.' || !winreg_decode_name(de->d_name, name, sizeof name,
									&is_val) || is_val)
				continue;
			bool builtin = false;
			for (size_t i = 0; i < sizeof builtin_providers / sizeof *builtin_providers; i++)
				builtin |= strcasecmp(name, builtin_providers[i]) == 0;
			if (builtin || name[0] != '{')
				continue;
			char *key = xasprintf("%s\\%s", PROVIDERS_KEY, name);
			struct winreg_value v;
			memset(&v, 0, sizeof v);
			const char *label = NULL;
			if (winreg_read(ctx->root, key, "@", &v) == 0)
				label = winreg_value_string(&v);
			char *path = xasprintf("%s/%s", dir, de->d_name);
			result_evidence(r, path, _("credential provider %s (%s) is not one of Windows' "
						   "own: a second factor only if it replaces the password "
						   "provider"),
					name, label && *label ? label : _("no name"));
			free(path);
			winreg_value_free(&v);
			free(key);
			n++;
		}
		closedir(d);
	}
	free(dir);
	return n;
}
