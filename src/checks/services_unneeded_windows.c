/* services.unneeded on Windows (item 2-12): each service in [services] windows_unneeded (less
 * [services] allow) by its Start value under HKLM\SYSTEM\CurrentControlSet\Services\NAME:
 * 0 boot / 1 system / 2 automatic (DelayedAutostart = 1: delayed) start with Windows — fail;
 * 3 manual — warn (a caller or a trigger can still start it); 4 disabled, or no key (not
 * installed) — fine. The reasons come from the [services] reasons files, as on Linux. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/ini.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/winreg.h"
#include "../core/winsource.h"
#include "../core/xalloc.h"
#include "services_reasons.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SERVICES "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services"

static const char *reason_for(const struct services_reasons *rs, const char *name)
{
	const char *why = services_reasons_find(rs, name);
	return why ? why : _("listed as unneeded in the profile");
}

static bool listed(const struct profile_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcasecmp(l->items[i], name))
			return true;
	return false;
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	if (win_registry_for_check(ctx, r) != 0)
		return;
	/* Every Windows has the Services key (hundreds of drivers and services): without it the
	 * copy lacks what this check judges, and "none installed" would be a pass on nothing. */
	char *services_dir = NULL;
	int krc = winreg_key_path(ctx->root, SERVICES, &services_dir);
	free(services_dir);
	if (krc < 0) {
		result_error(r, krc == -EACCES ? _("%s cannot be read (run elevated, as Administrator)")
					       : _("%s is not in the registry: the copy lacks the "
						   "services, so none can be judged"), SERVICES);
		return;
	}
	const struct profile_list *unneeded = profile_list(ctx->profile, "services",
							   "windows_unneeded");
	const struct profile_list *allow = profile_list(ctx->profile, "services", "allow");
	struct services_reasons rs;
	services_reasons_load(ctx, &rs, true, r);
	size_t installed = 0, starting = 0;
	bool denied = false;
	for (size_t i = 0; i < unneeded->n; i++) {
		const char *name = unneeded->items[i];
		if (listed(allow, name)) {
			result_evidence(r, NULL, _("%s: allowed by the profile ([services] allow)"), name);
			continue;
		}
		char *key = xasprintf("%s\\%s", SERVICES, name);
		char *dir = NULL;
		int rc = winreg_key_path(ctx->root, key, &dir);
		if (rc == -ENOENT) {
			free(key);
			continue; /* not installed */
		}
		if (rc == -EACCES) {
			result_error(r, _("the service key %s cannot be read (run elevated, as "
					  "Administrator)"), name);
			free(key);
			denied = true;
			break;
		}
		if (rc < 0) {
			struct finding *f = result_finding(r, FINDING_WARN, name,
				_("its service key cannot be read: %s"), rootfs_strerror(rc));
			finding_evidence(f, NULL, "%s", key);
			free(key);
			continue;
		}
		installed++;
		int64_t start, delayed = 0;
		char *src;
		rc = winreg_read_number(ctx->root, key, "Start", 4, &start, &src);
		if (rc == -EACCES) {
			result_error(r, _("the Start value of %s cannot be read (run elevated, as "
					  "Administrator)"), name);
			free(src);
			free(dir);
			free(key);
			denied = true;
			break;
		}
		if (rc < 0 || start < 0 || start > 4) {
			struct finding *f = result_finding(r, FINDING_WARN, name,
				rc == -ENOENT ? _("installed, but its key has no Start value")
					      : _("its Start value is not 0-4"));
			finding_evidence(f, src ? src : dir, "Start");
			free(src);
			free(dir);
			free(key);
			continue;
		}
		char *dsrc = NULL;
		if (start == 2)
			winreg_read_number(ctx->root, key, "DelayedAutostart", 1, &delayed, &dsrc);
		if (start <= 2) {
			starting++;
			struct finding *f = result_finding(r, FINDING_FAIL, name,
				start == 2 ? (delayed == 1 ? _("starts automatically (delayed) with "
							     "Windows: %s")
							   : _("starts automatically with Windows: %s"))
					   : _("starts at boot as a driver: %s"),
				reason_for(&rs, name));
			finding_evidence(f, src, "Start = %lld%s", (long long)start,
					 delayed == 1 ? ", DelayedAutostart = 1" : "");
		} else if (start == 3) {
			struct finding *f = result_finding(r, FINDING_WARN, name,
				_("installed and set to manual (a program or a trigger can still start "
				  "it): %s"), reason_for(&rs, name));
			finding_evidence(f, src, "Start = 3");
		} else {
			result_evidence(r, src, _("%s: disabled (Start = 4)"), name);
		}
		free(dsrc);
		free(src);
		free(dir);
		free(key);
	}
	services_reasons_free(&rs);
	if (denied)
		return; /* the error says why */
	if (!ctx->live)
		result_evidence(r, NULL, _("under --root the start type is judged; whether a service "
					   "runs now is not"));
	result_reason(r, _("%zu of %zu unneeded services installed, %zu start with Windows"),
		      installed, unneeded->n, starting);
}

const struct check check_services_unneeded_windows = {
	.id = "services.unneeded",
	.title = N_("Unneeded services are stopped and unneeded software is removed"),
	.remediation = N_("Stop and disable each service (services.msc, or Stop-Service NAME; "
			  "Set-Service NAME -StartupType Disabled), or remove the Windows feature that "
			  "installs it; add a service the site needs to [services] allow."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
