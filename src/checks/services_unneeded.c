/* services.unneeded: services and software the profile marks as unneeded must not start — not
 * as systemd units (native, socket-activated or aliased), SysV init scripts, or inetd/xinetd
 * entries — and their packages should not be installed. On the live host, running processes
 * and every listening socket reachable from the network are mapped to their service. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/ini.h"
#include "../core/processes.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/socket_owners.h"
#include "../core/systemd_units.h"
#include "../core/xalloc.h"
#include "../parsers/dpkg_status.h"
#include "../parsers/inetd.h"
#include "../parsers/proc_net.h"
#include "../parsers/unit_file.h"
#include "services_reasons.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_CONF_BYTES (1u << 20)
#define MAX_DPKG_BYTES (256u << 20) /* a desktop's status file is a few MB */
#define MAX_PROC_NET_BYTES (64u << 20)
#define MAX_DPKG_PROBLEMS_SHOWN 5

/* ---- profile lists ------------------------------------------------------------------------- */

/* "avahi-daemon", "telnet.socket" -> the service's stem for matching ("telnet"). */
static void item_stem(const char *item, char *out, size_t len)
{
	if (unit_name_suffix(item) && unit_name_valid(item))
		unit_name_prefix(item, out, len);
	else
		msg_snprintf(out, len, "%s", item);
}

static bool allowed(const struct profile_list *allow, const char *item)
{
	char stem[256], a[256];
	item_stem(item, stem, sizeof stem);
	for (size_t i = 0; i < allow->n; i++) {
		if (strcmp(allow->items[i], item) == 0)
			return true;
		item_stem(allow->items[i], a, sizeof a);
		/* "allow = smbd" exempts smbd.service and smbd.socket, not just the literal name */
		if (!unit_name_suffix(allow->items[i]) && strcmp(a, stem) == 0)
			return true;
	}
	return false;
}

static const char *reason_for(const struct services_reasons *rs, const char *name)
{
	char stem[256];
	item_stem(name, stem, sizeof stem);
	const char *why = services_reasons_find(rs, name);
	if (!why)
		why = services_reasons_find(rs, stem);
	return why ? why : _("listed as unneeded in the profile");
}

/* ---- per-item state ------------------------------------------------------------------------ */

struct item {
	const char *name;   /* as the profile writes it */
	char stem[256];     /* for inetd/xinetd names and running units */
	char resolved[4][256]; /* unit names the candidates resolved to (aliases followed) */
	size_t n_resolved;
	size_t finding;     /* index of its fail finding, or SIZE_MAX */
};

static bool item_matches_unit(const struct item *it, const char *unit)
{
	char stem[256];
	unit_name_prefix(unit, stem, sizeof stem);
	if (strcmp(stem, it->stem) == 0)
		return true;
	for (size_t i = 0; i < it->n_resolved; i++) {
		char rs[256];
		unit_name_prefix(it->resolved[i], rs, sizeof rs);
		if (strcmp(stem, rs) == 0)
			return true;
	}
	return false;
}

/* One fail finding per item: later evidence (running, listening) joins it. */
static struct finding *item_fail(struct check_result *r, struct item *it, const char *reason,
				 const char *what)
{
	if (it->finding != SIZE_MAX)
		return &r->findings[it->finding];
	result_finding(r, FINDING_FAIL, it->name, "%s: %s", what, reason);
	it->finding = r->n_findings - 1;
	return &r->findings[it->finding];
}

/* A service an inetd-style super-server is set to serve: when the super-server starts at boot it
 * fails like an enabled unit (one finding per item, the extra route as evidence), else it warns. */
static struct finding *super_server_finding(struct check_result *r, struct item *it,
					    const char *reason, bool runs, const char *serves,
					    const char *idle)
{
	if (!runs)
		return result_finding(r, FINDING_WARN, it->name, "%s", idle);
	struct finding *f = it->finding == SIZE_MAX ? item_fail(r, it, reason, serves)
						    : &r->findings[it->finding];
	if (f->detail && !strstr(f->detail, serves))
		finding_evidence(f, NULL, "%s", serves);
	return f;
}

/* ---- systemd units and SysV scripts --------------------------------------------------------- */

struct seen_units {
	char (*names)[256];
	size_t n;
};

static bool seen_add(struct seen_units *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->names[i], name) == 0)
			return false;
	s->names = xreallocarray(s->names, s->n + 1, sizeof *s->names);
	msg_snprintf(s->names[s->n++], sizeof s->names[0], "%s", name);
	return true;
}

static void append(char **list, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(char **list, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *add = xvasprintf(fmt, ap);
	va_end(ap);
	char *joined = *list ? xasprintf("%s, %s", *list, add) : xstrdup(add);
	free(*list);
	free(add);
	*list = joined;
}

static void unit_evidence(struct finding *f, const struct unit_status *st)
{
	if (st->via[0] && st->via_target[0])
		finding_evidence(f, st->via, "-> %s", st->via_target);
	else if (st->via[0])
		finding_evidence(f, st->via, "%s", st->sysv ? _("SysV start link") : _("link"));
	if (st->wanted_by[0])
		finding_evidence(f, st->via[0] ? st->via : NULL, _("pulled in by %s"), st->wanted_by);
	if (st->path[0])
		finding_evidence(f, st->path, "%s", st->sysv ? _("init script (no native systemd unit)")
							   : _("unit file"));
	if (st->n_bad)
		finding_evidence(f, st->path, _("line %u: %s (%u line(s) ignored, as systemd does)"),
				 st->first_bad_line, st->first_bad_why, st->n_bad);
}

static int check_units(struct audit_context *ctx, struct check_result *r, struct item *items,
		       size_t n_items, const struct services_reasons *rs)
{
	struct systemd_summary sum;
	int rc = systemd_units_summary(ctx, &sum);
	if (rc < 0)
		return rc;
	result_evidence(r, "/lib/systemd/system",
			_("%zu unit files and %zu *.wants/*.requires/*.upholds links indexed; "
			  "%zu SysV init scripts"), sum.n_units, sum.n_links, sum.n_sysv_scripts);
	if (!sum.systemd_present)
		result_evidence(r, "/lib/systemd/systemd",
				_("systemd is not installed in this root: SysV start links count as well"));
	if (sum.default_target[0])
		result_evidence(r, sum.default_target_path, _("default.target is %s"),
				sum.default_target);
	if (!ctx->live)
		result_evidence(r, "/run/systemd",
				_("not read: /run does not survive a reboot (offline audit)"));

	struct seen_units seen = { NULL, 0 };
	char *masked = NULL, *stopped = NULL;
	size_t enabled = 0;
	for (size_t i = 0; i < n_items; i++) {
		struct item *it = &items[i];
		char cands[2][256];
		size_t n_cands = 0;
		if (unit_name_suffix(it->name) && unit_name_valid(it->name)) {
			msg_snprintf(cands[n_cands++], sizeof cands[0], "%s", it->name);
		} else {
			if (msg_snprintf(cands[n_cands], sizeof cands[0], "%s.service", it->name) <
			    (int)sizeof cands[0] && unit_name_valid(cands[n_cands]))
				n_cands++;
			if (msg_snprintf(cands[n_cands], sizeof cands[0], "%s.socket", it->name) <
			    (int)sizeof cands[0] && unit_name_valid(cands[n_cands]))
				n_cands++;
		}
		bool service_masked = false;
		for (size_t c = 0; c < n_cands; c++) {
			struct unit_status st;
			rc = systemd_unit_state(ctx, cands[c], &st);
			if (rc < 0)
				break;
			if (st.state == UNIT_NOT_FOUND)
				continue;
			if (it->n_resolved < 4)
				msg_snprintf(it->resolved[it->n_resolved++], sizeof it->resolved[0], "%s",
					 st.name);
			if (!seen_add(&seen, st.name))
				continue; /* sshd.service -> ssh.service: already judged */
			const char *reason = reason_for(rs, it->name);
			if (st.state == UNIT_BAD) {
				struct finding *f = result_finding(r, FINDING_WARN, it->name,
					_("%s: the unit file cannot be read (%s)"), st.name,
					rootfs_strerror(st.read_err));
				finding_evidence(f, st.path, "%s", rootfs_strerror(st.read_err));
				continue;
			}
			if (st.state == UNIT_MASKED || st.state == UNIT_MASKED_RUNTIME) {
				append(&masked, "%s", st.name);
				service_masked |= c == 0 && n_cands == 2;
				continue;
			}
			if (st.starts && service_masked) {
				/* The socket still listens, but activation cannot start a masked service. */
				append(&stopped, _("%s (%s, but %s.service is masked)"), st.name,
				       unit_state_name(st.state), it->name);
				continue;
			}
			if (!st.starts) {
				append(&stopped, "%s (%s)", st.name, unit_state_name(st.state));
				continue;
			}
			char what[512];
			if (st.sysv)
				msg_snprintf(what, sizeof what, _("%s starts at boot from its SysV init script"),
					 st.name);
			else if (unit_state_enabled(st.state))
				msg_snprintf(what, sizeof what, _("%s is %s"), st.name,
					 unit_state_name(st.state));
			else
				msg_snprintf(what, sizeof what, _("%s is started by %s (systemctl says %s)"),
					 st.name, st.wanted_by, unit_state_name(st.state));
			struct finding *f;
			if (it->finding == SIZE_MAX) {
				f = item_fail(r, it, reason, what);
			} else {
				f = &r->findings[it->finding];
				finding_evidence(f, NULL, "%s", what);
			}
			if (strcmp(cands[c], st.name) != 0)
				finding_evidence(f, NULL, _("%s is an alias of %s"), cands[c], st.name);
			unit_evidence(f, &st);
			enabled++;
		}
		if (rc < 0)
			break;
	}
	if (masked)
		result_evidence(r, NULL, _("masked (cannot start): %s"), masked);
	if (stopped)
		result_evidence(r, NULL, _("installed but not started at boot: %s"), stopped);
	free(masked);
	free(stopped);
	free(seen.names);
	return rc < 0 ? rc : (int)enabled;
}

/* ---- inetd and xinetd ---------------------------------------------------------------------- */

static bool unit_starts(struct audit_context *ctx, const char *const *names, char *which,
			size_t len)
{
	for (size_t i = 0; names[i]; i++) {
		struct unit_status st;
		if (systemd_unit_state(ctx, names[i], &st) == 0 && st.starts) {
			msg_snprintf(which, len, "%s", st.name);
			return true;
		}
	}
	return false;
}

static struct item *find_item_by_stem(struct item *items, size_t n, const char *service)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].stem, service) == 0)
			return &items[i];
	return NULL;
}

static void read_warn(struct check_result *r, const char *path, int rc)
{
	struct finding *f = result_finding(r, FINDING_WARN, path, _("cannot be read: %s%s"),
					   rootfs_strerror(rc),
					   rc == -EACCES ? _(" (run as root)") : "");
	finding_evidence(f, path, "%s", rootfs_strerror(rc));
}

static void check_inetd(struct audit_context *ctx, struct check_result *r, struct item *items,
			size_t n_items, const struct services_reasons *rs)
{
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, "/etc/inetd.conf", MAX_CONF_BYTES, &buf);
	if (rc == -ENOENT)
		return;
	if (rc < 0) {
		read_warn(r, "/etc/inetd.conf", rc);
		return;
	}
	struct inetd_conf conf;
	inetd_conf_parse(buf.data, buf.len, &conf);
	file_buf_free(&buf);
	static const char *const daemons[] = { "inetd.service", "openbsd-inetd.service",
					       "inetutils-inetd.service", NULL };
	char daemon[256] = "";
	bool runs = unit_starts(ctx, daemons, daemon, sizeof daemon);
	char *others = NULL;
	for (size_t i = 0; i < conf.n; i++) {
		const struct inetd_entry *e = &conf.entries[i];
		struct item *it = find_item_by_stem(items, n_items, e->service);
		if (!it) {
			append(&others, "%s (line %u)", e->service, e->line);
			continue;
		}
		const char *reason = reason_for(rs, it->name);
		char serves[512], idle[1024];
		msg_snprintf(serves, sizeof serves, _("inetd serves %s (%s starts at boot)"), e->service,
			 daemon);
		msg_snprintf(idle, sizeof idle, _("inetd.conf enables %s, though no inetd starts at boot: %s"),
			 e->service, reason);
		struct finding *f = super_server_finding(r, it, reason, runs, serves, idle);
		finding_evidence(f, "/etc/inetd.conf", _("line %u: %s %s %s %s%s%s"), e->line,
				 e->service, e->socket_type, e->protocol, e->server,
				 e->args[0] ? " " : "", e->args);
	}
	if (others)
		result_evidence(r, "/etc/inetd.conf", _("other enabled services: %s"), others);
	if (conf.n_bad) {
		struct finding *f = result_finding(r, FINDING_WARN, "/etc/inetd.conf",
			_("%u line(s) with fewer than 6 fields, which inetd rejects"), conf.n_bad);
		finding_evidence(f, "/etc/inetd.conf", _("line %u"), conf.first_bad_line);
	}
	free(others);
	inetd_conf_free(&conf);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void xinetd_read(struct audit_context *ctx, struct check_result *r,
			struct xinetd_conf *conf, char ***files, size_t *n_files, const char *path)
{
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, MAX_CONF_BYTES, &buf);
	if (rc < 0) {
		if (rc != -ENOENT)
			read_warn(r, path, rc);
		return;
	}
	xinetd_parse(buf.data, buf.len, conf);
	file_buf_free(&buf);
	*files = xreallocarray(*files, *n_files + 1, sizeof **files);
	(*files)[(*n_files)++] = xstrdup(path);
	if (conf->n_bad) {
		struct finding *f = result_finding(r, FINDING_WARN, path,
			_("%u line(s) xinetd cannot parse (%s)"), conf->n_bad, conf->first_bad_why);
		finding_evidence(f, path, _("line %u"), conf->first_bad_line);
	}
}

static void check_xinetd(struct audit_context *ctx, struct check_result *r, struct item *items,
			 size_t n_items, const struct services_reasons *rs)
{
	if (!rootfs_exists(ctx->root, "/etc/xinetd.conf"))
		return;
	struct xinetd_conf conf;
	memset(&conf, 0, sizeof conf);
	char **files = NULL;
	size_t n_files = 0;
	xinetd_read(ctx, r, &conf, &files, &n_files, "/etc/xinetd.conf");
	/* includedir: every file whose name has no '.' and no trailing '~', in C-locale order. */
	for (size_t d = 0; d < conf.n_includedirs && d < 16; d++) {
		char *dir = xstrdup(conf.includedirs[d]);
		DIR *dh;
		int rc = rootfs_open_dir(ctx->root, dir, &dh);
		if (rc < 0) {
			if (rc != -ENOENT)
				read_warn(r, dir, rc);
			free(dir);
			continue;
		}
		char **names = NULL;
		size_t n = 0;
		struct dirent *de;
		while ((de = readdir(dh)))
			if (xinetd_includedir_name_ok(de->d_name)) {
				names = xreallocarray(names, n + 1, sizeof *names);
				names[n++] = xstrdup(de->d_name);
			}
		closedir(dh);
		if (n > 1)
			qsort(names, n, sizeof *names, cmp_str);
		for (size_t i = 0; i < n; i++) {
			char *path = xasprintf("%s/%s", dir, names[i]);
			struct stat st;
			if (rootfs_stat(ctx->root, path, &st) == 0 && S_ISREG(st.st_mode))
				xinetd_read(ctx, r, &conf, &files, &n_files, path);
			free(path);
			free(names[i]);
		}
		free(names);
		free(dir);
	}
	static const char *const daemons[] = { "xinetd.service", NULL };
	char daemon[256] = "";
	bool runs = unit_starts(ctx, daemons, daemon, sizeof daemon);
	char *others = NULL;
	for (size_t i = 0; i < conf.n; i++) {
		const struct xinetd_service *s = &conf.services[i];
		if (!xinetd_service_enabled(&conf, s))
			continue;
		const char *file = s->file < n_files ? files[s->file] : "/etc/xinetd.conf";
		struct item *it = find_item_by_stem(items, n_items, s->name);
		if (!it) {
			append(&others, "%s (%s)", s->name, file);
			continue;
		}
		const char *reason = reason_for(rs, it->name);
		char serves[512], idle[1024];
		msg_snprintf(serves, sizeof serves, _("xinetd serves %s (%s starts at boot)"), s->name,
			 daemon);
		msg_snprintf(idle, sizeof idle, _("xinetd enables %s, though xinetd does not start at boot: %s"),
			 s->name, reason);
		struct finding *f = super_server_finding(r, it, reason, runs, serves, idle);
		if (s->disable == 0)
			finding_evidence(f, file, _("line %u: service %s: disable = no"), s->disable_line,
					 s->name);
		else
			finding_evidence(f, file, _("line %u: service %s: no 'disable' attribute "
						    "(xinetd's default is enabled)"), s->line, s->name);
	}
	if (others)
		result_evidence(r, "/etc/xinetd.d", _("other enabled xinetd services: %s"), others);
	free(others);
	for (size_t i = 0; i < n_files; i++)
		free(files[i]);
	free(files);
	xinetd_conf_free(&conf);
}

/* ---- installed packages -------------------------------------------------------------------- */

static size_t check_packages(struct audit_context *ctx, struct check_result *r,
			     const struct profile_list *pkgs, const struct profile_list *allow,
			     const struct services_reasons *rs)
{
	static const char *const rpmdbs[] = { "/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages",
					      "/var/lib/rpm/Packages.db",
					      "/usr/lib/sysimage/rpm/rpmdb.sqlite", NULL };
	for (size_t i = 0; rpmdbs[i]; i++)
		if (rootfs_exists(ctx->root, rpmdbs[i])) {
			result_evidence(r, rpmdbs[i],
					_("not read: the rpm database (SQLite or Berkeley DB) is not "
					  "parsed, so installed rpm packages are not checked"));
			break;
		}
	const char *path = "/var/lib/dpkg/status";
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, MAX_DPKG_BYTES, &buf);
	if (rc == -ENOENT) {
		result_evidence(r, path, _("absent: no dpkg database"));
		return 0;
	}
	if (rc < 0) {
		read_warn(r, path, rc);
		return 0;
	}
	struct dpkg_status st;
	dpkg_status_parse(buf.data, buf.len, &st);
	file_buf_free(&buf);
	size_t installed = 0, present_total = 0;
	for (size_t i = 0; i < st.n; i++)
		present_total += dpkg_package_present(&st.pkgs[i]);
	result_evidence(r, path, _("%zu packages installed"), present_total);
	if (st.n_problems) {
		struct finding *f = result_finding(r, FINDING_WARN, path,
			_("%zu malformed line(s) or stanza(s) skipped: their packages are unknown"),
			st.n_problems);
		for (size_t i = 0; i < st.n_problems && i < MAX_DPKG_PROBLEMS_SHOWN; i++)
			finding_evidence(f, path, _("line %u: %s"), st.problems[i].line,
					 st.problems[i].why);
	}
	for (size_t i = 0; i < pkgs->n; i++) {
		if (allowed(allow, pkgs->items[i]))
			continue;
		const struct dpkg_package *p = dpkg_status_find_present(&st, pkgs->items[i]);
		if (!p)
			continue;
		installed++;
		struct finding *f = result_finding(r, FINDING_WARN, p->name,
			_("package installed though not needed: %s"), reason_for(rs, p->name));
		finding_evidence(f, path, _("line %u: Status: %s %s %s, Version: %s%s%s"),
				 p->status_line, p->want, p->flag, p->status, p->version,
				 p->arch[0] ? ", Architecture: " : "", p->arch);
	}
	dpkg_status_free(&st);
	return installed;
}

/* ---- live: processes and listening sockets -------------------------------------------------- */


struct listener {
	struct proc_net_socket s;
	const char *proto; /* "tcp", "udp" */
	long pid;          /* owner, 0 when not found */
	size_t proc;       /* index into the process table */
};

static void add_table(struct audit_context *ctx, struct check_result *r, const char *path,
		      int family, const char *proto, unsigned state, struct listener **ls,
		      size_t *n, size_t *cap)
{
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, MAX_PROC_NET_BYTES, &buf);
	if (rc < 0) {
		if (rc != -ENOENT) /* no IPv6 in this kernel: no tcp6 */
			read_warn(r, path, rc);
		return;
	}
	struct proc_net_table t;
	proc_net_parse(buf.data, buf.len, family, &t);
	file_buf_free(&buf);
	if (t.n_bad) {
		struct finding *f = result_finding(r, FINDING_WARN, path,
			_("%u line(s) not in the kernel's format"), t.n_bad);
		finding_evidence(f, path, _("line %u"), t.first_bad_line);
	}
	for (size_t i = 0; i < t.n; i++) {
		if (t.sockets[i].state != state)
			continue;
		XGROW(*ls, *n, *cap, *n + 1);
		struct listener *l = &(*ls)[(*n)++];
		memset(l, 0, sizeof *l);
		l->s = t.sockets[i];
		l->proto = proto;
	}
	proc_net_table_free(&t);
}

static size_t check_live(struct audit_context *ctx, struct check_result *r, struct item *items,
			 size_t n_items, const struct services_reasons *rs)
{
	struct process *procs;
	size_t n_procs;
	processes_collect(ctx->root, &procs, &n_procs);
	size_t running = 0;
	/* Running now, whatever the boot configuration says (started by hand, or a dependency). */
	for (size_t i = 0; i < n_procs; i++) {
		if (!procs[i].unit[0])
			continue;
		for (size_t k = 0; k < n_items; k++) {
			if (!item_matches_unit(&items[k], procs[i].unit))
				continue;
			char what[512];
			msg_snprintf(what, sizeof what, _("%s is running"), procs[i].unit);
			bool fresh = items[k].finding == SIZE_MAX;
			struct finding *f = item_fail(r, &items[k], reason_for(rs, items[k].name), what);
			if (!fresh)
				finding_evidence(f, NULL, "%s", what);
			char cg[64];
			snprintf(cg, sizeof cg, "/proc/%ld/cgroup", procs[i].pid);
			finding_evidence(f, cg, _("pid %ld (%s) in %s"), procs[i].pid, procs[i].comm,
					 procs[i].unit);
			running += fresh;
			break;
		}
	}

	struct listener *ls = NULL;
	size_t n = 0, cap = 0;
	add_table(ctx, r, "/proc/net/tcp", AF_INET, "tcp", PROC_NET_TCP_LISTEN, &ls, &n, &cap);
	add_table(ctx, r, "/proc/net/tcp6", AF_INET6, "tcp", PROC_NET_TCP_LISTEN, &ls, &n, &cap);
	add_table(ctx, r, "/proc/net/udp", AF_INET, "udp", PROC_NET_UDP_UNCONN, &ls, &n, &cap);
	add_table(ctx, r, "/proc/net/udp6", AF_INET6, "udp", PROC_NET_UDP_UNCONN, &ls, &n, &cap);
	const struct socket_owners *owners = ctx->socket_owners;
	if (!owners)
		result_evidence(r, "/proc", _("socket owners were not collected before the sandbox "
					      "closed: listeners have no owner below"));
	else if (owners->unreadable && ctx->root_user)
		result_evidence(r, "/proc", _("the descriptors of %zu process(es) cannot be read "
					      "(they are protected, e.g. in another container or "
					      "user namespace): their sockets have no owner below"),
				owners->unreadable);
	else if (owners->unreadable)
		result_evidence(r, "/proc", _("the descriptors of %zu process(es) cannot be read "
					      "(kensa is not root, or they are protected): their "
					      "sockets have no owner below"),
				owners->unreadable);
	for (size_t i = 0; i < n; i++) {
		ls[i].pid = socket_owners_find(owners, ls[i].s.inode);
		const struct process *p = ls[i].pid ? processes_find_pid(procs, n_procs, ls[i].pid)
						    : NULL;
		if (p)
			ls[i].proc = (size_t)(p - procs);
		else
			ls[i].pid = 0; /* exited between the two reads */
	}
	size_t loopback = 0, exposed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct listener *l = &ls[i];
		if (proc_net_is_loopback(&l->s)) {
			loopback++;
			continue;
		}
		exposed++;
		char addr[80];
		proc_net_format_local(&l->s, addr, sizeof addr);
		const struct process *p = l->pid ? &procs[l->proc] : NULL;
		char owner[400];
		if (!p)
			msg_snprintf(owner, sizeof owner, "%s", _("owner unknown"));
		else if (p->unit[0])
			msg_snprintf(owner, sizeof owner, "%s, pid %ld, %s", p->comm, p->pid, p->unit);
		else if (p->pid == 1)
			msg_snprintf(owner, sizeof owner, _("%s, pid 1: a socket-activated unit"), p->comm);
		else
			msg_snprintf(owner, sizeof owner, "%s, pid %ld", p->comm, p->pid);
		const char *table = l->s.family == AF_INET6 ? (strcmp(l->proto, "tcp") ? "/proc/net/udp6"
											: "/proc/net/tcp6")
							     : (strcmp(l->proto, "tcp") ? "/proc/net/udp"
											: "/proc/net/tcp");
		struct item *it = NULL;
		for (size_t k = 0; p && p->unit[0] && k < n_items && !it; k++)
			if (item_matches_unit(&items[k], p->unit))
				it = &items[k];
		if (it) {
			char what[512];
			msg_snprintf(what, sizeof what, _("listens on %s/%s"), addr, l->proto);
			bool fresh = it->finding == SIZE_MAX;
			struct finding *f = item_fail(r, it, reason_for(rs, it->name), what);
			finding_evidence(f, table, _("line %u: %s/%s (%s), inode %llu"), l->s.line,
					 addr, l->proto, owner, l->s.inode);
			running += fresh;
			continue;
		}
		const char *subject = p ? (p->unit[0] ? p->unit : p->comm) : addr;
		struct finding *f = result_finding(r, FINDING_INFO, subject,
						   _("listens on %s/%s"), addr, l->proto);
		finding_evidence(f, table, _("line %u: %s/%s (%s), inode %llu"), l->s.line, addr,
				 l->proto, owner, l->s.inode);
	}
	result_evidence(r, "/proc/net", _("%zu listening socket(s) reachable from the network, "
					  "%zu on loopback only; %zu processes"),
			exposed, loopback, n_procs);
	free(ls);
	free(procs);
	return running;
}

/* ---- the check ----------------------------------------------------------------------------- */

/* Offline, a pass needs something read: a root with no unit, no init script, no super-server
 * configuration and no package database has nothing that could start a service or show one
 * installed, so "none starts" would be a pass on inputs that were never there. */
static bool judged_anything(struct audit_context *ctx)
{
	static const char *const files[] = { "/etc/inetd.conf", "/etc/xinetd.conf",
					     "/var/lib/dpkg/status", "/var/lib/rpm/rpmdb.sqlite",
					     "/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db",
					     "/usr/lib/sysimage/rpm/rpmdb.sqlite", NULL };
	struct systemd_summary sum;
	if (systemd_units_summary(ctx, &sum) == 0 && (sum.n_units || sum.n_sysv_scripts))
		return true;
	for (size_t i = 0; files[i]; i++)
		if (rootfs_exists(ctx->root, files[i]))
			return true;
	return false;
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	const struct profile_list *unneeded = profile_list(ctx->profile, "services", "unneeded");
	const struct profile_list *allow = profile_list(ctx->profile, "services", "allow");
	const struct profile_list *pkgs =
		profile_list(ctx->profile, "services", "unneeded_packages");
	struct services_reasons rs;
	services_reasons_load(ctx, &rs, false, r);

	struct item *items = xcalloc(unneeded->n ? unneeded->n : 1, sizeof *items);
	size_t n_items = 0;
	char *exempt = NULL;
	for (size_t i = 0; i < unneeded->n; i++) {
		if (allowed(allow, unneeded->items[i])) {
			append(&exempt, "%s", unneeded->items[i]);
			continue;
		}
		struct item *it = &items[n_items++];
		it->name = unneeded->items[i];
		item_stem(it->name, it->stem, sizeof it->stem);
		it->finding = SIZE_MAX;
	}
	result_evidence(r, NULL, _("profile: %zu services and %zu packages are unneeded"),
			n_items, pkgs->n);
	if (exempt)
		result_evidence(r, NULL, _("allowed by the profile: %s"), exempt);
	free(exempt);

	int rc = check_units(ctx, r, items, n_items, &rs);
	if (rc < 0) {
		result_error(r, _("cannot read the systemd unit directories: %s%s"),
			     rootfs_strerror(rc), rc == -EACCES ? _(" (run as root)") : "");
		goto out;
	}
	check_inetd(ctx, r, items, n_items, &rs);
	check_xinetd(ctx, r, items, n_items, &rs);
	size_t installed = check_packages(ctx, r, pkgs, allow, &rs);
	if (ctx->live)
		check_live(ctx, r, items, n_items, &rs);
	else
		result_evidence(r, "/proc", _("not applicable offline: running services and "
					      "listening sockets are examined on the live host only"));

	size_t failing = 0;
	for (size_t i = 0; i < n_items; i++)
		failing += items[i].finding != SIZE_MAX;
	if (!failing && !installed && !ctx->live && !judged_anything(ctx))
		result_error(r, _("nothing to judge: no systemd unit file, no SysV init script, no "
				  "inetd or xinetd configuration and no package database under the "
				  "root"));
	else if (failing || installed)
		result_reason(r, _("%zu unneeded service(s) enabled or running, %zu unneeded "
				   "package(s) installed"), failing, installed);
	else
		result_reason(r, _("none of the %zu unneeded services starts, and none of the "
				   "unneeded packages is installed"), n_items);
out:
	free(items);
	services_reasons_free(&rs);
}

const struct check check_services_unneeded = {
	.id = "services.unneeded",
	.title = N_("Unneeded services are stopped and unneeded software is removed"),
	.remediation = N_("Stop and disable what the machine does not need (systemctl disable --now "
			  "UNIT, including its .socket; systemctl mask UNIT to keep it off), comment "
			  "out inetd.conf lines or set 'disable = yes' in xinetd.d, and remove unneeded "
			  "packages (apt purge PACKAGE). If the site needs one, add it to [services] "
			  "allow in a site profile."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
