/* remote.access (item 2-2, evidence): every channel through which this machine can be maintained
 * from elsewhere — remote shells and desktops (sshd, xrdp, VNC servers, TeamViewer, AnyDesk,
 * RustDesk, Splashtop, Chrome Remote Desktop) and VPNs (OpenVPN, WireGuard, strongSwan) — by
 * installed package, unit set to start, desktop autostart entry, configuration, and on the live
 * host the sockets listening on their ports. Whether the vendor uses it, and how, is confirmed
 * with the vendor: the result is always manual, the findings are what to confirm. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/rootfs.h"
#include "../core/systemd_units.h"
#include "../core/xalloc.h"
#include "../parsers/dpkg_status.h"
#include "../parsers/proc_net.h"
#include "../parsers/unit_file.h"
#include "../parsers/vpn_conf.h"
#include "evidence_util.h"
#include "remote_access_verdict.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define MAX_DPKG_BYTES (256u << 20)
#define MAX_CONF_BYTES (1u << 20)
#define MAX_PROC_NET_BYTES (64u << 20)
#define MAX_DIR_ENTRIES 4096

struct port_range {
	const char *proto;
	unsigned lo, hi;
};

struct channel {
	const char *name;
	const char *const *packages;
	const char *const *units;     /* exact unit names */
	const char *const *instances; /* template prefixes, "openvpn@": enabled instances */
	const char *const *autostart; /* /etc/xdg/autostart/NAME.desktop stems */
	struct port_range ports[3];
};

#define L(...) (const char *const[]){ __VA_ARGS__, NULL }

static const struct channel channels[] = {
	{ "sshd", L("openssh-server"), L("ssh.service", "ssh.socket"), L("sshd@"), NULL,
	  { { "tcp", 22, 22 } } },
	{ "xrdp", L("xrdp"), L("xrdp.service", "xrdp-sesman.service"), NULL, NULL,
	  { { "tcp", 3389, 3389 } } },
	{ "VNC", L("tigervnc-standalone-server", "tigervnc-scraping-server", "x11vnc",
		   "tightvncserver", "vino", "gnome-remote-desktop"),
	  L("x11vnc.service", "vino-server.service", "gnome-remote-desktop.service"),
	  L("vncserver@", "tigervncserver@", "x0vncserver@"), L("x11vnc", "vino-server"),
	  { { "tcp", 5900, 5910 } } },
	{ "TeamViewer", L("teamviewer", "teamviewer-host"), L("teamviewerd.service"), NULL,
	  L("teamviewer"), { { "tcp", 5938, 5938 } } },
	{ "AnyDesk", L("anydesk"), L("anydesk.service"), NULL, L("anydesk"),
	  { { "tcp", 7070, 7070 } } },
	{ "RustDesk", L("rustdesk"), L("rustdesk.service"), NULL, L("rustdesk"),
	  { { "tcp", 21115, 21119 } } },
	{ "Splashtop", L("splashtop-streamer", "splashtop-business"), L("SRStreamer.service"),
	  NULL, L("splashtop-streamer"), { { NULL, 0, 0 } } },
	{ "Chrome Remote Desktop", L("chrome-remote-desktop"), NULL, L("chrome-remote-desktop@"),
	  NULL, { { NULL, 0, 0 } } },
	{ "OpenVPN", L("openvpn"), NULL, L("openvpn@", "openvpn-server@", "openvpn-client@"),
	  NULL, { { "udp", 1194, 1194 }, { "tcp", 1194, 1194 } } },
	{ "WireGuard", L("wireguard-tools"), NULL, L("wg-quick@"), NULL,
	  { { "udp", 51820, 51820 } } },
	{ "strongSwan", L("strongswan", "strongswan-starter", "charon-systemd", "libreswan"),
	  L("strongswan.service", "strongswan-starter.service", "ipsec.service"), NULL, NULL,
	  { { "udp", 500, 500 }, { "udp", 4500, 4500 } } },
};
#define N_CHANNELS (sizeof channels / sizeof channels[0])

struct seen {
	struct finding *f[N_CHANNELS];
	bool starts[N_CHANNELS];
};

static struct finding *channel_finding(struct check_result *r, struct seen *s, size_t i)
{
	if (!s->f[i]) {
		/* the detail is settled at the end, when all of a channel's evidence is known */
		result_finding(r, FINDING_INFO, channels[i].name, "%s", "");
		s->f[i] = &r->findings[r->n_findings - 1];
	}
	return s->f[i];
}

/* result_finding may move r->findings: the pointers are re-taken after each addition. */
static void refresh(struct check_result *r, struct seen *s)
{
	for (size_t i = 0; i < N_CHANNELS; i++)
		if (s->f[i])
			for (size_t k = 0; k < r->n_findings; k++)
				if (!strcmp(r->findings[k].subject, channels[i].name)) {
					s->f[i] = &r->findings[k];
					break;
				}
}

static void packages(struct audit_context *ctx, struct check_result *r, struct seen *s)
{
	const char *path = "/var/lib/dpkg/status";
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, MAX_DPKG_BYTES, &buf);
	if (rc == -ENOENT)
		return;
	if (rc < 0) {
		result_evidence(r, path, _("not read: %s"), rootfs_strerror(rc));
		return;
	}
	struct dpkg_status st;
	dpkg_status_parse(buf.data, buf.len, &st);
	file_buf_free(&buf);
	for (size_t i = 0; i < N_CHANNELS; i++)
		for (size_t k = 0; channels[i].packages && channels[i].packages[k]; k++) {
			const struct dpkg_package *p =
				dpkg_status_find_present(&st, channels[i].packages[k]);
			if (!p)
				continue;
			struct finding *f = channel_finding(r, s, i);
			refresh(r, s);
			f = s->f[i];
			finding_evidence(f, path, _("package %s %s installed"), p->name, p->version);
		}
	dpkg_status_free(&st);
}

static void unit_seen(struct audit_context *ctx, struct check_result *r, struct seen *s, size_t i,
		      const char *unit)
{
	struct unit_status st;
	if (systemd_unit_state(ctx, unit, &st) < 0 || st.state == UNIT_NOT_FOUND)
		return;
	channel_finding(r, s, i);
	refresh(r, s);
	s->starts[i] |= st.starts;
	finding_evidence(s->f[i], st.via[0] ? st.via : (st.path[0] ? st.path : NULL),
			 st.starts ? _("%s starts at boot (%s)") : _("%s does not start at boot (%s)"),
			 st.name[0] ? st.name : unit, unit_state_name(st.state));
}

/* Enabled instances of template units: the links in /etc/systemd/system/ *.wants. */
static void instances(struct audit_context *ctx, struct check_result *r, struct seen *s)
{
	const char *base = "/etc/systemd/system";
	DIR *d;
	if (rootfs_open_dir(ctx->root, base, &d) < 0)
		return;
	char **wants = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	size_t read = 0;
	while ((de = readdir(d)) && read++ < MAX_DIR_ENTRIES) {
		size_t len = strlen(de->d_name);
		if (len > 6 && !strcmp(de->d_name + len - 6, ".wants")) {
			XGROW(wants, n, cap, n + 1);
			wants[n++] = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
		qsort(wants, n, sizeof *wants, evidence_cmp_str);
	char **names = NULL;
	size_t nn = 0, ncap = 0;
	for (size_t w = 0; w < n; w++) {
		char *dir = xasprintf("%s/%s", base, wants[w]);
		DIR *wd;
		if (rootfs_open_dir(ctx->root, dir, &wd) == 0) {
			read = 0;
			while ((de = readdir(wd)) && read++ < MAX_DIR_ENTRIES) {
				if (!unit_name_is_instance(de->d_name))
					continue;
				bool dup = false;
				for (size_t k = 0; k < nn && !dup; k++)
					dup = !strcmp(names[k], de->d_name);
				if (!dup) {
					XGROW(names, nn, ncap, nn + 1);
					names[nn++] = xstrdup(de->d_name);
				}
			}
			closedir(wd);
		}
		free(dir);
		free(wants[w]);
	}
	free(wants);
	if (nn > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
		qsort(names, nn, sizeof *names, evidence_cmp_str);
	for (size_t k = 0; k < nn; k++) {
		for (size_t i = 0; i < N_CHANNELS; i++)
			for (size_t p = 0; channels[i].instances && channels[i].instances[p]; p++)
				if (!strncmp(names[k], channels[i].instances[p],
					     strlen(channels[i].instances[p])))
					unit_seen(ctx, r, s, i, names[k]);
		free(names[k]);
	}
	free(names);
}

static void autostart(struct audit_context *ctx, struct check_result *r, struct seen *s)
{
	for (size_t i = 0; i < N_CHANNELS; i++)
		for (size_t k = 0; channels[i].autostart && channels[i].autostart[k]; k++) {
			char *path = xasprintf("/etc/xdg/autostart/%s.desktop",
					       channels[i].autostart[k]);
			struct stat st;
			if (rootfs_stat(ctx->root, path, &st) == 0) {
				channel_finding(r, s, i);
				refresh(r, s);
				s->starts[i] = true;
				finding_evidence(s->f[i], path,
						 _("started with every graphical login (autostart)"));
			}
			free(path);
		}
}

/* ---- VPN configurations --------------------------------------------------------------------- */

typedef void (*vpn_parser)(const char *buf, size_t len, struct vpn_conf *out);

static void vpn_file(struct audit_context *ctx, struct check_result *r, struct seen *s, size_t i,
		     const char *path, vpn_parser parse)
{
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, MAX_CONF_BYTES, &buf);
	if (rc == -ENOENT)
		return;
	channel_finding(r, s, i);
	refresh(r, s);
	if (rc < 0) {
		finding_evidence(s->f[i], path, _("not read: %s"), rootfs_strerror(rc));
		return;
	}
	struct vpn_conf c;
	parse(buf.data, buf.len, &c);
	file_buf_free(&buf);
	if (c.listen[0])
		finding_evidence(s->f[i], path, _("accepts connections on %s"), c.listen);
	else if (c.server)
		finding_evidence(s->f[i], path, _("accepts connections from any address"));
	for (size_t k = 0; k < c.n_peers; k++) {
		if (c.peers[k].name[0])
			finding_evidence(s->f[i], path, _("line %u: connection %s to %s"),
					 c.peers[k].line, c.peers[k].name, c.peers[k].remote);
		else
			finding_evidence(s->f[i], path, _("line %u: connects to %s"),
					 c.peers[k].line, c.peers[k].remote);
	}
	if (c.n_more)
		finding_evidence(s->f[i], path, _("and %zu more peers"), c.n_more);
	if (!c.listen[0] && !c.server && !c.n_peers)
		finding_evidence(s->f[i], path, _("configuration without a peer or a listening "
						  "port"));
}

static size_t channel_index(const char *name)
{
	for (size_t i = 0; i < N_CHANNELS; i++)
		if (!strcmp(channels[i].name, name))
			return i;
	return 0;
}

static void vpn_dir(struct audit_context *ctx, struct check_result *r, struct seen *s,
		    const char *channel, const char *dir, const char *suffix, vpn_parser parse)
{
	DIR *d;
	int rc = rootfs_open_dir(ctx->root, dir, &d);
	if (rc == -ENOENT || rc == -ENOTDIR)
		return;
	size_t i = channel_index(channel);
	if (rc < 0) {
		channel_finding(r, s, i);
		refresh(r, s);
		finding_evidence(s->f[i], dir, _("not read: %s"), rootfs_strerror(rc));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	size_t read = 0;
	while ((de = readdir(d)) && read++ < MAX_DIR_ENTRIES) {
		size_t len = strlen(de->d_name), sl = strlen(suffix);
		if (de->d_name[0] == '.' || len <= sl || strcmp(de->d_name + len - sl, suffix))
			continue;
		XGROW(names, n, cap, n + 1);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
		qsort(names, n, sizeof *names, evidence_cmp_str);
	for (size_t k = 0; k < n; k++) {
		char *path = xasprintf("%s/%s", dir, names[k]);
		vpn_file(ctx, r, s, i, path, parse);
		free(path);
		free(names[k]);
	}
	free(names);
}

/* Debian's openvpn.service starts, through openvpn's systemd generator, an openvpn@NAME for
 * each /etc/openvpn/NAME.conf that AUTOSTART in /etc/default/openvpn names ("all" when unset,
 * "none": none). */
static void openvpn_autostart(struct audit_context *ctx, struct seen *s,
			      size_t n_conf_before)
{
	size_t i = channel_index("OpenVPN");
	if (!s->f[i] || s->f[i]->n_evidence == n_conf_before)
		return;
	struct unit_status st;
	if (systemd_unit_state(ctx, "openvpn.service", &st) < 0 || !st.starts)
		return;
	char autostart[256] = "all";
	const char *path = "/etc/default/openvpn";
	struct file_buf buf;
	if (rootfs_read_file(ctx->root, path, MAX_CONF_BYTES, &buf) == 0) {
		struct line_iter it;
		line_iter_init(&it, &buf);
		char line[512];
		bool truncated;
		const char *l;
		while ((l = line_iter_next(&it, line, sizeof line, &truncated))) {
			while (*l == ' ' || *l == '\t')
				l++;
			if (strncmp(l, "AUTOSTART=", 10))
				continue;
			l += 10;
			size_t n = strlen(l);
			if (n >= 2 && (l[0] == '"' || l[0] == '\'') && l[n - 1] == l[0]) {
				l++;
				n -= 2;
			}
			snprintf(autostart, sizeof autostart, "%.*s", (int)n, l);
		}
		file_buf_free(&buf);
	}
	if (!strcmp(autostart, "none")) {
		finding_evidence(s->f[i], path, _("AUTOSTART=\"none\": openvpn.service starts none "
						  "of /etc/openvpn/*.conf"));
		return;
	}
	s->starts[i] = true;
	finding_evidence(s->f[i], st.via[0] ? st.via : path,
			 _("openvpn.service starts at boot the /etc/openvpn/*.conf that AUTOSTART "
			   "names (%s)"), autostart);
}

static void vpns(struct audit_context *ctx, struct check_result *r, struct seen *s)
{
	size_t ov = channel_index("OpenVPN");
	size_t before = s->f[ov] ? s->f[ov]->n_evidence : 0;
	vpn_dir(ctx, r, s, "OpenVPN", "/etc/openvpn", ".conf", openvpn_conf_parse);
	openvpn_autostart(ctx, s, before);
	vpn_dir(ctx, r, s, "OpenVPN", "/etc/openvpn/client", ".conf", openvpn_conf_parse);
	vpn_dir(ctx, r, s, "OpenVPN", "/etc/openvpn/server", ".conf", openvpn_conf_parse);
	vpn_dir(ctx, r, s, "WireGuard", "/etc/wireguard", ".conf", wireguard_conf_parse);
	size_t sw = channel_index("strongSwan");
	vpn_file(ctx, r, s, sw, "/etc/ipsec.conf", ipsec_conf_parse);
	vpn_file(ctx, r, s, sw, "/etc/swanctl/swanctl.conf", swanctl_conf_parse);
	vpn_dir(ctx, r, s, "strongSwan", "/etc/swanctl/conf.d", ".conf", swanctl_conf_parse);
}

/* ---- live sockets ----------------------------------------------------------------------------- */

static void listening(struct audit_context *ctx, struct check_result *r, struct seen *s)
{
	static const struct {
		const char *path, *proto;
		int family;
		unsigned state;
	} tables[] = {
		{ "/proc/net/tcp", "tcp", AF_INET, PROC_NET_TCP_LISTEN },
		{ "/proc/net/tcp6", "tcp", AF_INET6, PROC_NET_TCP_LISTEN },
		{ "/proc/net/udp", "udp", AF_INET, PROC_NET_UDP_UNCONN },
		{ "/proc/net/udp6", "udp", AF_INET6, PROC_NET_UDP_UNCONN },
	};
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		struct file_buf buf;
		int rc = rootfs_read_file(ctx->root, tables[t].path, MAX_PROC_NET_BYTES, &buf);
		if (rc < 0) {
			if (rc != -ENOENT)
				result_evidence(r, tables[t].path, _("not read: %s"),
						rootfs_strerror(rc));
			continue;
		}
		struct proc_net_table tab;
		proc_net_parse(buf.data, buf.len, tables[t].family, &tab);
		file_buf_free(&buf);
		for (size_t k = 0; k < tab.n; k++) {
			const struct proc_net_socket *so = &tab.sockets[k];
			if (so->state != tables[t].state || proc_net_is_loopback(so))
				continue;
			for (size_t i = 0; i < N_CHANNELS; i++)
				for (size_t p = 0; p < 3 && channels[i].ports[p].proto; p++) {
					const struct port_range *pr = &channels[i].ports[p];
					if (strcmp(pr->proto, tables[t].proto) ||
					    so->local_port < pr->lo || so->local_port > pr->hi)
						continue;
					char addr[80];
					proc_net_format_local(so, addr, sizeof addr);
					channel_finding(r, s, i);
					refresh(r, s);
					s->starts[i] = true;
					finding_evidence(s->f[i], tables[t].path,
							 _("listening now on %s/%s"), addr,
							 tables[t].proto);
				}
		}
		proc_net_table_free(&tab);
	}
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	struct seen s;
	memset(&s, 0, sizeof s);
	packages(ctx, r, &s);
	for (size_t i = 0; i < N_CHANNELS; i++)
		for (size_t k = 0; channels[i].units && channels[i].units[k]; k++)
			unit_seen(ctx, r, &s, i, channels[i].units[k]);
	instances(ctx, r, &s);
	autostart(ctx, r, &s);
	vpns(ctx, r, &s);
	if (ctx->live)
		listening(ctx, r, &s);
	else
		result_evidence(r, "/proc/net", _("not read: an offline audit sees what is "
						  "configured, not what listens now"));
	char names[512] = "";
	size_t found = 0;
	for (size_t i = 0; i < N_CHANNELS; i++) {
		if (!s.f[i])
			continue;
		refresh(r, &s);
		remote_access_detail(s.f[i], s.starts[i]);
		size_t used = strlen(names);
		msg_snprintf(names + used, sizeof names - used, "%s%s", found ? _(", ") : "",
			 channels[i].name);
		found++;
	}
	remote_access_conclude(r, names, found);
}

const struct check check_remote_access = {
	.id = "remote.access",
	.title = N_("Remote maintenance channels are confirmed with the vendor (evidence)"),
	.remediation = N_("Confirm with the vendor each remote channel listed, from where it is "
			  "reached and how access is granted; remove or disable the ones nobody "
			  "uses; answer item 2-2 in the site file."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
