/* remote.access on Windows (item 2-2, evidence): Remote Desktop (fDenyTSConnections, Network
 * Level Authentication, the RDP port) and the remote tools' services (Start 2 automatic, 3
 * manual, 4 disabled) and uninstall entries (DisplayName under Uninstall, 64- and 32-bit views):
 * OpenSSH Server, VNC servers, TeamViewer, AnyDesk, RustDesk, Splashtop, Chrome Remote Desktop,
 * OpenVPN, WireGuard. Always manual: the vendor confirms, the site file answers. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/rootfs.h"
#include "../core/winreg.h"
#include "../core/winsource.h"
#include "../core/xalloc.h"
#include "remote_access_verdict.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SERVICES "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services"
#define TS "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server"
#define RDP_TCP TS "\\WinStations\\RDP-Tcp"
#define MAX_KEYS 4096

struct product {
	const char *name;
	const char *const *services;
	const char *const *display; /* DisplayName prefixes in the uninstall keys */
};

#define L(...) (const char *const[]){ __VA_ARGS__, NULL }

static const struct product products[] = {
	{ "OpenSSH Server", L("sshd"), L("OpenSSH") },
	{ "VNC", L("tvnserver", "uvnc_service", "vncserver", "TigerVNC"),
	  L("TightVNC", "UltraVNC", "RealVNC", "VNC Server", "TigerVNC") },
	{ "TeamViewer", L("TeamViewer"), L("TeamViewer") },
	{ "AnyDesk", L("AnyDesk"), L("AnyDesk") },
	{ "RustDesk", L("RustDesk"), L("RustDesk") },
	{ "Splashtop", L("SplashtopRemoteService"), L("Splashtop") },
	{ "Chrome Remote Desktop", L("chromoting"), L("Chrome Remote Desktop") },
	{ "OpenVPN", L("OpenVPNService", "OpenVPNServiceInteractive", "ovpnagent"), L("OpenVPN") },
	{ "WireGuard", L("WireGuardManager"), L("WireGuard") },
};
#define N_PRODUCTS (sizeof products / sizeof products[0])

struct seen {
	size_t finding[N_PRODUCTS]; /* index + 1 into r->findings, 0 for none */
	bool starts[N_PRODUCTS];
};

static struct finding *product_finding(struct check_result *r, struct seen *s, size_t i)
{
	if (!s->finding[i]) {
		result_finding(r, FINDING_INFO, products[i].name, "%s", "");
		s->finding[i] = r->n_findings;
	}
	return &r->findings[s->finding[i] - 1];
}

static void rdp(struct audit_context *ctx, struct check_result *r, struct seen *s, bool *rdp_on)
{
	(void)s;
	int64_t deny = 1, nla = 1, port = 3389;
	char *src = NULL, *nsrc = NULL, *psrc = NULL;
	int rc = winreg_read_number(ctx->root, TS, "fDenyTSConnections", 1, &deny, &src);
	if (rc == -ENOENT)
		deny = 1; /* Windows' default: Remote Desktop off */
	*rdp_on = rc == 0 && deny == 0;
	if (!*rdp_on) {
		result_evidence(r, src, _("Remote Desktop is off (fDenyTSConnections = %lld)"),
				(long long)deny);
		free(src);
		return;
	}
	winreg_read_number(ctx->root, RDP_TCP, "UserAuthentication", 1, &nla, &nsrc);
	winreg_read_number(ctx->root, RDP_TCP, "PortNumber", 65535, &port, &psrc);
	struct finding *f = result_finding(r, FINDING_INFO, "Remote Desktop", "%s", "");
	finding_evidence(f, src, _("Remote Desktop accepts connections (fDenyTSConnections = 0)"));
	finding_evidence(f, psrc, _("port %lld/tcp"), (long long)port);
	finding_evidence(f, nsrc, nla ? _("Network Level Authentication required")
				      : _("Network Level Authentication not required"));
	free(src);
	free(nsrc);
	free(psrc);
}

static void services(struct audit_context *ctx, struct check_result *r, struct seen *s)
{
	for (size_t i = 0; i < N_PRODUCTS; i++)
		for (size_t k = 0; products[i].services[k]; k++) {
			char *key = xasprintf("%s\\%s", SERVICES, products[i].services[k]);
			int64_t start;
			char *src = NULL;
			int rc = winreg_read_number(ctx->root, key, "Start", 4, &start, &src);
			free(key);
			if (rc < 0) {
				free(src);
				continue;
			}
			struct finding *f = product_finding(r, s, i);
			s->starts[i] |= start <= 2;
			finding_evidence(f, src, start <= 2 ? _("service %s starts with Windows "
								 "(Start = %lld)")
					 : start == 3 ? _("service %s is manual (Start = %lld)")
						      : _("service %s is disabled (Start = %lld)"),
					 products[i].services[k], (long long)start);
			free(src);
		}
}

static void uninstall_view(struct audit_context *ctx, struct check_result *r, struct seen *s,
			   const char *base)
{
	char *dir = NULL;
	if (winreg_key_path(ctx->root, base, &dir) < 0) {
		free(dir);
		return;
	}
	DIR *d;
	if (rootfs_open_dir(ctx->root, dir, &d) < 0) {
		free(dir);
		return;
	}
	char **subkeys = NULL;
	size_t n = 0, cap = 0, read = 0;
	struct dirent *de;
	while ((de = readdir(d)) && read++ < MAX_KEYS) {
		char name[512];
		bool is_val = false;
		if (de->d_name[0] == '.' || !winreg_decode_name(de->d_name, name, sizeof name, &is_val) ||
		    is_val)
			continue;
		XGROW(subkeys, n, cap, n + 1);
		subkeys[n++] = xstrdup(name);
	}
	closedir(d);
	free(dir);
	for (size_t k = 0; k < n; k++) {
		char *key = xasprintf("%s\\%s", base, subkeys[k]);
		struct winreg_value v;
		if (winreg_read(ctx->root, key, "DisplayName", &v) == 0) {
			const char *name = winreg_value_string(&v);
			for (size_t i = 0; name && i < N_PRODUCTS; i++)
				for (size_t p = 0; products[i].display[p]; p++)
					if (!strncasecmp(name, products[i].display[p],
							 strlen(products[i].display[p]))) {
						finding_evidence(product_finding(r, s, i), v.path,
								 _("installed: %s"), name);
						goto next;
					}
next:
			winreg_value_free(&v);
		}
		free(key);
		free(subkeys[k]);
	}
	free(subkeys);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	if (win_registry_for_check(ctx, r) != 0)
		return;
	struct seen s;
	memset(&s, 0, sizeof s);
	bool rdp_on = false;
	rdp(ctx, r, &s, &rdp_on);
	services(ctx, r, &s);
	uninstall_view(ctx, r, &s,
		       "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall");
	uninstall_view(ctx, r, &s, "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows"
				   "\\CurrentVersion\\Uninstall");
	char names[512] = "";
	size_t found = 0;
	if (rdp_on) {
		snprintf(names, sizeof names, "Remote Desktop");
		found++;
	}
	for (size_t i = 0; i < r->n_findings; i++) {
		struct finding *f = &r->findings[i];
		bool starts = !strcmp(f->subject, "Remote Desktop");
		for (size_t k = 0; k < N_PRODUCTS; k++)
			if (s.finding[k] == i + 1) {
				starts = s.starts[k];
				size_t used = strlen(names);
				msg_snprintf(names + used, sizeof names - used, "%s%s", found ? _(", ") : "",
					 products[k].name);
				found++;
			}
		remote_access_detail(f, starts);
	}
	remote_access_conclude(r, names, found);
}

const struct check check_remote_access_windows = {
	.id = "remote.access",
	.title = N_("Remote maintenance channels are confirmed with the vendor (evidence)"),
	.remediation = N_("Confirm with the vendor each remote channel listed, from where it is "
			  "reached and how access is granted; remove or disable the ones nobody "
			  "uses; answer item 2-2 in the site file."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
