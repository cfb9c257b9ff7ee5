/* updates.pending (item 2-6): security updates that the system's own apt sources offer but
 * that are not installed. Every installed dpkg package is compared, with dpkg's version order,
 * to the newest version of its architecture in the live apt lists (those sources.list and
 * sources.list.d name); a newer version from a security archive fails. The lists are streamed:
 * memory follows the installed packages, not the tens of MB of lists. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/systemd_units.h"
#include "../core/timefmt.h"
#include "../core/xalloc.h"
#include "../parsers/apt_conf.h"
#include "../parsers/apt_lists.h"
#include "../parsers/apt_sources.h"
#include "../parsers/dpkg_status.h"
#include "../parsers/dpkg_version.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define DPKG_STATUS "/var/lib/dpkg/status"
#define DPKG_STATUS_D "/var/lib/dpkg/status.d"
#define DPKG_ARCH "/var/lib/dpkg/arch"
#define APT_LISTS "/var/lib/apt/lists"
#define MAX_STATUS_BYTES (256u << 20)
#define MAX_CONF_BYTES (1u << 20)
#define MAX_RELEASE_HEAD 65536
#define MAX_ARCHS 16
#define MAX_FILES_PER_DIR 4096
#define MAX_PROBLEMS_SHOWN 5

/* ---- installed packages, hashed by name:arch --------------------------------------------- */

struct candidate {
	char *text; /* NULL: none newer than installed */
	struct dpkg_version v;
	size_t list; /* index into the lists read */
};

struct installed {
	char *name, *arch; /* arch: "all" and "" mapped to the native architecture */
	char *version;
	struct dpkg_version v;
	const char *source; /* file of its stanza */
	unsigned line;
	struct candidate any, security;
};

struct inst_table {
	struct installed *pkgs;
	size_t n, cap;
	size_t *slots; /* index+1, 0 = empty */
	size_t n_slots;
};

static uint64_t hash_key(const char *name, const char *arch)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ ':') * 1099511628211ull;
	for (const char *p = arch; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h;
}

static struct installed *inst_find(const struct inst_table *t, const char *name, const char *arch)
{
	if (!t->n_slots)
		return NULL;
	size_t mask = t->n_slots - 1;
	for (size_t i = hash_key(name, arch) & mask;; i = (i + 1) & mask) {
		size_t s = t->slots[i];
		if (!s)
			return NULL;
		struct installed *p = &t->pkgs[s - 1];
		if (strcmp(p->name, name) == 0 && strcmp(p->arch, arch) == 0)
			return p;
	}
}

static void inst_index(struct inst_table *t)
{
	size_t n_slots = 16;
	while (n_slots < t->n * 2)
		n_slots *= 2;
	t->slots = xcalloc(n_slots, sizeof *t->slots);
	t->n_slots = n_slots;
	for (size_t k = 0; k < t->n; k++) {
		struct installed *p = &t->pkgs[k];
		for (size_t i = hash_key(p->name, p->arch) & (n_slots - 1);; i = (i + 1) & (n_slots - 1))
			if (!t->slots[i]) {
				t->slots[i] = k + 1;
				break;
			}
	}
}

static void candidate_free(struct candidate *c)
{
	free(c->text);
	dpkg_version_free(&c->v);
}

static void inst_free(struct inst_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->pkgs[i].name);
		free(t->pkgs[i].arch);
		free(t->pkgs[i].version);
		dpkg_version_free(&t->pkgs[i].v);
		candidate_free(&t->pkgs[i].any);
		candidate_free(&t->pkgs[i].security);
	}
	free(t->pkgs);
	free(t->slots);
}

static const char *norm_arch(const char *arch, const char *native)
{
	return (!arch[0] || strcmp(arch, "all") == 0) ? native : arch;
}

static void read_warn(struct check_result *r, const char *path, int rc, const char *consequence)
{
	result_finding(r, FINDING_WARN, path, _("cannot be read: %s%s; %s"), rootfs_strerror(rc),
		       rc == -EACCES ? _(" (run as root)") : "", consequence);
}

/* ---- the dpkg database -------------------------------------------------------------------- */

struct dpkg_db {
	struct dpkg_status status;   /* /var/lib/dpkg/status */
	struct dpkg_status *extra;   /* one per status.d file (distroless) */
	char **extra_paths;
	size_t n_extra;
	char native[64];
};

static void dpkg_db_free(struct dpkg_db *db)
{
	dpkg_status_free(&db->status);
	for (size_t i = 0; i < db->n_extra; i++) {
		dpkg_status_free(&db->extra[i]);
		free(db->extra_paths[i]);
	}
	free(db->extra);
	free(db->extra_paths);
}

static void report_problems(struct check_result *r, const char *path, const struct dpkg_status *st)
{
	if (!st->n_problems)
		return;
	struct finding *f = result_finding(r, FINDING_WARN, path,
		_("%zu malformed line(s) or stanza(s) skipped: updates of their packages are unknown"),
		st->n_problems);
	for (size_t i = 0; i < st->n_problems && i < MAX_PROBLEMS_SHOWN; i++)
		finding_evidence(f, path, _("line %u: %s"), st->problems[i].line, st->problems[i].why);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns 1 when a dpkg database was read, 0 when there is none, -1 on error (reported). */
static int load_dpkg(struct audit_context *ctx, struct check_result *r, struct dpkg_db *db)
{
	memset(db, 0, sizeof *db);
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, DPKG_STATUS, MAX_STATUS_BYTES, &buf);
	bool have = false;
	if (rc == 0) {
		dpkg_status_parse(buf.data, buf.len, &db->status);
		file_buf_free(&buf);
		report_problems(r, DPKG_STATUS, &db->status);
		have = true;
	} else if (rc != -ENOENT) {
		result_error(r, _("%s cannot be read: %s%s"), DPKG_STATUS, rootfs_strerror(rc),
			     rc == -EACCES ? _(" (run as root)") : "");
		return -1;
	}
	/* distroless images: one file per package under status.d, no Status field */
	DIR *d;
	rc = rootfs_open_dir(ctx->root, DPKG_STATUS_D, &d);
	if (rc == 0) {
		char **names = NULL;
		size_t n = 0;
		struct dirent *e;
		while ((e = readdir(d)) && n < MAX_FILES_PER_DIR) {
			if (e->d_name[0] == '.')
				continue;
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
		closedir(d);
		if (n > 1) /* qsort(NULL, 0, ...) is undefined */
			qsort(names, n, sizeof *names, cmp_str);
		for (size_t i = 0; i < n; i++) {
			char path[512];
			msg_snprintf(path, sizeof path, "%s/%s", DPKG_STATUS_D, names[i]);
			free(names[i]);
			rc = rootfs_read_file(ctx->root, path, MAX_CONF_BYTES, &buf);
			if (rc == -ROOTFS_ENOTREG)
				continue;
			if (rc < 0) {
				read_warn(r, path, rc, _("its packages are not compared"));
				continue;
			}
			db->extra = xreallocarray(db->extra, db->n_extra + 1, sizeof *db->extra);
			db->extra_paths = xreallocarray(db->extra_paths, db->n_extra + 1,
							sizeof *db->extra_paths);
			dpkg_status_parse(buf.data, buf.len, &db->extra[db->n_extra]);
			file_buf_free(&buf);
			report_problems(r, path, &db->extra[db->n_extra]);
			db->extra_paths[db->n_extra++] = xstrdup(path);
			have = true;
		}
		free(names);
	} else if (rc != -ENOENT && rc != -ENOTDIR) {
		read_warn(r, DPKG_STATUS_D, rc, _("its packages are not compared"));
	}
	if (!have)
		return 0;
	/* The native architecture is dpkg's own (the dpkg package is built for it); distroless
	 * images have no dpkg: base-files, then libc6. */
	static const char *const natives[] = { "dpkg", "base-files", "libc6", NULL };
	for (size_t k = 0; natives[k] && !db->native[0]; k++) {
		const struct dpkg_package *p = dpkg_status_find_present(&db->status, natives[k]);
		for (size_t i = 0; !p && i < db->n_extra; i++)
			for (size_t j = 0; j < db->extra[i].n && !p; j++)
				if (strcmp(db->extra[i].pkgs[j].name, natives[k]) == 0)
					p = &db->extra[i].pkgs[j];
		if (p && p->arch[0] && strcmp(p->arch, "all") != 0)
			msg_snprintf(db->native, sizeof db->native, "%s", p->arch);
	}
	return 1;
}

static void add_installed(struct inst_table *t, struct check_result *r, const struct dpkg_package *p,
			  const char *source, const char *native)
{
	struct dpkg_version v;
	const char *why;
	if (dpkg_version_parse(p->version, &v, &why) < 0) {
		struct finding *f = result_finding(r, FINDING_WARN, p->name,
			_("installed version '%s' is not a dpkg version (%s): its updates are unknown"),
			p->version, why);
		finding_evidence(f, source, _("line %u"), p->line);
		return;
	}
	XGROW(t->pkgs, t->n, t->cap, t->n + 1);
	struct installed *i = &t->pkgs[t->n++];
	memset(i, 0, sizeof *i);
	i->name = xstrdup(p->name);
	i->arch = xstrdup(norm_arch(p->arch, native));
	i->version = xstrdup(p->version);
	i->v = v;
	i->source = source;
	i->line = p->line;
}

/* ---- sources and lists -------------------------------------------------------------------- */

struct list_info {
	char *file;          /* path inside the root */
	bool security;
	char *why_security;  /* what decided it */
};

struct scan {
	struct inst_table *t;
	size_t list;        /* index of the list being read */
	bool security;
	const char *native;
	size_t matched;
};

static void on_stanza(const struct apt_stanza *s, void *arg)
{
	struct scan *sc = arg;
	struct installed *i = inst_find(sc->t, s->package, norm_arch(s->arch, sc->native));
	if (!i)
		return;
	sc->matched++;
	struct dpkg_version v;
	if (dpkg_version_parse(s->version, &v, NULL) < 0)
		return;
	if (dpkg_version_compare(&v, &i->v) <= 0) {
		dpkg_version_free(&v);
		return;
	}
	struct candidate *cs[2] = { &i->any, sc->security ? &i->security : NULL };
	for (int k = 0; k < 2; k++) {
		struct candidate *c = cs[k];
		if (!c)
			continue;
		if (c->text && dpkg_version_compare(&v, &c->v) <= 0)
			continue;
		candidate_free(c);
		c->text = xstrdup(s->version);
		dpkg_version_parse(s->version, &c->v, NULL);
		c->list = sc->list;
	}
	dpkg_version_free(&v);
}

/* Reads the first bytes of a file: the fields of a Release file come before its checksums. */
static int read_head(const struct rootfs *root, const char *path, char *buf, size_t cap,
		     size_t *len, struct stat *st)
{
	int fd;
	int rc = rootfs_open_file(root, path, &fd, st);
	if (rc < 0)
		return rc;
	size_t got = 0;
	while (got < cap - 1) {
		ssize_t n = read(fd, buf + got, cap - 1 - got);
		if (n < 0) {
			rc = -errno;
			close(fd);
			return rc;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return 0;
}

/* Streams one Packages file through the parser. */
static int stream_list(const struct rootfs *root, const char *path, struct apt_packages_parser *p,
		       struct stat *st)
{
	int fd;
	int rc = rootfs_open_file(root, path, &fd, st);
	if (rc < 0)
		return rc;
	static const size_t chunk = 1u << 16;
	char *buf = xmalloc(chunk);
	for (;;) {
		ssize_t n = read(fd, buf, chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		if (n == 0)
			break;
		apt_packages_feed(p, buf, (size_t)n);
	}
	free(buf);
	close(fd);
	if (rc == 0)
		apt_packages_finish(p);
	return rc;
}

/* How old the lists are: the *newest* Date: over the Release files read (or a list's mtime
 * when its source has none). A stable suite's own Release changes only at point releases, so
 * its Date says nothing about when apt-get update ran; the security and -updates archives are
 * re-signed every few days (Debian-Security's Valid-Until is a week), so the newest Date is
 * close to the last apt-get update. */
struct age {
	int64_t newest_day; /* INT64_MIN when none */
	char newest_path[1100];
	char newest_what[64]; /* "Date 2026-12-01" or "mtime 2026-12-01" */
};

struct source_state {
	bool security, not_automatic;
	bool dated; /* a Release file gave the age */
	char decided[2048];
};

static void release_of(struct audit_context *ctx, struct check_result *r, const struct apt_source *s,
		       struct source_state *ss, struct age *age)
{
	memset(ss, 0, sizeof *ss);
	char *buf = xmalloc(MAX_RELEASE_HEAD);
	bool read = false;
	for (int inrel = 1; inrel >= 0 && !read; inrel--) {
		char *name = apt_release_filename(s, inrel);
		char path[1024];
		msg_snprintf(path, sizeof path, "%s/%s", APT_LISTS, name);
		free(name);
		size_t len = 0;
		struct stat st;
		int rc = read_head(ctx->root, path, buf, MAX_RELEASE_HEAD, &len, &st);
		if (rc == -ENOENT)
			continue;
		if (rc < 0) {
			read_warn(r, path, rc, _("the archive's suite and date are unknown"));
			continue;
		}
		read = true;
		ss->dated = true;
		struct apt_release rel;
		apt_release_parse(buf, len, &rel);
		ss->security = apt_release_is_security(&rel);
		ss->not_automatic = rel.not_automatic;
		msg_snprintf(ss->decided, sizeof ss->decided, "%s: Suite: %s, Codename: %s, Label: %s%s",
			 path, rel.suite, rel.codename, rel.label,
			 rel.not_automatic ? ", NotAutomatic: yes" : "");
		int64_t day = rel.date_day;
		const char *how = "Date";
		if (day < 0) {
			day = (int64_t)st.st_mtime / 86400;
			how = "mtime";
		}
		if (day > age->newest_day) {
			age->newest_day = day;
			char d[32];
			format_day(day, d, sizeof d);
			msg_snprintf(age->newest_path, sizeof age->newest_path, "%s", path);
			msg_snprintf(age->newest_what, sizeof age->newest_what, "%s %s", how, d);
		}
	}
	free(buf);
	if (!read) {
		size_t sl = strlen(s->suite);
		ss->security = sl > 9 && strcmp(s->suite + sl - 9, "-security") == 0;
		msg_snprintf(ss->decided, sizeof ss->decided,
			 _("no Release or InRelease file: decided from the suite name %s"), s->suite);
	}
}

static const char *const compressed_exts[] = { ".lz4", ".gz", ".xz", ".zst", ".bz2", ".lzma",
					       NULL };

static size_t read_lists(struct audit_context *ctx, struct check_result *r, const struct apt_sources *srcs,
			 const char *const *source_files, char archs[][64], size_t n_archs,
			 struct inst_table *t, const char *native, struct list_info **lists_out,
			 size_t *n_lists_out, struct age *age, size_t *unknown)
{
	struct list_info *lists = NULL;
	size_t n_lists = 0, stanzas = 0;
	for (size_t si = 0; si < srcs->n; si++) {
		const struct apt_source *s = &srcs->src[si];
		struct source_state ss;
		release_of(ctx, r, s, &ss, age);
		if (ss.not_automatic) {
			/* apt pins such archives (experimental, backports) to 1/100: their versions
			 * are not upgrade candidates of packages installed from elsewhere */
			result_evidence(r, source_files[si], _("line %u: %s%s: not an upgrade source "
					"(%s)"), s->line, s->uri, s->suite, ss.decided);
			continue;
		}
		size_t n_comp = s->n_components ? s->n_components : 1;
		size_t na = s->n_archs ? s->n_archs : n_archs;
		for (size_t c = 0; c < n_comp; c++)
			for (size_t a = 0; a < na; a++) {
				const char *arch = s->n_archs ? s->archs[a] : archs[a];
				char *name = apt_packages_filename(
					s, s->n_components ? s->components[c] : "", arch);
				char path[1024];
				msg_snprintf(path, sizeof path, "%s/%s", APT_LISTS, name);
				free(name);
				struct apt_packages_parser p;
				struct scan sc = { t, n_lists, ss.security, native, 0 };
				apt_packages_init(&p, on_stanza, &sc);
				struct stat st;
				int rc = stream_list(ctx->root, path, &p, &st);
				if (rc == -ENOENT) {
					const char *found = NULL;
					for (size_t k = 0; compressed_exts[k] && !found; k++) {
						char cpath[1100];
						msg_snprintf(cpath, sizeof cpath, "%s%s", path,
							 compressed_exts[k]);
						if (rootfs_exists(ctx->root, cpath))
							found = compressed_exts[k];
					}
					struct finding *f;
					if (found)
						f = result_finding(r, FINDING_WARN, path,
							_("stored compressed (%s, apt's Acquire::GzipIndexes "
							  "or CompressionTypes setting); kensa reads only "
							  "uncompressed lists: pending updates from this "
							  "list cannot be known"), found);
					else
						f = result_finding(r, FINDING_WARN, path,
							_("absent: apt-get update has not fetched this "
							  "source: pending updates cannot be known"));
					finding_evidence(f, source_files[si], _("line %u: deb %s %s"),
							 s->line, s->uri, s->suite);
					(*unknown)++;
					continue;
				}
				if (rc < 0) {
					read_warn(r, path, rc,
						  _("pending updates from this list cannot be known"));
					(*unknown)++;
					continue;
				}
				lists = xreallocarray(lists, n_lists + 1, sizeof *lists);
				lists[n_lists].file = xstrdup(path);
				lists[n_lists].security = ss.security;
				lists[n_lists].why_security = xstrdup(ss.decided);
				n_lists++;
				stanzas += p.stanzas;
				result_evidence(r, path, _("%zu stanzas, %zu of installed packages; %s"),
						p.stanzas, sc.matched,
						ss.security ? _("security archive") : _("not a security archive"));
				if (p.malformed) {
					result_finding(r, FINDING_WARN, path,
						_("%zu malformed stanza(s) skipped (the first at line %u)"),
						p.malformed, p.first_malformed_line);
				}
				if (!ss.dated) {
					/* no Release file gave a date: the list's own mtime */
					int64_t mday = (int64_t)st.st_mtime / 86400;
					if (mday > age->newest_day) {
						char d[32];
						format_day(mday, d, sizeof d);
						age->newest_day = mday;
						msg_snprintf(age->newest_path, sizeof age->newest_path,
							 "%s", path);
						msg_snprintf(age->newest_what, sizeof age->newest_what,
							 "mtime %s", d);
					}
				}
			}
	}
	*lists_out = lists;
	*n_lists_out = n_lists;
	return stanzas;
}

static void load_sources(struct audit_context *ctx, struct check_result *r, struct apt_sources *srcs,
			 char ***files_out)
{
	memset(srcs, 0, sizeof *srcs);
	char **files = NULL; /* the file of each source entry, parallel to srcs->src */
	char **paths = NULL;
	size_t n_paths = 0;
	paths = xreallocarray(paths, 1, sizeof *paths);
	paths[n_paths++] = xstrdup("/etc/apt/sources.list");
	DIR *d;
	int rc = rootfs_open_dir(ctx->root, "/etc/apt/sources.list.d", &d);
	if (rc == 0) {
		char **names = NULL;
		size_t n = 0;
		struct dirent *e;
		while ((e = readdir(d)) && n < MAX_FILES_PER_DIR) {
			size_t l = strlen(e->d_name);
			bool list = l > 5 && strcmp(e->d_name + l - 5, ".list") == 0;
			bool d822 = l > 8 && strcmp(e->d_name + l - 8, ".sources") == 0;
			/* apt's naming rule for parts: [A-Za-z0-9_.-] only */
			if (!list && !d822)
				continue;
			if (strspn(e->d_name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
						"0123456789_.-") != l)
				continue;
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
		closedir(d);
		if (n > 1) /* qsort(NULL, 0, ...) is undefined */
			qsort(names, n, sizeof *names, cmp_str);
		for (size_t i = 0; i < n; i++) {
			char path[512];
			msg_snprintf(path, sizeof path, "/etc/apt/sources.list.d/%s", names[i]);
			free(names[i]);
			paths = xreallocarray(paths, n_paths + 1, sizeof *paths);
			paths[n_paths++] = xstrdup(path);
		}
		free(names);
	} else if (rc != -ENOENT) {
		read_warn(r, "/etc/apt/sources.list.d", rc, _("its sources are not known"));
	}
	for (size_t i = 0; i < n_paths; i++) {
		struct file_buf buf;
		rc = rootfs_read_file(ctx->root, paths[i], MAX_CONF_BYTES, &buf);
		if (rc == -ENOENT) {
			free(paths[i]);
			continue;
		}
		if (rc < 0) {
			read_warn(r, paths[i], rc, _("its sources are not known"));
			free(paths[i]);
			continue;
		}
		size_t before = srcs->n, before_p = srcs->n_problems;
		size_t l = strlen(paths[i]);
		if (l > 8 && strcmp(paths[i] + l - 8, ".sources") == 0)
			apt_sources_parse_deb822(buf.data, buf.len, srcs);
		else
			apt_sources_parse_list(buf.data, buf.len, srcs);
		file_buf_free(&buf);
		files = xreallocarray(files, srcs->n ? srcs->n : 1, sizeof *files);
		for (size_t k = before; k < srcs->n; k++)
			files[k] = xstrdup(paths[i]);
		result_evidence(r, paths[i], _("%zu deb source(s)"), srcs->n - before);
		for (size_t k = before_p; k < srcs->n_problems; k++)
			result_finding(r, FINDING_WARN, paths[i], _("line %u: %s: apt refuses this file"),
				       srcs->problems[k].line, srcs->problems[k].why);
		free(paths[i]);
	}
	free(paths);
	*files_out = files;
}

/* ---- evidence: automatic updates, reboot needed -------------------------------------------- */

static void unattended_evidence(struct audit_context *ctx, struct check_result *r,
				const struct inst_table *t, const char *native)
{
	char value[64] = "";
	char where[600] = "";
	DIR *d;
	char **names = NULL;
	size_t n = 0;
	if (rootfs_open_dir(ctx->root, "/etc/apt/apt.conf.d", &d) == 0) {
		struct dirent *e;
		while ((e = readdir(d)) && n < MAX_FILES_PER_DIR) {
			size_t l = strlen(e->d_name);
			/* apt's Dir::Ignore-Files-Silently and its [A-Za-z0-9_.-] rule */
			if (e->d_name[0] == '.' ||
			    strspn(e->d_name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					      "0123456789_.-") != l ||
			    strstr(e->d_name, ".dpkg-") || strstr(e->d_name, ".ucf-") ||
			    (l > 9 && strcmp(e->d_name + l - 9, ".disabled") == 0) ||
			    (l > 4 && (strcmp(e->d_name + l - 4, ".bak") == 0 ||
				       strcmp(e->d_name + l - 5, ".save") == 0 ||
				       strcmp(e->d_name + l - 5, ".orig") == 0)))
				continue;
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
		closedir(d);
		if (n > 1) /* qsort(NULL, 0, ...) is undefined */
			qsort(names, n, sizeof *names, cmp_str);
	}
	for (size_t i = 0; i <= n; i++) {
		char path[512];
		if (i < n)
			msg_snprintf(path, sizeof path, "/etc/apt/apt.conf.d/%s", names[i]);
		else
			snprintf(path, sizeof path, "/etc/apt/apt.conf");
		struct file_buf buf;
		if (rootfs_read_file(ctx->root, path, MAX_CONF_BYTES, &buf) == 0) {
			char v[64];
			unsigned line;
			if (apt_conf_lookup(buf.data, buf.len, "APT::Periodic::Unattended-Upgrade", v,
					    sizeof v, &line)) {
				msg_snprintf(value, sizeof value, "%s", v);
				msg_snprintf(where, sizeof where, "%s:%u", path, line);
			}
			file_buf_free(&buf);
		}
		if (i < n)
			free(names[i]);
	}
	free(names);
	bool pkg = inst_find(t, "unattended-upgrades", native) != NULL;
	if (pkg) {
		/* apt.systemd.daily runs unattended-upgrade from this timer */
		struct unit_status us;
		if (systemd_unit_state(ctx, "apt-daily-upgrade.timer", &us) == 0 &&
		    us.state != UNIT_NOT_FOUND)
			result_evidence(r, us.path[0] ? us.path : NULL,
					_("apt-daily-upgrade.timer, which runs unattended-upgrade: %s%s"),
					unit_state_name(us.state),
					us.starts ? _(" (started at boot)") : _(" (not started)"));
	}
	if (where[0])
		result_evidence(r, where, _("APT::Periodic::Unattended-Upgrade \"%s\"; the "
					    "unattended-upgrades package is %s"),
				value, pkg ? _("installed") : _("not installed"));
	else
		result_evidence(r, "/etc/apt/apt.conf.d",
				_("APT::Periodic::Unattended-Upgrade is not set (apt's default: 0, no "
				  "automatic upgrades); the unattended-upgrades package is %s"),
				pkg ? _("installed") : _("not installed"));
}

static void reboot_needed(struct audit_context *ctx, struct check_result *r,
			  const struct inst_table *t)
{
	if (!ctx->live) {
		result_evidence(r, NULL, _("not the running system: whether a reboot is pending "
					   "(/run/reboot-required, running kernel) is not checked"));
		return;
	}
	struct file_buf buf;
	if (rootfs_read_file(ctx->root, "/run/reboot-required", 4096, &buf) == 0) {
		file_buf_free(&buf);
		struct finding *f = result_finding(r, FINDING_WARN, "/run/reboot-required",
			_("reboot needed: installed updates are not in effect until the system "
			  "restarts"));
		struct file_buf pk;
		if (rootfs_read_file(ctx->root, "/run/reboot-required.pkgs", 65536, &pk) == 0) {
			struct line_iter it;
			char line[256];
			bool trunc;
			line_iter_init(&it, &pk);
			for (int k = 0; k < 10 && line_iter_next(&it, line, sizeof line, &trunc); k++)
				if (line[0])
					finding_evidence(f, "/run/reboot-required.pkgs", "%s", line);
			file_buf_free(&pk);
		}
	}
	struct utsname u;
	if (uname(&u) != 0)
		return;
	/* The newest installed kernel image: linux-image-RELEASE with /boot/vmlinuz-RELEASE
	 * (meta packages such as linux-image-amd64 have no such file). */
	const struct installed *newest = NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct installed *p = &t->pkgs[i];
		if (strncmp(p->name, "linux-image-", 12) != 0)
			continue;
		char vmlinuz[512];
		msg_snprintf(vmlinuz, sizeof vmlinuz, "/boot/vmlinuz-%s", p->name + 12);
		if (!rootfs_exists(ctx->root, vmlinuz))
			continue;
		if (!newest || dpkg_version_compare(&p->v, &newest->v) > 0)
			newest = p;
	}
	if (!newest)
		return;
	if (strcmp(newest->name + 12, u.release) != 0) {
		struct finding *f = result_finding(r, FINDING_WARN, u.release,
			_("reboot needed: the running kernel %s is not the newest installed one, %s %s"),
			u.release, newest->name, newest->version);
		finding_evidence(f, "uname", "%s", u.release);
		finding_evidence(f, newest->source, _("line %u: %s %s"), newest->line, newest->name,
				 newest->version);
	} else {
		result_evidence(r, "uname", _("running kernel %s is the newest installed"), u.release);
	}
}

/* ---- the check ---------------------------------------------------------------------------- */

static void load_archs(struct audit_context *ctx, const char *native, char archs[][64], size_t *n)
{
	*n = 0;
	msg_snprintf(archs[(*n)++], 64, "%s", native);
	struct file_buf buf;
	if (rootfs_read_file(ctx->root, DPKG_ARCH, 65536, &buf) != 0)
		return;
	struct line_iter it;
	char line[128];
	bool trunc;
	line_iter_init(&it, &buf);
	while (line_iter_next(&it, line, sizeof line, &trunc) && *n < MAX_ARCHS) {
		char *p = line + strspn(line, " \t");
		p[strcspn(p, " \t\r")] = '\0';
		if (!*p || strlen(p) >= 64)
			continue;
		bool dup = false;
		for (size_t i = 0; i < *n; i++)
			dup |= strcmp(archs[i], p) == 0;
		if (!dup)
			msg_snprintf(archs[(*n)++], 64, "%s", p);
	}
	file_buf_free(&buf);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	struct dpkg_db db;
	int have = load_dpkg(ctx, r, &db);
	if (have < 0) {
		dpkg_db_free(&db);
		return;
	}
	if (have == 0) {
		dpkg_db_free(&db);
		static const char *const rpmdbs[] = { "/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages",
						      "/var/lib/rpm/Packages.db",
						      "/usr/lib/sysimage/rpm/rpmdb.sqlite", NULL };
		for (size_t i = 0; rpmdbs[i]; i++)
			if (rootfs_exists(ctx->root, rpmdbs[i])) {
				result_not_applicable(r, _("an rpm-based system, %s present: kensa does "
							   "not read the rpm database, so pending updates are "
							   "checked only on dpkg systems; use "
							   "'dnf updateinfo list --security'"), rpmdbs[i]);
				return;
			}
		result_not_applicable(r, _("no package database: neither %s nor %s exists"),
				      DPKG_STATUS, DPKG_STATUS_D);
		return;
	}
	if (!db.native[0]) {
		result_error(r, _("the native architecture is unknown: no dpkg, base-files or libc6 "
				  "package with an architecture in %s"), DPKG_STATUS);
		dpkg_db_free(&db);
		return;
	}
	struct inst_table t;
	memset(&t, 0, sizeof t);
	for (size_t i = 0; i < db.status.n; i++)
		if (dpkg_package_present(&db.status.pkgs[i]))
			add_installed(&t, r, &db.status.pkgs[i], DPKG_STATUS, db.native);
	for (size_t k = 0; k < db.n_extra; k++)
		for (size_t i = 0; i < db.extra[k].n; i++) {
			const struct dpkg_package *p = &db.extra[k].pkgs[i];
			if (p->status && !dpkg_package_present(p))
				continue;
			add_installed(&t, r, p, db.extra_paths[k], db.native);
		}
	inst_index(&t);
	result_evidence(r, DPKG_STATUS, _("%zu packages installed (native architecture %s)"), t.n,
			db.native);

	char archs[MAX_ARCHS][64];
	size_t n_archs;
	load_archs(ctx, db.native, archs, &n_archs);

	struct apt_sources srcs;
	char **files;
	load_sources(ctx, r, &srcs, &files);
	struct list_info *lists = NULL;
	size_t n_lists = 0, unknown = 0;
	struct age age = { INT64_MIN, "", "" };
	const char *cannot_know = NULL; /* why pending security updates cannot be known */
	if (!srcs.n) {
		cannot_know = _("no apt source is configured");
		result_finding(r, FINDING_WARN, "/etc/apt/sources.list",
			       _("no apt source is configured: pending updates cannot be known"));
	} else {
		size_t stanzas = read_lists(ctx, r, &srcs, (const char *const *)files, archs, n_archs,
					    &t, db.native, &lists, &n_lists, &age, &unknown);
		result_evidence(r, APT_LISTS, _("%zu list(s) read, %zu stanzas"), n_lists, stanzas);
		bool any_security = false;
		for (size_t i = 0; i < n_lists; i++)
			any_security |= lists[i].security;
		if (n_lists && !any_security)
			cannot_know = _("no security archive among the apt sources");
		if (n_lists && !any_security)
			result_finding(r, FINDING_WARN, "/etc/apt/sources.list",
				_("no security archive among the apt sources read (such as deb "
				  "http://deb.debian.org/debian-security SUITE-security main): pending "
				  "security updates cannot be known"));
	}

	long long max_age = profile_int(ctx->profile, "updates", "max_list_age_days");
	if (age.newest_day != INT64_MIN) {
		int64_t days = ctx->today - age.newest_day;
		if (days > max_age) {
			if (!cannot_know)
				cannot_know = _("the apt lists are older than the profile allows");
			struct finding *f = result_finding(r, FINDING_WARN, APT_LISTS,
				_("the apt lists are %lld days old (the profile allows %lld): apt-get "
				  "update has not run, so pending updates cannot be known"),
				(long long)days, max_age);
			finding_evidence(f, age.newest_path, _("the newest list: %s"), age.newest_what);
		} else {
			result_evidence(r, age.newest_path, _("the newest list (%s) is %lld day(s) old"),
					age.newest_what, (long long)days);
		}
	}

	const char *other = profile_string(ctx->profile, "updates", "other_updates");
	if (strcmp(other, "info") != 0 && strcmp(other, "warn") != 0 && strcmp(other, "ignore") != 0) {
		result_error(r, _("profile key updates.other_updates is '%s': expected info, warn or "
				  "ignore"), other);
		goto out;
	}
	enum finding_severity other_sev = strcmp(other, "warn") == 0 ? FINDING_WARN : FINDING_INFO;
	size_t n_sec = 0, n_other = 0;
	for (size_t i = 0; i < t.n; i++) {
		const struct installed *p = &t.pkgs[i];
		if (p->security.text) {
			n_sec++;
			const struct list_info *l = &lists[p->security.list];
			struct finding *f = result_finding(r, FINDING_FAIL, p->name,
				_("security update not installed: %s %s installed, fixed version %s"),
				p->name, p->version, p->security.text);
			finding_evidence(f, p->source, _("line %u: %s:%s %s"), p->line, p->name,
					 p->arch, p->version);
			finding_evidence(f, l->file, _("%s %s (%s)"), p->name, p->security.text,
					 l->why_security);
		} else if (p->any.text) {
			n_other++;
			if (strcmp(other, "ignore") == 0)
				continue;
			struct finding *f = result_finding(r, other_sev, p->name,
				_("update available: %s %s installed, newest %s"), p->name, p->version,
				p->any.text);
			finding_evidence(f, lists[p->any.list].file, "%s %s", p->name, p->any.text);
		}
	}
	unattended_evidence(ctx, r, &t, db.native);
	reboot_needed(ctx, r, &t);
	if (n_sec)
		result_reason(r, _("%zu security update(s) not installed; %zu other update(s)"), n_sec,
			      n_other);
	else if (cannot_know)
		result_reason(r, _("pending security updates cannot be known: %s"), cannot_know);
	else if (unknown || !n_lists)
		result_reason(r, _("no pending security update in the lists read, but %zu list(s) "
				   "could not be read"), unknown);
	else
		result_reason(r, _("no pending security update in %zu list(s); %zu other update(s)"),
			      n_lists, n_other);
out:
	for (size_t i = 0; i < n_lists; i++) {
		free(lists[i].file);
		free(lists[i].why_security);
	}
	free(lists);
	for (size_t i = 0; i < srcs.n; i++)
		free(files[i]);
	free(files);
	apt_sources_free(&srcs);
	inst_free(&t);
	dpkg_db_free(&db);
}

const struct check check_updates_pending = {
	.id = "updates.pending",
	.title = N_("Available security updates are installed"),
	.remediation = N_("Run 'apt-get update' and 'apt-get upgrade' (or enable "
			  "unattended-upgrades for the security archive); reboot when a new "
			  "kernel or /run/reboot-required asks for it"),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
