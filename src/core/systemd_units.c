/* systemd unit enablement from the files (see systemd_units.h). The rules follow systemd's
 * src/shared/install.c (unit_file_lookup_state, find_symlinks_in_scope, unit_file_load: a
 * unit that is a symlink to /dev/null or an empty file is masked), path-lookup.c (the search
 * path below) and src/sysv-generator (init scripts without a native unit, S links in
 * rc2.d-rc5.d). Each directory is read once; lookups go through hash indexes, so the cost is
 * linear in the number of unit files and links. */
#include "systemd_units.h"
#include "context.h"
#include "rootfs.h"
#include "xalloc.h"
#include "../parsers/unit_file.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define UNIT_FILE_MAX (1u << 20) /* systemd's own LONG_LINE_MAX-sized bound on a unit file */
/* The manager resolves a unit name through at most this many lookups (src/basic/unit-file.c,
 * unit_ids_map_get, FOLLOW_MAX 8): seven alias symlinks and the unit file itself. A longer chain
 * does not load, so nothing is pulled in through it. (systemctl's own install.c follows up to 64
 * for is-enabled, but what starts at boot is the manager's business.) */
#define SYSTEMD_FOLLOW_MAX 8

enum dir_class {
	DIR_CONFIG,   /* /etc/systemd/system: systemctl enable writes here */
	DIR_PERSIST,  /* /etc/systemd/system.control, .attached: persistent, not "the" config */
	DIR_RUNTIME,  /* /run/...: gone at reboot; read only when auditing the live host */
	DIR_GENERATOR,
	DIR_VENDOR,   /* /usr/local/lib, /lib, /usr/lib */
};

/* The system unit search path in precedence order, as `systemd-analyze unit-paths` prints it
 * on Debian 12 (split-usr build: /lib/systemd/system before /usr/lib/systemd/system). */
static const struct {
	const char *path;
	enum dir_class cls;
} search_dirs[] = {
	{ "/etc/systemd/system.control", DIR_PERSIST },
	{ "/run/systemd/system.control", DIR_RUNTIME },
	{ "/run/systemd/transient", DIR_RUNTIME },
	{ "/run/systemd/generator.early", DIR_GENERATOR },
	{ "/etc/systemd/system", DIR_CONFIG },
	{ "/etc/systemd/system.attached", DIR_PERSIST },
	{ "/run/systemd/system", DIR_RUNTIME },
	{ "/run/systemd/system.attached", DIR_RUNTIME },
	{ "/run/systemd/generator", DIR_GENERATOR },
	{ "/usr/local/lib/systemd/system", DIR_VENDOR },
	{ "/lib/systemd/system", DIR_VENDOR },
	{ "/usr/lib/systemd/system", DIR_VENDOR },
	{ "/run/systemd/generator.late", DIR_GENERATOR },
};
#define N_SEARCH_DIRS (sizeof search_dirs / sizeof search_dirs[0])

/* SysV runlevels that start services, and the target systemd-sysv-generator maps them to. */
static const struct {
	const char *dir;
	const char *target;
} rc_dirs[] = {
	{ "/etc/rc2.d", "multi-user.target" },
	{ "/etc/rc3.d", "multi-user.target" },
	{ "/etc/rc4.d", "multi-user.target" },
	{ "/etc/rc5.d", "graphical.target" },
};

#define NONE SIZE_MAX

enum entry_kind { ENT_FILE, ENT_MASK, ENT_LINK };

struct unit_entry {
	char *name;
	char *target; /* readlink text for ENT_LINK (and a mask that is a link), else NULL */
	int dir;
	enum entry_kind kind;
	size_t next;        /* name index chain */
	size_t next_target; /* by-link-target-basename chain (ENT_LINK only) */
	bool loaded;
	int read_err;
	bool empty_target;  /* a linked file that turned out empty: masked */
	struct unit_install install;
	unsigned visit;     /* == systemd_units.visit_gen: already met in this alias walk */
};

struct wants_link {
	char *name; /* the unit it pulls in */
	char *by;   /* the unit whose .wants/... directory holds it */
	bool is_link;     /* a symlink (its target is read for evidence), or a plain file */
	const char *kind; /* "wants", "requires", "upholds" */
	int dir;
	size_t next_name, next_template;
};

struct sysv_script {
	char *unit;
	char *path;
	size_t next;
};

struct sysv_link {
	char *unit;
	char *path;
	char *target;
	const char *wanted_by;
	size_t next;
};

struct chain_index {
	size_t *heads;
	size_t mask;
};

struct systemd_units {
	const struct rootfs *root;
	bool live, systemd_present;
	struct unit_entry *units;
	size_t n_units, cap_units, n_effective;
	struct wants_link *links;
	size_t n_links, cap_links;
	struct sysv_script *scripts;
	size_t n_scripts, cap_scripts;
	struct sysv_link *rclinks;
	size_t n_rclinks, cap_rclinks;
	struct chain_index by_name, by_target, links_by_name, links_by_template, scripts_ix,
		rclinks_ix;
	unsigned visit_gen;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static void index_init(struct chain_index *ix, size_t n)
{
	size_t cap = 16;
	while (cap < n * 2)
		cap *= 2;
	ix->heads = xmalloc(cap * sizeof *ix->heads);
	for (size_t i = 0; i < cap; i++)
		ix->heads[i] = NONE;
	ix->mask = cap - 1;
}

static size_t *index_head(const struct chain_index *ix, const char *key)
{
	return &ix->heads[hash_str(key) & ix->mask];
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static bool hidden_or_backup(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.' || (n && name[n - 1] == '~'))
		return true;
	static const char *const suffixes[] = { ".dpkg-old", ".dpkg-new", ".dpkg-dist",
						".dpkg-bak", ".dpkg-tmp", ".rpmnew", ".rpmsave",
						".rpmorig", ".swp", ".bak", ".old", ".new", ".orig" };
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t k = strlen(suffixes[i]);
		if (n > k && strcmp(name + n - k, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static char *read_link_at(int dfd, const char *name)
{
	char buf[PATH_MAX];
	ssize_t n = readlinkat(dfd, name, buf, sizeof buf - 1);
	if (n < 0)
		return xstrdup("");
	buf[n] = '\0';
	return xstrdup(buf);
}

static bool is_dev_null(const char *target)
{
	while (target[0] == '/' && target[1] == '/')
		target++;
	return strcmp(target, "/dev/null") == 0;
}

static const char *link_kind(const char *dirname, size_t *stem_len)
{
	static const char *const kinds[][2] = {
		{ ".wants", "wants" }, { ".requires", "requires" }, { ".upholds", "upholds" } };
	size_t n = strlen(dirname);
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(kinds[i][0]);
		if (n > k && strcmp(dirname + n - k, kinds[i][0]) == 0) {
			*stem_len = n - k;
			return kinds[i][1];
		}
	}
	return NULL;
}

/* Every entry of a .wants/.requires/.upholds directory names a unit to pull in: the manager
 * goes by the name (a symlink's target only matters to systemctl's bookkeeping). */
static void scan_links(struct systemd_units *u, int di, int parent_fd, const char *subdir,
		       const char *by, const char *kind)
{
	int fd = openat(parent_fd, subdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		if (hidden_or_backup(de->d_name) || !unit_name_valid(de->d_name))
			continue;
		/* d_type saves a stat per link; the target is read only when reported */
		unsigned char type = de->d_type;
		if (type == DT_UNKNOWN) {
			struct stat st;
			if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
				continue;
			type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
		}
		if (type != DT_LNK && type != DT_REG)
			continue;
		XGROW(u->links, u->n_links, u->cap_links, u->n_links + 1);
		struct wants_link *l = &u->links[u->n_links++];
		memset(l, 0, sizeof *l);
		l->name = xstrdup(de->d_name);
		l->by = xstrdup(by);
		l->is_link = type == DT_LNK;
		l->kind = kind;
		l->dir = di;
	}
	closedir(d);
}

static void scan_unit_dir(struct systemd_units *u, int di, DIR *d)
{
	int fd = dirfd(d);
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (hidden_or_backup(name))
			continue;
		struct stat st;
		size_t stem;
		const char *kind = link_kind(name, &stem);
		if (kind) {
			/* Only a real directory, as find_symlinks() (DT_DIR) and the loader see it. */
			if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode)) {
				char *by = xstrndup(name, stem);
				scan_links(u, di, fd, name, by, kind);
				free(by);
			}
			continue;
		}
		if (!unit_name_valid(name))
			continue;
		unsigned char type = de->d_type;
		if (type == DT_UNKNOWN) {
			if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
				continue;
			type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG
			     : S_ISCHR(st.st_mode) ? DT_CHR : DT_UNKNOWN;
		}
		enum entry_kind k;
		char *target = NULL;
		if (type == DT_LNK) {
			target = read_link_at(fd, name);
			k = is_dev_null(target) ? ENT_MASK : ENT_LINK;
		} else if (type == DT_REG) {
			k = ENT_FILE; /* an empty file (a mask too) is noticed when it is read */
		} else if (type == DT_CHR) {
			k = ENT_MASK; /* a /dev/null device node in place of the file */
		} else {
			continue; /* directories (drop-ins "NAME.d") and other files */
		}
		XGROW(u->units, u->n_units, u->cap_units, u->n_units + 1);
		struct unit_entry *e = &u->units[u->n_units++];
		memset(e, 0, sizeof *e);
		e->name = xstrdup(name);
		e->target = target;
		e->dir = di;
		e->kind = k;
		e->next = e->next_target = NONE;
	}
}

static char *sysv_unit_name(const char *script)
{
	size_t n = strlen(script);
	if (n > 3 && strcmp(script + n - 3, ".sh") == 0)
		n -= 3;
	char *unit = xasprintf("%.*s.service", (int)n, script);
	if (!unit_name_valid(unit)) {
		free(unit);
		return NULL;
	}
	return unit;
}

static int scan_sysv(struct systemd_units *u)
{
	DIR *d;
	int rc = rootfs_open_dir(u->root, "/etc/init.d", &d);
	if (rc == -ENOENT || rc == -ENOTDIR)
		return 0;
	if (rc < 0)
		return rc;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (hidden_or_backup(de->d_name))
			continue;
		struct stat st;
		/* sysv-generator: a regular, executable file (a symlinked script is skipped) */
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || !(st.st_mode & S_IXUSR))
			continue;
		char *unit = sysv_unit_name(de->d_name);
		if (!unit)
			continue;
		XGROW(u->scripts, u->n_scripts, u->cap_scripts, u->n_scripts + 1);
		struct sysv_script *s = &u->scripts[u->n_scripts++];
		s->unit = unit;
		s->path = xasprintf("/etc/init.d/%s", de->d_name);
		s->next = NONE;
	}
	closedir(d);
	for (size_t r = 0; r < sizeof rc_dirs / sizeof rc_dirs[0]; r++) {
		rc = rootfs_open_dir(u->root, rc_dirs[r].dir, &d);
		if (rc == -ENOENT || rc == -ENOTDIR)
			continue;
		if (rc < 0)
			return rc;
		while ((de = readdir(d))) {
			const char *n = de->d_name;
			/* "S01name": start links only; K links stop services at shutdown. */
			if (n[0] != 'S' || strlen(n) < 4 || n[1] < '0' || n[1] > '9' || n[2] < '0' ||
			    n[2] > '9' || hidden_or_backup(n))
				continue;
			char *unit = sysv_unit_name(n + 3);
			if (!unit)
				continue;
			XGROW(u->rclinks, u->n_rclinks, u->cap_rclinks, u->n_rclinks + 1);
			struct sysv_link *l = &u->rclinks[u->n_rclinks++];
			l->unit = unit;
			l->path = xasprintf("%s/%s", rc_dirs[r].dir, n);
			l->target = read_link_at(dirfd(d), n);
			l->wanted_by = rc_dirs[r].target;
			l->next = NONE;
		}
		closedir(d);
	}
	return 0;
}

static void build_indexes(struct systemd_units *u)
{
	index_init(&u->by_name, u->n_units);
	index_init(&u->by_target, u->n_units);
	for (size_t i = 0; i < u->n_units; i++) {
		struct unit_entry *e = &u->units[i];
		size_t *head = index_head(&u->by_name, e->name);
		bool shadowed = false;
		for (size_t j = *head; j != NONE; j = u->units[j].next)
			if (strcmp(u->units[j].name, e->name) == 0) {
				shadowed = true; /* a higher-precedence directory has this name */
				break;
			}
		if (shadowed)
			continue;
		e->next = *head;
		*head = i;
		u->n_effective++;
		if (e->kind == ENT_LINK) {
			size_t *th = index_head(&u->by_target, base_name(e->target));
			e->next_target = *th;
			*th = i;
		}
	}
	index_init(&u->links_by_name, u->n_links);
	index_init(&u->links_by_template, u->n_links);
	/* Insert backwards so that chains list links in search-path order (/etc first). */
	for (size_t i = u->n_links; i-- > 0;) {
		struct wants_link *l = &u->links[i];
		size_t *head = index_head(&u->links_by_name, l->name);
		l->next_name = *head;
		*head = i;
		char tmpl[256];
		l->next_template = NONE;
		if (unit_name_template(l->name, tmpl, sizeof tmpl)) {
			size_t *th = index_head(&u->links_by_template, tmpl);
			l->next_template = *th;
			*th = i;
		}
	}
	index_init(&u->scripts_ix, u->n_scripts);
	for (size_t i = u->n_scripts; i-- > 0;) {
		size_t *head = index_head(&u->scripts_ix, u->scripts[i].unit);
		u->scripts[i].next = *head;
		*head = i;
	}
	index_init(&u->rclinks_ix, u->n_rclinks);
	for (size_t i = u->n_rclinks; i-- > 0;) {
		size_t *head = index_head(&u->rclinks_ix, u->rclinks[i].unit);
		u->rclinks[i].next = *head;
		*head = i;
	}
}

int systemd_units_load(const struct rootfs *root, bool live, struct systemd_units **out)
{
	struct systemd_units *u = xcalloc(1, sizeof *u);
	u->root = root;
	u->live = live;
	u->systemd_present = rootfs_exists(root, "/lib/systemd/systemd") ||
			     rootfs_exists(root, "/usr/lib/systemd/systemd");
	dev_t seen_dev[N_SEARCH_DIRS];
	ino_t seen_ino[N_SEARCH_DIRS];
	size_t n_seen = 0;
	int rc = 0;
	for (size_t di = 0; di < N_SEARCH_DIRS && rc == 0; di++) {
		/* /run is a tmpfs of the running system: in an unpacked root it is stale at best. */
		if (search_dirs[di].cls == DIR_RUNTIME || search_dirs[di].cls == DIR_GENERATOR)
			if (!live)
				continue;
		DIR *d;
		int r = rootfs_open_dir(root, search_dirs[di].path, &d);
		if (r == -ENOENT || r == -ENOTDIR)
			continue;
		if (r < 0) {
			rc = r;
			break;
		}
		struct stat st;
		bool dup = false;
		if (fstat(dirfd(d), &st) == 0) {
			/* /lib -> usr/lib (merged /usr): the same directory under two names. */
			for (size_t k = 0; k < n_seen; k++)
				if (seen_dev[k] == st.st_dev && seen_ino[k] == st.st_ino)
					dup = true;
			if (!dup) {
				seen_dev[n_seen] = st.st_dev;
				seen_ino[n_seen++] = st.st_ino;
			}
		}
		if (!dup)
			scan_unit_dir(u, (int)di, d);
		closedir(d);
	}
	if (rc == 0)
		rc = scan_sysv(u);
	if (rc < 0) {
		systemd_units_free(u);
		return rc;
	}
	build_indexes(u);
	*out = u;
	return 0;
}

void systemd_units_free(struct systemd_units *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->n_units; i++) {
		free(u->units[i].name);
		free(u->units[i].target);
		unit_install_free(&u->units[i].install);
	}
	free(u->units);
	for (size_t i = 0; i < u->n_links; i++) {
		free(u->links[i].name);
		free(u->links[i].by);
	}
	free(u->links);
	for (size_t i = 0; i < u->n_scripts; i++) {
		free(u->scripts[i].unit);
		free(u->scripts[i].path);
	}
	free(u->scripts);
	for (size_t i = 0; i < u->n_rclinks; i++) {
		free(u->rclinks[i].unit);
		free(u->rclinks[i].path);
		free(u->rclinks[i].target);
	}
	free(u->rclinks);
	free(u->by_name.heads);
	free(u->by_target.heads);
	free(u->links_by_name.heads);
	free(u->links_by_template.heads);
	free(u->scripts_ix.heads);
	free(u->rclinks_ix.heads);
	free(u);
}

static struct unit_entry *lookup(struct systemd_units *u, const char *name)
{
	for (size_t i = *index_head(&u->by_name, name); i != NONE; i = u->units[i].next)
		if (strcmp(u->units[i].name, name) == 0)
			return &u->units[i];
	return NULL;
}

static void set(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

static void entry_path(const struct unit_entry *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", search_dirs[e->dir].path, e->name);
}

static void load_install(struct systemd_units *u, struct unit_entry *e)
{
	if (e->loaded)
		return;
	e->loaded = true;
	char path[PATH_MAX];
	entry_path(e, path, sizeof path);
	struct file_buf buf;
	/* Follows a "linked" unit's symlink inside the root. */
	int rc = rootfs_read_file(u->root, path, UNIT_FILE_MAX, &buf);
	if (rc < 0) {
		e->read_err = rc;
		return;
	}
	if (buf.len == 0)
		e->empty_target = true;
	else
		unit_file_parse_install(buf.data, buf.len, &e->install);
	file_buf_free(&buf);
}

static bool runtime_dir(int di)
{
	return search_dirs[di].cls == DIR_RUNTIME || search_dirs[di].cls == DIR_GENERATOR;
}

static bool in_install_aliases(const struct unit_install *in, const char *name)
{
	for (size_t i = 0; i < in->alias.n; i++)
		if (strcmp(in->alias.items[i], name) == 0)
			return true;
	return false;
}

/* Candidates for the verdict, weakest first. */
enum found { FOUND_NONE, FOUND_STARTS, FOUND_INSTANCE_STATIC, FOUND_RUNTIME, FOUND_CONFIG };

struct enable_search {
	enum found best;
	const struct wants_link *link;     /* the link behind best (wants dirs) */
	const struct unit_entry *alias;    /* or the alias symlink behind best */
	const struct wants_link *starts;   /* first link that pulls the unit in at all */
	bool indirect; /* an alias of the unit in /etc or /run that [Install] does not name */
};

static void consider_link(struct enable_search *s, const struct wants_link *l, bool known,
			  bool instance)
{
	if (!s->starts)
		s->starts = l;
	enum found f = FOUND_STARTS;
	/* A link under a name [Install] does not know is not counted by systemctl at all (252 and
	 * 257 say "disabled" for sockets.target.wants/ALIAS.socket), though the manager starts
	 * the unit through it: it starts, but adds nothing to is-enabled. */
	if (known) {
		enum dir_class cls = search_dirs[l->dir].cls;
		if (cls == DIR_CONFIG)
			f = FOUND_CONFIG;
		else if (runtime_dir(l->dir))
			f = FOUND_RUNTIME;
		else if (instance)
			f = FOUND_INSTANCE_STATIC; /* enabled_at_all for an instance: "static" */
	}
	if (f > s->best) {
		s->best = f;
		s->link = l;
		s->alias = NULL;
	}
}

static void consider_links_named(struct systemd_units *u, struct enable_search *s,
				 const char *name, bool known, bool instance)
{
	for (size_t i = *index_head(&u->links_by_name, name); i != NONE; i = u->links[i].next_name)
		if (strcmp(u->links[i].name, name) == 0)
			consider_link(s, &u->links[i], known, instance);
}

/* Work out enablement of the unit `name` (possibly an instance) whose file entry is e. */
static void enablement(struct systemd_units *u, const char *name, struct unit_entry *e,
		       struct unit_status *out)
{
	const struct unit_install *in = &e->install;
	bool instance = unit_name_is_instance(name);
	bool tmpl = unit_name_is_template(name);
	char default_inst[256] = "";
	if (tmpl && in->default_instance) {
		char prefix[256];
		unit_name_prefix(name, prefix, sizeof prefix);
		if (snprintf(default_inst, sizeof default_inst, "%s@%s%s", prefix,
			     in->default_instance, unit_name_suffix(name)) >= (int)sizeof default_inst)
			default_inst[0] = '\0';
	}
	struct enable_search s = { FOUND_NONE, NULL, NULL, NULL, false };
	/* Links named after the unit itself: the name is "known" to [Install]. */
	consider_links_named(u, &s, name, true, instance);
	/* A template is enabled through its instances (getty@tty1.service for getty@.service);
	 * only DefaultInstance= makes one of them a name systemctl counts as enabled. */
	if (tmpl)
		for (size_t i = *index_head(&u->links_by_template, name); i != NONE;
		     i = u->links[i].next_template) {
			char t[256];
			if (unit_name_template(u->links[i].name, t, sizeof t) && strcmp(t, name) == 0)
				consider_link(&s, &u->links[i],
					      default_inst[0] && strcmp(u->links[i].name, default_inst) == 0,
					      false);
		}
	/* Alias= names: a top-level symlink in a config directory pointing at this unit is
	 * what `systemctl enable` creates (dbus-org.freedesktop.Avahi.service); wants links
	 * under an alias name pull the unit in too. */
	for (size_t a = 0; a < in->alias.n; a++) {
		const char *alias = in->alias.items[a];
		consider_links_named(u, &s, alias, false, false);
		struct unit_entry *ae = lookup(u, alias);
		if (ae && ae->kind == ENT_LINK && strcmp(base_name(ae->target), e->name) == 0) {
			enum dir_class cls = search_dirs[ae->dir].cls;
			enum found f = cls == DIR_CONFIG ? FOUND_CONFIG
				     : runtime_dir(ae->dir) ? FOUND_RUNTIME : FOUND_NONE;
			if (f > s.best) {
				s.best = f;
				s.alias = ae;
				s.link = NULL;
			}
		}
	}
	/* Other names that resolve to the unit through alias symlinks (vendor aliases such as
	 * portmap.service -> rpcbind.service, and chains of them: chain1 -> chain0 -> unit): links
	 * under those names pull it in as well, as far as the manager follows a chain
	 * (SYSTEMD_FOLLOW_MAX). Breadth first, each name once, so a loop ends. */
	struct alias_hop {
		size_t unit;
		unsigned depth; /* symlinks between the name and the unit file */
	} *queue = NULL;
	size_t qhead = 0, qn = 0, qcap = 0;
	if (++u->visit_gen == 0)
		u->visit_gen = 1;
	e->visit = u->visit_gen;
	const char *cur = e->name;
	unsigned cur_depth = 0;
	for (;;) {
		for (size_t i = *index_head(&u->by_target, cur);
		     cur_depth + 1 < SYSTEMD_FOLLOW_MAX && i != NONE; i = u->units[i].next_target) {
			struct unit_entry *a = &u->units[i];
			if (a->visit == u->visit_gen || strcmp(base_name(a->target), cur) != 0)
				continue;
			a->visit = u->visit_gen;
			XGROW(queue, qn, qcap, qn + 1);
			queue[qn++] = (struct alias_hop){ i, cur_depth + 1 };
			consider_links_named(u, &s, a->name, false, false);
			/* known under another name in /etc or /run (default.target ->
			 * multi-user.target): systemctl calls that "indirect" */
			if ((search_dirs[a->dir].cls == DIR_CONFIG || runtime_dir(a->dir)) &&
			    !in_install_aliases(in, a->name))
				s.indirect = true;
		}
		if (qhead == qn)
			break;
		cur = u->units[queue[qhead].unit].name;
		cur_depth = queue[qhead++].depth;
	}
	free(queue);

	switch (s.best) {
	case FOUND_CONFIG:
		out->state = UNIT_ENABLED;
		break;
	case FOUND_RUNTIME:
		out->state = UNIT_ENABLED_RUNTIME;
		break;
	case FOUND_INSTANCE_STATIC:
		out->state = UNIT_STATIC;
		break;
	default:
		if (s.indirect)
			out->state = UNIT_INDIRECT;
		else if (search_dirs[e->dir].cls == DIR_GENERATOR)
			out->state = UNIT_GENERATED;
		else if (e->kind == ENT_LINK && search_dirs[e->dir].cls == DIR_CONFIG)
			out->state = UNIT_LINKED;
		else if (unit_install_has_rules(in))
			out->state = UNIT_DISABLED;
		else if (in->also.n)
			out->state = UNIT_INDIRECT;
		else
			out->state = UNIT_STATIC;
		break;
	}
	const struct wants_link *l = s.link ? s.link : s.starts;
	if (s.alias) {
		entry_path(s.alias, out->via, sizeof out->via);
		set(out->via_target, sizeof out->via_target, s.alias->target);
		out->wanted_by[0] = '\0';
	} else if (l) {
		snprintf(out->via, sizeof out->via, "%s/%s.%s/%s", search_dirs[l->dir].path, l->by,
			 l->kind, l->name);
		out->via_target[0] = '\0';
		if (l->is_link && rootfs_readlink(u->root, out->via, out->via_target,
						  sizeof out->via_target) < 0)
			out->via_target[0] = '\0';
		set(out->wanted_by, sizeof out->wanted_by, l->by);
	}
	out->starts = s.best >= FOUND_STARTS || s.alias != NULL;
}

static void resolve_native(struct systemd_units *u, const char *query, struct unit_status *out)
{
	char name[256];
	set(name, sizeof name, query);
	for (int hop = 0; hop < SYSTEMD_FOLLOW_MAX; hop++) {
		char tmpl[256];
		struct unit_entry *e = lookup(u, name);
		if (!e && unit_name_template(name, tmpl, sizeof tmpl))
			e = lookup(u, tmpl); /* getty@tty1.service is read from getty@.service */
		if (!e) {
			out->state = UNIT_NOT_FOUND;
			set(out->name, sizeof out->name, name);
			return;
		}
		set(out->name, sizeof out->name, name);
		entry_path(e, out->path, sizeof out->path);
		if (e->kind == ENT_MASK) {
			out->state = runtime_dir(e->dir) ? UNIT_MASKED_RUNTIME : UNIT_MASKED;
			set(out->via, sizeof out->via, out->path);
			set(out->via_target, sizeof out->via_target, e->target ? e->target : "");
			return;
		}
		if (e->kind == ENT_LINK) {
			const char *b = base_name(e->target);
			if (strcmp(b, e->name) != 0 && unit_name_valid(b)) {
				/* An alias: look the target name up again, in precedence order. An
				 * instance keeps its instance across a template alias. */
				char next[256];
				const char *at = strchr(name, '@');
				if (unit_name_is_instance(name) && unit_name_is_template(b) && at) {
					char prefix[256];
					unit_name_prefix(b, prefix, sizeof prefix);
					const char *suffix = unit_name_suffix(name);
					if (snprintf(next, sizeof next, "%s@%.*s%s", prefix,
						     (int)(suffix - at - 1), at + 1,
						     unit_name_suffix(b)) >= (int)sizeof next)
						break;
				} else {
					set(next, sizeof next, b);
				}
				set(name, sizeof name, next);
				continue;
			}
		}
		load_install(u, e);
		if (e->read_err) {
			out->state = UNIT_BAD;
			out->read_err = e->read_err;
			return;
		}
		if (e->empty_target) {
			out->state = runtime_dir(e->dir) ? UNIT_MASKED_RUNTIME : UNIT_MASKED;
			set(out->via, sizeof out->via, out->path);
			set(out->via_target, sizeof out->via_target, e->target ? e->target : "");
			return;
		}
		out->n_bad = e->install.n_bad;
		out->first_bad_line = e->install.first_bad_line;
		out->first_bad_why = e->install.first_bad_why;
		enablement(u, name, e, out);
		return;
	}
	out->state = UNIT_BAD;
	out->read_err = -ELOOP;
}

static void resolve_sysv(struct systemd_units *u, const char *name, struct unit_status *out)
{
	const struct sysv_script *script = NULL;
	for (size_t i = *index_head(&u->scripts_ix, name); i != NONE; i = u->scripts[i].next)
		if (strcmp(u->scripts[i].unit, name) == 0) {
			script = &u->scripts[i];
			break;
		}
	if (!script)
		return;
	memset(out, 0, sizeof *out);
	out->sysv = true;
	set(out->name, sizeof out->name, name);
	set(out->path, sizeof out->path, script->path);
	out->state = UNIT_DISABLED;
	for (size_t i = *index_head(&u->rclinks_ix, name); i != NONE; i = u->rclinks[i].next)
		if (strcmp(u->rclinks[i].unit, name) == 0) {
			const struct sysv_link *l = &u->rclinks[i];
			out->state = UNIT_ENABLED;
			out->starts = true;
			set(out->via, sizeof out->via, l->path);
			set(out->via_target, sizeof out->via_target, l->target);
			set(out->wanted_by, sizeof out->wanted_by, l->wanted_by);
			break;
		}
}

int systemd_unit_state_in(struct systemd_units *u, const char *name, struct unit_status *out)
{
	memset(out, 0, sizeof *out);
	resolve_native(u, name, out);
	bool masked = out->state == UNIT_MASKED || out->state == UNIT_MASKED_RUNTIME;
	if (masked)
		out->starts = false;
	if (out->state == UNIT_NOT_FOUND) {
		/* No native unit: systemd-sysv-generator makes one from /etc/init.d. */
		resolve_sysv(u, name, out);
	} else if (!u->systemd_present && !out->starts) {
		/* No systemd in the root: init scripts and their S links are what boots. */
		struct unit_status sysv;
		memset(&sysv, 0, sizeof sysv);
		resolve_sysv(u, name, &sysv);
		if (sysv.starts)
			*out = sysv;
	}
	return 0;
}

static int ensure_loaded(struct audit_context *ctx)
{
	if (ctx->systemd_units)
		return 0;
	if (ctx->systemd_units_err) {
		rootfs_note_denied(ctx->root, ctx->systemd_units_err); /* this check is refused too */
		return ctx->systemd_units_err;
	}
	int rc = systemd_units_load(ctx->root, ctx->live, &ctx->systemd_units);
	if (rc < 0)
		ctx->systemd_units_err = rc;
	return rc;
}

int systemd_unit_state(struct audit_context *ctx, const char *name, struct unit_status *out)
{
	int rc = ensure_loaded(ctx);
	if (rc < 0) {
		memset(out, 0, sizeof *out);
		return rc;
	}
	return systemd_unit_state_in(ctx->systemd_units, name, out);
}

int systemd_units_summary(struct audit_context *ctx, struct systemd_summary *out)
{
	memset(out, 0, sizeof *out);
	int rc = ensure_loaded(ctx);
	if (rc < 0)
		return rc;
	struct systemd_units *u = ctx->systemd_units;
	out->systemd_present = u->systemd_present;
	out->n_units = u->n_effective;
	out->n_links = u->n_links;
	out->n_sysv_scripts = u->n_scripts;
	struct unit_entry *e = lookup(u, "default.target");
	if (e && e->kind == ENT_LINK) {
		set(out->default_target, sizeof out->default_target, base_name(e->target));
		entry_path(e, out->default_target_path, sizeof out->default_target_path);
	}
	return 0;
}

const char *unit_state_name(enum unit_state state)
{
	switch (state) {
	case UNIT_NOT_FOUND: return "not-found";
	case UNIT_ENABLED: return "enabled";
	case UNIT_ENABLED_RUNTIME: return "enabled-runtime";
	case UNIT_LINKED: return "linked";
	case UNIT_MASKED: return "masked";
	case UNIT_MASKED_RUNTIME: return "masked-runtime";
	case UNIT_STATIC: return "static";
	case UNIT_INDIRECT: return "indirect";
	case UNIT_DISABLED: return "disabled";
	case UNIT_GENERATED: return "generated";
	case UNIT_BAD: return "bad";
	}
	return "?";
}

bool unit_state_enabled(enum unit_state state)
{
	return state == UNIT_ENABLED || state == UNIT_ENABLED_RUNTIME;
}
