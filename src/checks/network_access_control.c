/* network.access_control (R7 2-⑬ 接続元制限): who may connect to this host. A host firewall
 * that drops inbound connections by default (nftables, iptables-persistent, ufw, firewalld),
 * with its service enabled at boot, for IPv4 and IPv6; sshd's effective settings that narrow
 * who logs in from where (AllowUsers/AllowGroups/DenyUsers/DenyGroups, ListenAddress) and the
 * two that widen it (PermitRootLogin yes, PasswordAuthentication); TCP wrappers as evidence.
 * The files decide (they are what the host boots with); on a live audit the loaded ruleset
 * (nft -j list ruleset, read by main.c before the sandbox) is compared with them. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/nft_live.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/sshd_effective.h"
#include "../core/systemd_units.h"
#include "../core/xalloc.h"
#include "../parsers/firewalld_zone.h"
#include "../parsers/iptables_save.h"
#include "../parsers/nm_connection.h"
#include "../parsers/nft_json.h"
#include "../parsers/nft_conf.h"
#include "../parsers/shell_vars.h"
#include "../parsers/parse_util.h"
#include "network_severity.h"
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CONF_MAX (1u << 20)
#define NFT_MAX_FILES 256
#define NFT_MAX_DEPTH 16 /* nftables' MAX_INCLUDE_DEPTH */

enum { COVER_V4 = 1, COVER_V6 = 2 };

/* One host firewall's answer. */
struct firewall {
	const char *name;   /* "nftables" */
	const char *unit;   /* its systemd unit */
	bool configured;    /* its configuration is there */
	unsigned deny;      /* COVER_* with inbound default deny in the configuration */
	bool starts;        /* the unit starts at boot (and the tool's own switch is on) */
	char unit_detail[PATH_MAX + 64];
};

static void fmt_cover(unsigned cover, char *buf, size_t len)
{
	msg_snprintf(buf, len, "%s", cover == (COVER_V4 | COVER_V6) ? _("IPv4 and IPv6")
				 : cover == COVER_V4		  ? _("IPv4 only")
				 : cover == COVER_V6		  ? _("IPv6 only")
							  : _("neither IPv4 nor IPv6"));
}

static void unit_starts(struct audit_context *ctx, struct firewall *fw)
{
	struct unit_status st;
	int rc = systemd_unit_state(ctx, fw->unit, &st);
	if (rc < 0) {
		msg_snprintf(fw->unit_detail, sizeof fw->unit_detail, "%s: %s", fw->unit,
			 rootfs_strerror(rc));
		return;
	}
	if (st.via[0])
		msg_snprintf(fw->unit_detail, sizeof fw->unit_detail, _("%s: %s (via %s)"), fw->unit,
			 unit_state_name(st.state), st.via);
	else
		msg_snprintf(fw->unit_detail, sizeof fw->unit_detail, "%s: %s", fw->unit,
			 unit_state_name(st.state));
	fw->starts = st.starts;
}

/* ---- nftables ------------------------------------------------------------------------------- */

struct nft_reader {
	struct audit_context *ctx;
	struct check_result *r;
	char **files;        /* paths read, owned here: chains point at them */
	size_t n_files;
	int depth;
	bool limit_reported;
};

static void nft_read(struct nft_reader *rd, struct nft_conf *conf, const char *path);

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* include "file" / "dir/ *.nft": relative names against /etc (nftables' default include path
 * on Debian and RHEL), globs expanded in sorted order as nft does. */
static void nft_include(void *ud, struct nft_conf *conf, const char *arg, unsigned line)
{
	struct nft_reader *rd = ud;
	char *full = arg[0] == '/' ? xstrdup(arg) : xasprintf("/etc/%s", arg);
	char *slash = strrchr(full, '/');
	const char *base = slash + 1;
	(void)line;
	if (!strpbrk(base, "*?[")) {
		nft_read(rd, conf, full);
		free(full);
		return;
	}
	char *dir = slash == full ? xstrdup("/") : xstrndup(full, (size_t)(slash - full));
	DIR *d;
	char **names = NULL;
	size_t n = 0;
	if (rootfs_open_dir(rd->ctx->root, dir, &d) == 0) {
		struct dirent *de;
		while ((de = readdir(d)) != NULL && n < NFT_MAX_FILES) {
			if (de->d_name[0] == '.' || fnmatch(base, de->d_name, FNM_PATHNAME) != 0)
				continue;
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xasprintf("%s/%s", strcmp(dir, "/") ? dir : "", de->d_name);
		}
		closedir(d);
	}
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		nft_read(rd, conf, names[i]);
		free(names[i]);
	}
	free(names);
	free(dir);
	free(full);
}

static void nft_read(struct nft_reader *rd, struct nft_conf *conf, const char *path)
{
	if (rd->depth >= NFT_MAX_DEPTH || rd->n_files >= NFT_MAX_FILES) {
		if (!rd->limit_reported)
			result_finding(rd->r, FINDING_WARN, path,
				       _("not read: nftables include directives nest deeper than %d "
					 "or reach more than %d files; nft refuses such a configuration"),
				       NFT_MAX_DEPTH, NFT_MAX_FILES);
		rd->limit_reported = true;
		if (!conf->bad_line) {
			conf->bad_line = 1;
			conf->bad_file = rd->n_files ? rd->files[rd->n_files - 1] : NULL;
			conf->bad_why = N_("include nesting too deep");
		}
		return;
	}
	struct file_buf buf;
	int rc = rootfs_read_file(rd->ctx->root, path, CONF_MAX, &buf);
	if (rc < 0) {
		/* nft -f stops at an include it cannot open: nothing of the file is loaded */
		result_finding(rd->r, FINDING_WARN, path, _("cannot be read: %s"),
			       rootfs_strerror(rc));
		rd->files = xreallocarray(rd->files, rd->n_files + 1, sizeof *rd->files);
		rd->files[rd->n_files++] = xstrdup(path);
		if (!conf->bad_line) {
			conf->bad_line = 1;
			conf->bad_file = rd->files[rd->n_files - 1];
			conf->bad_why = rc == -ENOENT ? N_("included file not found")
						      : N_("included file not readable");
		}
		return;
	}
	rd->files = xreallocarray(rd->files, rd->n_files + 1, sizeof *rd->files);
	rd->files[rd->n_files++] = xstrdup(path);
	result_evidence(rd->r, path, _("nftables configuration read"));
	rd->depth++;
	nft_conf_feed(conf, buf.data, buf.len, rd->files[rd->n_files - 1], nft_include, rd);
	rd->depth--;
	file_buf_free(&buf);
}

static void fw_nftables(struct audit_context *ctx, struct check_result *r, struct firewall *fw)
{
	const char *main_conf = "/etc/nftables.conf";
	if (!rootfs_exists(ctx->root, main_conf))
		return;
	fw->configured = true;
	struct nft_reader rd = { .ctx = ctx, .r = r };
	struct nft_conf conf;
	nft_conf_init(&conf);
	nft_read(&rd, &conf, main_conf);
	if (conf.bad_line) {
		/* nft -f is atomic: a file it refuses loads nothing */
		struct finding *f = result_finding(r, FINDING_WARN, "nftables",
			_("nft refuses this configuration (%s): nothing of it is loaded"),
			_(conf.bad_why));
		finding_evidence(f, conf.bad_file, _("line %u"), conf.bad_line);
	} else {
		for (size_t i = 0; i < conf.n; i++) {
			const struct nft_chain *c = &conf.chains[i];
			if (!c->hook || strcmp(c->hook, "input") != 0)
				continue;
			unsigned cover = strcmp(c->family, "inet") == 0 ? COVER_V4 | COVER_V6
					 : strcmp(c->family, "ip") == 0  ? COVER_V4
					 : strcmp(c->family, "ip6") == 0 ? COVER_V6
									 : 0;
			if (!cover)
				continue;
			if (c->policy_drop) {
				fw->deny |= cover;
				result_evidence(r, c->file, _("line %u: table %s %s chain %s (hook input) "
							      "policy drop"), c->policy_line,
						c->family, c->table, c->name);
			} else if (c->drop_line) {
				fw->deny |= cover;
				result_evidence(r, c->file, _("line %u: table %s %s chain %s (hook input) "
							      "drops every packet no earlier rule accepted"),
						c->drop_line, c->family, c->table, c->name);
			} else {
				result_evidence(r, c->file, _("line %u: table %s %s chain %s (hook input) "
							      "policy accept, no final drop or reject "
							      "(%zu rules)"), c->line, c->family, c->table,
						c->name, c->n_rules);
			}
		}
		if (conf.truncated)
			result_finding(r, FINDING_WARN, "nftables",
				       _("more than %d chains: the rest were not read"),
				       NFT_MAX_CHAINS);
		if (conf.defines_truncated)
			result_finding(r, FINDING_WARN, "nftables",
				       _("more than %d variables defined: the rest were not "
					 "substituted"), NFT_MAX_DEFINES);
	}
	nft_conf_free(&conf);
	for (size_t i = 0; i < rd.n_files; i++)
		free(rd.files[i]);
	free(rd.files);
	unit_starts(ctx, fw);
}

/* ---- iptables-persistent -------------------------------------------------------------------- */

static void fw_iptables(struct audit_context *ctx, struct check_result *r, struct firewall *fw)
{
	static const struct {
		const char *path;
		unsigned cover;
	} files[] = { { "/etc/iptables/rules.v4", COVER_V4 }, { "/etc/iptables/rules.v6", COVER_V6 } };
	for (size_t k = 0; k < 2; k++) {
		struct file_buf buf;
		int rc = rootfs_read_file(ctx->root, files[k].path, CONF_MAX, &buf);
		if (rc == -ENOENT)
			continue;
		fw->configured = true;
		if (rc < 0) {
			result_finding(r, FINDING_WARN, files[k].path, _("cannot be read: %s"),
				       rootfs_strerror(rc));
			continue;
		}
		struct iptables_input in;
		iptables_save_parse(buf.data, buf.len, &in);
		file_buf_free(&buf);
		if (in.bad_line) {
			struct finding *f = result_finding(r, FINDING_WARN, files[k].path,
				_("iptables-restore refuses this file (%s): nothing of it is loaded"),
				_(in.bad_why));
			finding_evidence(f, files[k].path, _("line %u"), in.bad_line);
		} else if (in.accept_line) {
			/* an unconditional ACCEPT reached before any drop: the policy never applies */
			result_evidence(r, files[k].path, _("line %u: every packet no earlier rule took "
							    "is accepted (unconditional ACCEPT in %s)"),
					in.accept_line, in.decided_in);
		} else if (in.drop_line && in.jump_line) {
			fw->deny |= files[k].cover;
			result_evidence(r, files[k].path, _("line %u: INPUT jumps to %s, whose rule on "
							    "line %u drops or rejects every packet that "
							    "reaches it"), in.jump_line, in.decided_in,
					in.drop_line);
		} else if (in.drop_line) {
			fw->deny |= files[k].cover;
			result_evidence(r, files[k].path, _("line %u: INPUT ends with an unconditional "
							    "DROP or REJECT"), in.drop_line);
		} else if (in.too_deep) {
			result_finding(r, FINDING_WARN, files[k].path,
				       _("line %u: INPUT jumps through more than %d chains: not "
					 "followed"), in.jump_line, IPTABLES_MAX_JUMPS);
		} else if (strcmp(in.policy, "DROP") == 0) {
			fw->deny |= files[k].cover;
			result_evidence(r, files[k].path, _("line %u: :INPUT DROP"), in.policy_line);
		} else {
			result_evidence(r, files[k].path, _("INPUT policy %s, no unconditional DROP or "
							    "REJECT (%zu rules)"),
					in.policy[0] ? in.policy : "ACCEPT", in.n_rules);
		}
	}
	if (fw->configured)
		unit_starts(ctx, fw);
}

/* ---- ufw ------------------------------------------------------------------------------------ */

static bool read_var(struct audit_context *ctx, const char *path, const char *key, char *value,
		     size_t len, unsigned *line)
{
	struct file_buf buf;
	if (rootfs_read_file(ctx->root, path, CONF_MAX, &buf) < 0)
		return false;
	bool found = shell_var_get(buf.data, buf.len, key, value, len, line);
	file_buf_free(&buf);
	return found;
}

static size_t ufw_rule_count(struct audit_context *ctx, const char *path)
{
	struct file_buf buf;
	if (rootfs_read_file(ctx->root, path, CONF_MAX, &buf) < 0)
		return 0;
	size_t n = 0, pos = 0, len;
	const char *s;
	while (parse_next_line(buf.data, buf.len, &pos, &s, &len))
		if (len >= 9 && memcmp(s, "### tuple", 9) == 0)
			n++;
	file_buf_free(&buf);
	return n;
}

static void fw_ufw(struct audit_context *ctx, struct check_result *r, struct firewall *fw)
{
	const char *conf = "/etc/ufw/ufw.conf", *dflt = "/etc/default/ufw";
	if (!rootfs_exists(ctx->root, conf))
		return;
	fw->configured = true;
	char enabled[16] = "", policy[32] = "", ipv6[16] = "";
	unsigned l_en = 0, l_pol = 0, l_v6 = 0;
	read_var(ctx, conf, "ENABLED", enabled, sizeof enabled, &l_en);
	bool on = strcasecmp(enabled, "yes") == 0;
	if (l_en)
		result_evidence(r, conf, _("line %u: ENABLED=%s"), l_en, enabled);
	else
		result_evidence(r, conf, _("ENABLED not set (ufw's default: no)"));
	if (!read_var(ctx, dflt, "DEFAULT_INPUT_POLICY", policy, sizeof policy, &l_pol))
		snprintf(policy, sizeof policy, "ACCEPT"); /* ufw-init: unset means ACCEPT */
	else
		result_evidence(r, dflt, _("line %u: DEFAULT_INPUT_POLICY=%s"), l_pol, policy);
	bool v6 = !read_var(ctx, dflt, "IPV6", ipv6, sizeof ipv6, &l_v6) ||
		  strcasecmp(ipv6, "yes") == 0; /* ufw's default is yes */
	if (l_v6)
		result_evidence(r, dflt, _("line %u: IPV6=%s"), l_v6, ipv6);
	if (strcasecmp(policy, "DROP") == 0 || strcasecmp(policy, "REJECT") == 0)
		fw->deny = COVER_V4 | (v6 ? COVER_V6 : 0);
	result_evidence(r, "/etc/ufw/user.rules", _("%zu ufw rules (IPv4), %zu (IPv6)"),
			ufw_rule_count(ctx, "/etc/ufw/user.rules"),
			ufw_rule_count(ctx, "/etc/ufw/user6.rules"));
	unit_starts(ctx, fw);
	if (!on && fw->starts) { /* ufw-init loads nothing unless ENABLED=yes */
		size_t used = strlen(fw->unit_detail);
		msg_snprintf(fw->unit_detail + used, sizeof fw->unit_detail - used,
			 _("; ENABLED is not yes in %s: ufw loads no rules at boot"), conf);
		fw->starts = false;
	}
}

/* ---- firewalld ------------------------------------------------------------------------------ */

#define FWD_MAX_ZONES 256
#define FWD_MAX_CONNECTIONS 256

/* One zone as firewalld loads it: /etc/firewalld/zones/NAME.xml replaces
 * /usr/lib/firewalld/zones/NAME.xml. */
struct fwd_zone {
	char *name;
	char path[300];
	bool readable;
	struct firewalld_zone z;
	char nm_ifaces[200];      /* interfaces NetworkManager or ifcfg puts in this zone */
	char nm_file[300];        /* the first connection that names it */
	size_t n_nm;
};

static struct fwd_zone *fwd_zone_find(struct fwd_zone *zones, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(zones[i].name, name) == 0)
			return &zones[i];
	return NULL;
}

static void fwd_list_zones(struct audit_context *ctx, const char *dir, struct fwd_zone **zones,
			   size_t *n)
{
	DIR *d;
	if (rootfs_open_dir(ctx->root, dir, &d) != 0)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL && *n < FWD_MAX_ZONES) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 4 || len > 200 ||
		    strcmp(de->d_name + len - 4, ".xml") != 0)
			continue;
		char *name = xstrndup(de->d_name, len - 4);
		if (fwd_zone_find(*zones, *n, name)) { /* /etc, listed first, wins */
			free(name);
			continue;
		}
		*zones = xreallocarray(*zones, *n + 1, sizeof **zones);
		struct fwd_zone *z = &(*zones)[(*n)++];
		memset(z, 0, sizeof *z);
		z->name = name;
		msg_snprintf(z->path, sizeof z->path, "%s/%s", dir, de->d_name);
	}
	closedir(d);
}

static int cmp_zone(const void *a, const void *b)
{
	return strcmp(((const struct fwd_zone *)a)->name, ((const struct fwd_zone *)b)->name);
}

/* The zone a NetworkManager connection (or an ifcfg file) names for its device. */
static void fwd_connections(struct audit_context *ctx, struct check_result *r, const char *dir,
			    bool keyfile, struct fwd_zone *zones, size_t n_zones,
			    const char *default_zone)
{
	DIR *d;
	if (rootfs_open_dir(ctx->root, dir, &d) != 0)
		return;
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL && n < FWD_MAX_CONNECTIONS) {
		size_t len = strlen(de->d_name);
		bool want = keyfile ? len > 13 && strcmp(de->d_name + len - 13, ".nmconnection") == 0
				    : strncmp(de->d_name, "ifcfg-", 6) == 0 && len > 6 &&
					      strcmp(de->d_name, "ifcfg-lo") != 0 &&
					      !strchr(de->d_name, '~') && !strstr(de->d_name, ".bak") &&
					      !strstr(de->d_name, ".orig") && !strstr(de->d_name, ".rpm");
		if (de->d_name[0] == '.' || !want)
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct file_buf buf;
		int rc = rootfs_read_file(ctx->root, names[i], CONF_MAX, &buf);
		if (rc < 0) {
			result_finding(r, FINDING_WARN, names[i], _("cannot be read: %s"),
				       rootfs_strerror(rc));
			free(names[i]);
			continue;
		}
		struct nm_connection c;
		if (keyfile)
			nm_keyfile_parse(buf.data, buf.len, &c);
		else
			nm_ifcfg_parse(buf.data, buf.len, &c);
		file_buf_free(&buf);
		const char *dev = c.interface_name[0] ? c.interface_name : c.id;
		const char *zone = c.zone[0] ? c.zone : default_zone;
		struct fwd_zone *z = fwd_zone_find(zones, n_zones, zone);
		if (c.zone_line && c.zone[0])
			result_evidence(r, names[i], _("line %u: connection %s (device %s) in zone %s"),
					c.zone_line, c.id[0] ? c.id : "-",
					c.interface_name[0] ? c.interface_name : "-", c.zone);
		if (!z && c.zone[0]) {
			result_finding(r, FINDING_WARN, names[i],
				       _("names zone %s, which firewalld does not have: firewalld "
					 "refuses to put the device in it"), zone);
		} else if (c.zone[0] && dev[0]) {
			size_t used = strlen(z->nm_ifaces);
			if (used + strlen(dev) + 3 < sizeof z->nm_ifaces)
				msg_snprintf(z->nm_ifaces + used, sizeof z->nm_ifaces - used, "%s%s",
					     used ? ", " : "", dev);
			if (!z->n_nm++)
				msg_snprintf(z->nm_file, sizeof z->nm_file, "%s", names[i]);
		}
		free(names[i]);
	}
	free(names);
}

static void fwd_join(char *out, size_t len, const char (*items)[32], size_t n, size_t total)
{
	out[0] = '\0';
	for (size_t i = 0; i < n && i < FIREWALLD_ZONE_KEEP; i++) {
		size_t used = strlen(out);
		msg_snprintf(out + used, len - used, "%s%s", used ? ", " : "", items[i]);
	}
	if (total > FIREWALLD_ZONE_KEEP) {
		size_t used = strlen(out);
		msg_snprintf(out + used, len - used, ", ... (%zu)", total);
	}
}

/* COVER_V4 for 0.0.0.0/0, COVER_V6 for ::/0: a source binding that takes every address */
static unsigned source_is_everyone(const char *src)
{
	const char *slash = strchr(src, '/');
	if (!slash || strcmp(slash, "/0") != 0)
		return 0;
	return strchr(src, ':') ? COVER_V6 : COVER_V4;
}

/* firewalld sends a packet to the zone of its source address first (<source> bindings), else to
 * the zone of its interface (<interface> in a zone file, or the zone NetworkManager names for the
 * device), else to the default zone. Every target but ACCEPT rejects ("default", %%REJECT%%) or
 * drops what the zone does not allow; ACCEPT accepts everything. So one zone with target ACCEPT
 * bound to an interface opens that interface, whatever the default zone says. */
static void fw_firewalld(struct audit_context *ctx, struct check_result *r, struct firewall *fw)
{
	const char *conf = "/etc/firewalld/firewalld.conf";
	if (!rootfs_exists(ctx->root, conf) &&
	    !rootfs_exists(ctx->root, "/usr/lib/firewalld/zones/public.xml"))
		return;
	fw->configured = true;
	char zone[128] = "";
	unsigned line = 0;
	if (!read_var(ctx, conf, "DefaultZone", zone, sizeof zone, &line) || !zone[0] ||
	    strchr(zone, '/'))
		snprintf(zone, sizeof zone, "public"); /* firewalld's FALLBACK_ZONE */
	else
		result_evidence(r, conf, _("line %u: DefaultZone=%s"), line, zone);
	struct fwd_zone *zones = NULL;
	size_t n = 0;
	fwd_list_zones(ctx, "/etc/firewalld/zones", &zones, &n);
	fwd_list_zones(ctx, "/usr/lib/firewalld/zones", &zones, &n);
	if (n > 1)
		qsort(zones, n, sizeof *zones, cmp_zone);
	for (size_t i = 0; i < n; i++) {
		struct file_buf buf;
		int rc = rootfs_read_file(ctx->root, zones[i].path, CONF_MAX, &buf);
		if (rc < 0) {
			result_finding(r, FINDING_WARN, zones[i].path, _("cannot be read: %s"),
				       rootfs_strerror(rc));
			continue;
		}
		firewalld_zone_parse(buf.data, buf.len, &zones[i].z);
		file_buf_free(&buf);
		zones[i].readable = true;
		if (!zones[i].z.zone_found)
			result_finding(r, FINDING_WARN, zones[i].path, _("no <zone> element: firewalld "
									"refuses the zone"));
	}
	fwd_connections(ctx, r, "/etc/NetworkManager/system-connections", true, zones, n, zone);
	fwd_connections(ctx, r, "/etc/sysconfig/network-scripts", false, zones, n, zone);
	struct fwd_zone *dz = fwd_zone_find(zones, n, zone);
	if (dz && !dz->readable) {
		/* reported above */
	} else if (!dz) {
		char path[300];
		msg_snprintf(path, sizeof path, "/usr/lib/firewalld/zones/%s.xml", zone);
		result_finding(r, FINDING_WARN, path, _("the default zone %s cannot be read: %s"), zone,
			       rootfs_strerror(-ENOENT));
	} else if (dz->z.zone_found) {
		/* firewalld applies each zone to IPv4 and IPv6 alike */
		if (strcasecmp(dz->z.target, "ACCEPT") != 0)
			fw->deny = COVER_V4 | COVER_V6;
		result_evidence(r, dz->path, _("zone %s: target %s, %zu services, %zu ports, "
					       "%zu sources, %zu rich rules"), zone, dz->z.target,
				dz->z.n_services, dz->z.n_ports, dz->z.n_sources, dz->z.n_rules);
	}
	for (size_t i = 0; i < n; i++) {
		struct fwd_zone *z = &zones[i];
		if (!z->readable || !z->z.zone_found ||
		    (!z->z.n_interfaces && !z->z.n_sources && !z->n_nm))
			continue;
		char ifaces[600], sources[1300];
		fwd_join(ifaces, sizeof ifaces, z->z.interfaces, z->z.n_interfaces, z->z.n_interfaces);
		if (z->n_nm) {
			size_t used = strlen(ifaces);
			msg_snprintf(ifaces + used, sizeof ifaces - used, _("%s%s (NetworkManager)"),
				     used ? ", " : "", z->nm_ifaces);
		}
		sources[0] = '\0';
		unsigned everyone = 0;
		for (size_t k = 0; k < z->z.n_sources && k < FIREWALLD_ZONE_KEEP; k++) {
			size_t used = strlen(sources);
			msg_snprintf(sources + used, sizeof sources - used, "%s%s", used ? ", " : "",
				     z->z.sources[k]);
			everyone |= source_is_everyone(z->z.sources[k]);
		}
		result_evidence(r, z->path, _("zone %s: target %s, interfaces: %s; sources: %s"),
				z->name, z->z.target, ifaces[0] ? ifaces : "-",
				sources[0] ? sources : "-");
		if (strcasecmp(z->z.target, "ACCEPT") != 0)
			continue;
		/* the loopback interface is accepted by firewalld whatever its zone */
		bool open_iface = z->n_nm > 0;
		for (size_t k = 0; k < z->z.n_interfaces; k++)
			open_iface |= k >= FIREWALLD_ZONE_KEEP || strcmp(z->z.interfaces[k], "lo") != 0;
		if (open_iface || everyone) {
			/* an interface takes both families; 0.0.0.0/0 or ::/0 only its own */
			fw->deny &= open_iface ? 0 : ~everyone;
			struct finding *f = result_finding(r, FINDING_WARN, "firewalld",
				_("zone %s has target ACCEPT and takes every inbound connection on "
				  "%s: the default zone does not apply there"), z->name,
				open_iface ? ifaces : sources);
			finding_evidence(f, z->n_nm && !z->z.n_interfaces ? z->nm_file : z->path,
					 _("zone %s: target %s"), z->name, z->z.target);
			finding_remedy(f, _("Move the interface to a zone that rejects what it does "
					    "not allow (firewall-cmd --permanent --zone=public "
					    "--change-interface=IFACE), or give zone %s another target"),
				       z->name);
		} else if (z->z.n_sources) {
			struct finding *f = result_finding(r, FINDING_INFO, "firewalld",
				_("zone %s has target ACCEPT: every connection from %s is accepted"),
				z->name, sources);
			finding_evidence(f, z->path, _("zone %s: target %s"), z->name, z->z.target);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(zones[i].name);
	free(zones);
	unit_starts(ctx, fw);
}

/* ---- TCP wrappers (evidence) ---------------------------------------------------------------- */

static void tcp_wrappers(struct audit_context *ctx, struct check_result *r)
{
	static const char *const files[] = { "/etc/hosts.allow", "/etc/hosts.deny" };
	for (size_t k = 0; k < 2; k++) {
		struct file_buf buf;
		if (rootfs_read_file(ctx->root, files[k], CONF_MAX, &buf) < 0)
			continue;
		size_t pos = 0, len, shown = 0, n = 0;
		unsigned lineno = 0;
		const char *s;
		while (parse_next_line(buf.data, buf.len, &pos, &s, &len)) {
			lineno++;
			size_t sp = 0;
			while (sp < len && (s[sp] == ' ' || s[sp] == '\t'))
				sp++;
			if (sp == len || s[sp] == '#' || s[sp] == '\r')
				continue;
			n++;
			if (shown++ < 5)
				result_evidence(r, files[k], _("line %u: %.*s (TCP wrappers: only programs "
							       "built with libwrap read it)"), lineno,
						(int)(len > 200 ? 200 : len), s);
		}
		if (n == 0)
			result_evidence(r, files[k], _("no rules (TCP wrappers)"));
		file_buf_free(&buf);
	}
}

/* ---- sshd ----------------------------------------------------------------------------------- */

/* Settings a Match block changes for some connections: information, never the verdict. */
static void match_values(struct check_result *r, const struct sshd_effective *e,
			 const char *keyword, const char *spelled)
{
	size_t from = 0;
	const struct sshd_setting *m;
	while ((m = sshd_effective_next_match(e, keyword, &from)) != NULL) {
		struct finding *f = result_finding(r, FINDING_INFO, "sshd",
			_("%s %s for connections matching \"Match %s\" only"), spelled, m->value,
			m->match);
		finding_evidence(f, m->file, _("line %u: %s %s"), m->line, spelled, m->value);
	}
}

/* Every global value of an appending keyword (AllowUsers...), as one evidence line each. */
static size_t list_values(struct check_result *r, const struct sshd_effective *e,
			  const char *keyword, const char *spelled, bool *has_source)
{
	size_t n = 0;
	for (size_t i = 0; i < e->n; i++) {
		const struct sshd_setting *s = &e->s[i];
		if (s->match || strcmp(s->keyword, keyword) != 0)
			continue;
		n++;
		if (has_source && strchr(s->value, '@'))
			*has_source = true;
		result_evidence(r, s->file, _("line %u: %s %s"), s->line, spelled, s->value);
	}
	return n;
}

static bool listen_everywhere(const char *v)
{
	/* "0.0.0.0", "[::]:22", "0.0.0.0:2222 rdomain x", "::" */
	return strncmp(v, "0.0.0.0", 7) == 0 || strncmp(v, "::", 2) == 0 ||
	       strncmp(v, "[::]", 4) == 0 || strncmp(v, "*", 1) == 0;
}

static bool check_sshd(struct audit_context *ctx, struct check_result *r)
{
	bool ok = true;
	enum finding_severity root_sev = network_severity(ctx, r, "root_login_yes", &ok);
	enum finding_severity pw_sev = network_severity(ctx, r, "password_authentication", &ok);
	enum finding_severity open_sev = network_severity(ctx, r, "sshd_without_allow", &ok);
	if (!ok)
		return false;
	struct sshd_effective e;
	sshd_effective_load(ctx, &e, r);
	if (!e.present) {
		result_evidence(r, SSHD_CONFIG_PATH, _("not present: no SSH server configured"));
		return true;
	}
	if (e.fatal_why) {
		struct finding *f = result_finding(r, FINDING_WARN, "sshd",
			_("sshd refuses to start with this configuration"));
		finding_evidence(f, e.fatal_file, _("line %u: %s"), e.fatal_line, _(e.fatal_why));
	}
	char where[600];
	const struct sshd_setting *root = sshd_effective_first(&e, "permitrootlogin");
	if (root && strcasecmp(root->value, "yes") == 0) {
		sshd_setting_where(root, "PermitRootLogin", where, sizeof where);
		struct finding *f = result_finding(r, root_sev, "sshd",
			_("root may log in over SSH with a password (PermitRootLogin yes)"));
		finding_evidence(f, root->file, _("line %u: PermitRootLogin %s"), root->line,
				 root->value);
		finding_remedy(f, _("Set PermitRootLogin no (or prohibit-password) in %s"),
			       root->file);
	} else if (root) {
		result_evidence(r, root->file, _("line %u: PermitRootLogin %s"), root->line,
				root->value);
	} else {
		result_evidence(r, SSHD_CONFIG_PATH,
				_("PermitRootLogin not set (sshd's default: prohibit-password)"));
	}
	match_values(r, &e, "permitrootlogin", "PermitRootLogin");

	const struct sshd_setting *pw = sshd_effective_first(&e, "passwordauthentication");
	if (!pw || strcasecmp(pw->value, "yes") == 0) {
		struct finding *f = result_finding(r, pw_sev, "sshd",
			pw ? _("passwords are accepted over SSH (PasswordAuthentication yes)")
			   : _("passwords are accepted over SSH (PasswordAuthentication not set: "
			       "sshd's default is yes)"));
		if (pw)
			finding_evidence(f, pw->file, _("line %u: PasswordAuthentication %s"),
					 pw->line, pw->value);
		finding_remedy(f, _("Set PasswordAuthentication no in %s and use keys"),
			       pw ? pw->file : SSHD_CONFIG_PATH);
	} else {
		result_evidence(r, pw->file, _("line %u: PasswordAuthentication %s"), pw->line,
				pw->value);
	}
	match_values(r, &e, "passwordauthentication", "PasswordAuthentication");

	bool from_source = false;
	size_t allow = list_values(r, &e, "allowusers", "AllowUsers", &from_source) +
		       list_values(r, &e, "allowgroups", "AllowGroups", NULL);
	list_values(r, &e, "denyusers", "DenyUsers", NULL);
	list_values(r, &e, "denygroups", "DenyGroups", NULL);
	static const char *const lists[][2] = { { "allowusers", "AllowUsers" },
						{ "allowgroups", "AllowGroups" },
						{ "denyusers", "DenyUsers" },
						{ "denygroups", "DenyGroups" } };
	for (size_t k = 0; k < 4; k++)
		match_values(r, &e, lists[k][0], lists[k][1]);
	size_t listen = 0, specific = 0;
	for (size_t i = 0; i < e.n; i++) {
		const struct sshd_setting *s = &e.s[i];
		if (s->match || strcmp(s->keyword, "listenaddress") != 0)
			continue;
		listen++;
		if (!listen_everywhere(s->value))
			specific++;
		result_evidence(r, s->file, _("line %u: ListenAddress %s"), s->line, s->value);
	}
	if (listen == 0)
		result_evidence(r, SSHD_CONFIG_PATH,
				_("ListenAddress not set: sshd listens on every address"));
	if (allow == 0) {
		struct finding *f = result_finding(r, open_sev, "sshd",
			_("every account with a login shell may log in over SSH (no AllowUsers or "
			  "AllowGroups)"));
		finding_remedy(f, _("List who may log in over SSH (AllowUsers admin@192.0.2.0/24 or "
				    "AllowGroups) in %s"), SSHD_CONFIG_PATH);
	} else if (from_source) {
		result_evidence(r, NULL, _("AllowUsers names the source addresses of some accounts "
					   "(user@host)"));
	}
	if (specific && specific == listen)
		result_evidence(r, NULL, _("sshd listens on chosen addresses only"));
	sshd_effective_free(&e);
	return true;
}

/* ---- the loaded ruleset (live) -------------------------------------------------------------- */

static void loaded_ruleset(struct audit_context *ctx, struct check_result *r, unsigned files)
{
	const struct nft_live *live = ctx->nft_ruleset;
	if (!live) {
		result_evidence(r, NULL, _("loaded ruleset not read: no %s"), NFT_PROGRAM);
		return;
	}
	if (!live->ran) {
		result_evidence(r, NULL, _("loaded ruleset not read: nft -j list ruleset: %s"),
				live->note);
		return;
	}
	struct nft_json_ruleset *rs = xmalloc(sizeof *rs);
	nft_json_parse(live->json, live->len, rs);
	if (!rs->valid) {
		result_evidence(r, NULL, _("loaded ruleset not read: nft -j printed no ruleset"));
		free(rs);
		return;
	}
	unsigned cover = 0;
	for (size_t i = 0; i < rs->n_input; i++) {
		const struct nft_json_chain *c = &rs->input[i];
		unsigned fam = strcmp(c->family, "inet") == 0 ? COVER_V4 | COVER_V6
			       : strcmp(c->family, "ip") == 0  ? COVER_V4
			       : strcmp(c->family, "ip6") == 0 ? COVER_V6
							       : 0;
		bool deny = c->policy_drop || c->drop_rule;
		if (deny)
			cover |= fam;
		result_evidence(r, "nft -j list ruleset", _("loaded: table %s %s chain %s (hook input): "
							    "%s, %zu rules"), c->family, c->table,
				c->name, deny ? _("denies by default") : _("accepts by default"),
				c->n_rules);
	}
	char c[64];
	fmt_cover(cover, c, sizeof c);
	result_evidence(r, "nft -j list ruleset", _("loaded ruleset: inbound default deny for %s"), c);
	if ((files & COVER_V4) && !(cover & COVER_V4))
		result_finding(r, FINDING_WARN, "firewall",
			       _("the loaded ruleset does not deny inbound IPv4 by default, though "
				 "the configuration does: the firewall was stopped or changed since "
				 "boot"));
	else if (!(files & COVER_V4) && (cover & COVER_V4))
		result_finding(r, FINDING_INFO, "firewall",
			       _("the loaded ruleset denies inbound IPv4 by default, but the host "
				 "does not boot with it"));
	free(rs);
}

/* ---- the verdict ---------------------------------------------------------------------------- */

static void run(struct audit_context *ctx, struct check_result *r)
{
	enum finding_severity none_sev;
	if (!network_no_deny_severity(ctx, r, &none_sev))
		return;
	bool want_v6 = profile_bool(ctx->profile, "network", "require_ipv6_filtering");
	struct firewall fws[] = {
		{ .name = "nftables", .unit = "nftables.service" },
		{ .name = "iptables-persistent", .unit = "netfilter-persistent.service" },
		{ .name = "ufw", .unit = "ufw.service" },
		{ .name = "firewalld", .unit = "firewalld.service" },
	};
	fw_nftables(ctx, r, &fws[0]);
	fw_iptables(ctx, r, &fws[1]);
	fw_ufw(ctx, r, &fws[2]);
	fw_firewalld(ctx, r, &fws[3]);
	unsigned cover = 0;
	char active[200] = "";
	for (size_t i = 0; i < sizeof fws / sizeof *fws; i++) {
		struct firewall *fw = &fws[i];
		if (!fw->configured)
			continue;
		result_evidence(r, NULL, "%s", fw->unit_detail);
		char c[64];
		fmt_cover(fw->deny, c, sizeof c);
		if (fw->deny && fw->starts) {
			cover |= fw->deny;
			size_t used = strlen(active);
			msg_snprintf(active + used, sizeof active - used, "%s%s", used ? ", " : "",
				 fw->name);
			result_evidence(r, NULL, _("%s: inbound default deny for %s, started at boot"),
					fw->name, c);
		} else if (fw->deny) {
			struct finding *f = result_finding(r, FINDING_INFO, fw->name,
				_("denies inbound connections by default (%s) but is not started at "
				  "boot"), c);
			finding_evidence(f, NULL, "%s", fw->unit_detail);
			finding_remedy(f, _("Enable it: systemctl enable --now %s"), fw->unit);
		} else {
			result_evidence(r, NULL, _("%s: configured without an inbound default deny"),
					fw->name);
		}
	}
	char c[64];
	fmt_cover(cover, c, sizeof c);
	if (!(cover & COVER_V4)) {
		struct finding *f = result_finding(r, none_sev, "firewall",
			_("no host firewall started at boot drops inbound IPv4 connections by "
			  "default: any address may reach every listening service"));
		finding_remedy(f, _("Install nftables and give /etc/nftables.conf an input chain "
				    "with policy drop that accepts only the services and sources the "
				    "host needs, then systemctl enable --now nftables (or ufw default "
				    "deny incoming and ufw enable)"));
	} else if (!(cover & COVER_V6)) {
		struct finding *f = result_finding(r, want_v6 ? FINDING_WARN : FINDING_INFO,
			"firewall", _("inbound IPv6 is not denied by default (%s): IPv6 "
				      "connections bypass the IPv4 rules"), active);
		finding_remedy(f, _("Deny inbound IPv6 by default too (an inet-family table in "
				    "nftables, /etc/iptables/rules.v6 with :INPUT DROP, IPV6=yes "
				    "in /etc/default/ufw), or disable IPv6"));
	}
	if (ctx->live && ctx->platform == PLATFORM_LINUX)
		loaded_ruleset(ctx, r, cover);
	tcp_wrappers(ctx, r);
	if (!check_sshd(ctx, r))
		return;
	if (cover & COVER_V4)
		result_reason(r, _("inbound connections denied by default by %s (%s)"), active, c);
	else
		result_reason(r, _("no host firewall denies inbound connections by default"));
}

const struct check check_network_access_control = {
	.id = "network.access_control",
	.title = N_("Connection sources are restricted (host firewall, sshd)"),
	.remediation = N_("Deny inbound connections by default with a host firewall started at "
			  "boot (nftables input chain policy drop, ufw default deny incoming, "
			  "firewalld zone without target ACCEPT) for IPv4 and IPv6, and restrict "
			  "sshd: PermitRootLogin no, PasswordAuthentication no, AllowUsers or "
			  "AllowGroups."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
