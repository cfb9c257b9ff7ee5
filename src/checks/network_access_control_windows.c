/* network.access_control on Windows (item 2-⑬): Windows Defender Firewall on in every profile
 * (Domain, Private, Public) with inbound connections blocked by default, its service (MpsSvc)
 * not disabled; Remote Desktop, when enabled, with Network Level Authentication and its port as
 * evidence. Group Policy (SOFTWARE\Policies) overrides the local settings, as the firewall and
 * the Remote Desktop service apply them. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/winreg.h"
#include "../core/winsource.h"
#include "network_severity.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HKLM "HKEY_LOCAL_MACHINE"
#define SERVICES HKLM "\\SYSTEM\\CurrentControlSet\\Services"
#define FW_LOCAL SERVICES "\\SharedAccess\\Parameters\\FirewallPolicy\\"
#define FW_POLICY HKLM "\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\"
#define TS HKLM "\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server"
#define RDP_TCP TS "\\WinStations\\RDP-Tcp"
#define TS_POLICY HKLM "\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services"

/* A setting read from the policy key first, then the local key; the default when neither. */
struct setting {
	int rc;          /* 0 found, -ENOENT neither, -EACCES / -EINVAL */
	int64_t value;
	char *path;      /* the file read */
	bool by_policy;
};

static void read_setting(struct audit_context *ctx, const char *policy_key, const char *local_key,
			 const char *name, uint64_t max, int64_t dflt, struct setting *s)
{
	memset(s, 0, sizeof *s);
	s->value = dflt;
	if (policy_key) {
		s->rc = winreg_read_number(ctx->root, policy_key, name, max, &s->value, &s->path);
		if (s->rc != -ENOENT) {
			s->by_policy = s->rc == 0;
			return;
		}
		free(s->path);
		s->path = NULL;
		s->value = dflt;
	}
	s->rc = winreg_read_number(ctx->root, local_key, name, max, &s->value, &s->path);
	if (s->rc == -ENOENT)
		s->value = dflt;
}

/* Evidence for the value used; false (with a warning) when it could not be read. */
static bool setting_evidence(struct check_result *r, const struct setting *s, const char *name,
			     const char *dflt_note)
{
	if (s->rc == 0) {
		result_evidence(r, s->path, s->by_policy ? _("%s = %lld (Group Policy)") : "%s = %lld",
				name, (long long)s->value);
		return true;
	}
	if (s->rc == -ENOENT) {
		result_evidence(r, NULL, _("%s not set (%s)"), name, dflt_note);
		return true;
	}
	struct finding *f = result_finding(r, FINDING_WARN, name, s->rc == -EACCES
		? _("cannot be read (run elevated, as Administrator)")
		: _("is not a number (neither a DWORD nor a decimal string): ignored"));
	if (s->path)
		finding_evidence(f, s->path, "%s", name);
	return false;
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	enum finding_severity none_sev;
	if (!network_no_deny_severity(ctx, r, &none_sev))
		return;
	if (win_registry_for_check(ctx, r) != 0)
		return;
	static const struct {
		const char *label, *local, *policy;
	} profiles[] = {
		{ N_("Domain"), "DomainProfile", "DomainProfile" },
		{ N_("Private"), "StandardProfile", "PrivateProfile" },
		{ N_("Public"), "PublicProfile", "PublicProfile" },
	};
	size_t denied = 0;
	char open_profiles[128] = "";
	for (size_t i = 0; i < 3; i++) {
		char local[256], policy[256], name[96];
		snprintf(local, sizeof local, FW_LOCAL "%s", profiles[i].local);
		snprintf(policy, sizeof policy, FW_POLICY "%s", profiles[i].policy);
		struct setting on, inbound;
		/* absent: the firewall is on and blocks inbound (Windows' defaults) */
		read_setting(ctx, policy, local, "EnableFirewall", 1, 1, &on);
		read_setting(ctx, policy, local, "DefaultInboundAction", 1, 1, &inbound);
		msg_snprintf(name, sizeof name, "%s\\EnableFirewall", profiles[i].local);
		bool known = setting_evidence(r, &on, name, _("Windows' default: on"));
		msg_snprintf(name, sizeof name, "%s\\DefaultInboundAction", profiles[i].local);
		known &= setting_evidence(r, &inbound, name, _("Windows' default: block"));
		if (known && on.value == 1 && inbound.value == 1) {
			denied++;
		} else if (known) {
			struct finding *f = result_finding(r, none_sev, _(profiles[i].label),
				on.value != 1 ? _("Windows Defender Firewall is off in this profile")
					      : _("this profile allows inbound connections by default "
						  "(DefaultInboundAction = 0)"));
			finding_evidence(f, on.value != 1 ? on.path : inbound.path, "%s = %lld",
					 on.value != 1 ? "EnableFirewall" : "DefaultInboundAction",
					 (long long)(on.value != 1 ? on.value : inbound.value));
			finding_remedy(f, _("Turn Windows Defender Firewall on with inbound connections "
					    "blocked in the %s profile (Group Policy: Computer "
					    "Configuration > Windows Settings > Security Settings > Windows "
					    "Defender Firewall with Advanced Security)"),
				       _(profiles[i].label));
			size_t used = strlen(open_profiles);
			msg_snprintf(open_profiles + used, sizeof open_profiles - used, "%s%s",
				 used ? _(", ") : "", _(profiles[i].label));
		}
		free(on.path);
		free(inbound.path);
	}
	struct setting svc;
	read_setting(ctx, NULL, SERVICES "\\MpsSvc", "Start", 4, 2, &svc);
	if (setting_evidence(r, &svc, "MpsSvc\\Start", _("Windows' default: automatic")) &&
	    svc.value == 4) {
		struct finding *f = result_finding(r, none_sev, "MpsSvc",
			_("the Windows Defender Firewall service is disabled: no profile filters"));
		finding_evidence(f, svc.path, "Start = 4");
		finding_remedy(f, _("Set the Windows Defender Firewall service (MpsSvc) to start "
				    "automatically"));
		denied = 0;
	}
	free(svc.path);

	struct setting deny_ts, nla, port;
	read_setting(ctx, TS_POLICY, TS, "fDenyTSConnections", 1, 1, &deny_ts);
	setting_evidence(r, &deny_ts, "fDenyTSConnections", _("Windows' default: 1, Remote Desktop off"));
	if (deny_ts.rc == 0 && deny_ts.value == 0) {
		read_setting(ctx, TS_POLICY, RDP_TCP, "UserAuthentication", 1, 1, &nla);
		read_setting(ctx, NULL, RDP_TCP, "PortNumber", 65535, 3389, &port);
		setting_evidence(r, &port, "RDP-Tcp\\PortNumber", _("default 3389"));
		result_evidence(r, NULL, _("Remote Desktop is enabled on TCP port %lld"),
				(long long)port.value);
		if (setting_evidence(r, &nla, "UserAuthentication", _("Windows' default: 1, required")) &&
		    nla.value == 0) {
			struct finding *f = result_finding(r, FINDING_WARN, _("Remote Desktop"),
				_("Network Level Authentication is not required: anyone who reaches "
				  "the port gets a logon screen before authenticating"));
			finding_evidence(f, nla.path, "UserAuthentication = 0");
			finding_remedy(f, _("Require Network Level Authentication for Remote Desktop "
					    "(UserAuthentication = 1) and allow its port only from the "
					    "maintenance sources in the firewall"));
		}
		free(nla.path);
		free(port.path);
	}
	free(deny_ts.path);
	if (denied == 3)
		result_reason(r, _("Windows Defender Firewall blocks inbound connections by default "
				   "in every profile"));
	else if (open_profiles[0])
		result_reason(r, _("profiles that do not block inbound connections by default: %s"),
			      open_profiles);
}

const struct check check_network_access_control_windows = {
	.id = "network.access_control",
	.title = N_("Connection sources are restricted (host firewall, Remote Desktop)"),
	.remediation = N_("Turn Windows Defender Firewall on in the Domain, Private and Public "
			  "profiles with inbound connections blocked by default, allow only the "
			  "services and sources the machine needs, and require Network Level "
			  "Authentication where Remote Desktop is enabled."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
