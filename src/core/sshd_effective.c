/* sshd_config with its Include graph, in the order sshd reads it (servconf.c
 * parse_server_config_depth / process_server_config_line_depth). */
#include "sshd_effective.h"
#include "context.h"
#include "i18n.h"
#include "result.h"
#include "rootfs.h"
#include "xalloc.h"
#include "../parsers/sshd_config.h"
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SSHD_MAX_DEPTH 16 /* servconf.c READCONF_MAX_DEPTH */
#define FILE_MAX (1u << 20)
/* Files read for one audit's sshd configuration, whatever the Include graph: a real one has a
 * handful, and sshd itself would take minutes over a graph that reaches this. */
#define SSHD_MAX_FILES 256
/* Distinct Include arguments followed (each is looked up in the list below, so this also bounds
 * that search): far beyond a real configuration, and reached long before it costs anything. */
#define SSHD_MAX_INCLUDES 4096
/* Directives kept: a real configuration has a few dozen; this bounds memory whatever the files. */
#define SSHD_MAX_SETTINGS 65536

/* One Include argument as sshd resolves it (its "selector"), with the Match block it was met
 * in; `done` once every file it matched has been read. */
struct sshd_include {
	char *selector;
	char *match;
	bool done;
};

struct sshd_state {
	struct audit_context *ctx;
	struct check_result *r;
	struct sshd_effective *out;
	/* Include bookkeeping, as servconf.c keeps its `includes` list */
	struct sshd_include *includes;
	size_t n_includes, cap_includes;
	size_t files_read;
	bool recursion_reported, too_many_reported, includes_reported, settings_reported;
};

/* The first reason sshd would refuse this configuration (what: an N_() phrase). */
static void set_fatal(struct sshd_state *st, const char *what, const char *file, unsigned line)
{
	struct sshd_effective *e = st->out;
	if (e->fatal_why)
		return;
	e->fatal_why = what;
	e->fatal_line = line;
	msg_snprintf(e->fatal_file, sizeof e->fatal_file, "%s", file);
}

static void keep(struct sshd_state *st, const char *file, const struct sshd_directive *d)
{
	struct sshd_effective *e = st->out;
	if (e->n >= SSHD_MAX_SETTINGS) {
		if (st->r && !st->settings_reported)
			result_finding(st->r, FINDING_WARN, file,
				       _("not read in full: the sshd configuration has more than %d "
					 "directives"), SSHD_MAX_SETTINGS);
		st->settings_reported = true;
		e->truncated = true;
		return;
	}
	size_t total = 1;
	for (size_t i = 0; i < d->nargs; i++)
		total += strlen(d->args[i]) + 1;
	char *value = xmalloc(total);
	value[0] = '\0';
	for (size_t i = 0; i < d->nargs; i++) {
		if (i)
			strcat(value, " ");
		strcat(value, d->args[i]);
	}
	XGROW(e->s, e->n, e->cap, e->n + 1);
	e->s[e->n++] = (struct sshd_setting){ xstrdup(d->keyword), value, xstrdup(file), d->line,
					      d->match ? xstrdup(d->match) : NULL };
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void read_sshd(struct sshd_state *st, const char *path, const char *match, int depth);

static bool same_match(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Include: each argument a glob, relative to /etc/ssh; matches read in sorted order.
 * sshd (servconf.c) records an Include in its list only after every file it matched has been
 * parsed: an Include met again later is served from that list, but one met again while its own
 * files are still being parsed recurses, until depth 16 ends sshd with "Too many recursive
 * configuration includes". So an Include inside its own expansion is reported as that fatal
 * error and not followed; one met again after its expansion is not read again (first value
 * wins, so a second pass over the same directives in the same Match block changes nothing). */
static void include_glob(struct sshd_state *st, const char *pattern, const char *match,
			 int depth, const char *from, unsigned line)
{
	if (st->n_includes >= SSHD_MAX_INCLUDES) {
		if (st->r && !st->includes_reported)
			result_finding(st->r, FINDING_WARN, from,
				       _("not read: the sshd configuration has more than %d Include "
					 "arguments"), SSHD_MAX_INCLUDES);
		st->includes_reported = true;
		st->out->truncated = true;
		return;
	}
	char *full = pattern[0] == '/' ? xstrdup(pattern) : xasprintf("/etc/ssh/%s", pattern);
	for (size_t i = 0; i < st->n_includes; i++) {
		const struct sshd_include *inc = &st->includes[i];
		if (strcmp(inc->selector, full) != 0)
			continue;
		if (!inc->done) {
			if (st->r && !st->recursion_reported) {
				struct finding *f = result_finding(st->r, FINDING_WARN, from,
					_("Include %s includes itself again: sshd stops with \"Too many "
					  "recursive configuration includes\" and refuses to start"), full);
				finding_evidence(f, from, _("line %u: Include %s"), line, pattern);
			}
			set_fatal(st, N_("Include recursion"), from, line);
			st->recursion_reported = true;
			free(full);
			return;
		}
		if (same_match(inc->match, match)) {
			free(full);
			return;
		}
	}
	size_t me = st->n_includes;
	XGROW(st->includes, st->n_includes, st->cap_includes, st->n_includes + 1);
	st->includes[me] = (struct sshd_include){ full, match ? xstrdup(match) : NULL, false };
	st->n_includes++;

	char *slash = strrchr(full, '/');
	const char *base = slash + 1;
	char *dir = slash == full ? xstrdup("/") : xstrndup(full, (size_t)(slash - full));
	if (!strpbrk(base, "*?[")) {
		read_sshd(st, full, match, depth + 1);
	} else {
		DIR *d;
		char **names = NULL;
		size_t n = 0;
		if (rootfs_open_dir(st->ctx->root, dir, &d) == 0) {
			struct dirent *de;
			while ((de = readdir(d)) != NULL) {
				if (de->d_name[0] == '.' && base[0] != '.')
					continue;
				if (fnmatch(base, de->d_name, FNM_PATHNAME) != 0)
					continue;
				names = xreallocarray(names, n + 1, sizeof *names);
				names[n++] = xasprintf("%s/%s", strcmp(dir, "/") ? dir : "",
						       de->d_name);
			}
			closedir(d);
		}
		if (n > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
			qsort(names, n, sizeof *names, cmp_names);
		for (size_t i = 0; i < n; i++) {
			read_sshd(st, names[i], match, depth + 1);
			free(names[i]);
		}
		free(names);
	}
	st->includes[me].done = true; /* by index: read_sshd may have grown the array */
	free(dir);
}

static void read_sshd(struct sshd_state *st, const char *path, const char *match, int depth)
{
	if (depth > SSHD_MAX_DEPTH) {
		if (st->r)
			result_finding(st->r, FINDING_WARN, path,
				       _("Include nesting deeper than sshd allows: sshd refuses to start"));
		set_fatal(st, N_("Include nesting too deep"), path, 0);
		return;
	}
	if (st->files_read >= SSHD_MAX_FILES) {
		if (st->r && !st->too_many_reported)
			result_finding(st->r, FINDING_WARN, path,
				       _("not read: the sshd configuration's Include directives reach more "
					 "than %d files"), SSHD_MAX_FILES);
		st->too_many_reported = true;
		st->out->truncated = true;
		return;
	}
	st->files_read++;
	struct file_buf buf;
	int rc = rootfs_read_file(st->ctx->root, path, FILE_MAX, &buf);
	if (rc < 0) {
		if (rc != -ENOENT) {
			if (st->r)
				result_finding(st->r, FINDING_WARN, path, _("cannot be read: %s"),
					       rootfs_strerror(rc));
			st->out->truncated = true;
		}
		return;
	}
	if (st->r)
		result_evidence(st->r, path, _("sshd configuration read"));
	struct sshd_config c;
	sshd_config_parse(buf.data, buf.len, match, &c);
	file_buf_free(&buf);
	for (size_t i = 0; i < c.n_bad; i++) {
		if (st->r) {
			struct finding *f = result_finding(st->r, FINDING_WARN, path,
				_("line %u is malformed: sshd refuses to start with it"),
				c.bad_lines[i]);
			finding_evidence(f, path, _("line %u"), c.bad_lines[i]);
		}
		set_fatal(st, N_("malformed line"), path, c.bad_lines[i]);
	}
	for (size_t i = 0; i < c.n; i++) {
		const struct sshd_directive *d = &c.d[i];
		if (strcmp(d->keyword, "include") == 0) {
			for (size_t a = 0; a < d->nargs; a++)
				include_glob(st, d->args[a], d->match, depth, path, d->line);
			continue;
		}
		keep(st, path, d);
	}
	sshd_config_free(&c);
}

void sshd_effective_load(struct audit_context *ctx, struct sshd_effective *out,
			 struct check_result *r)
{
	memset(out, 0, sizeof *out);
	out->present = rootfs_exists(ctx->root, SSHD_CONFIG_PATH);
	if (!out->present)
		return;
	struct sshd_state st;
	memset(&st, 0, sizeof st);
	st.ctx = ctx;
	st.r = r;
	st.out = out;
	read_sshd(&st, SSHD_CONFIG_PATH, NULL, 0);
	for (size_t i = 0; i < st.n_includes; i++) {
		free(st.includes[i].selector);
		free(st.includes[i].match);
	}
	free(st.includes);
}

void sshd_effective_free(struct sshd_effective *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->s[i].keyword);
		free(e->s[i].value);
		free(e->s[i].file);
		free(e->s[i].match);
	}
	free(e->s);
	memset(e, 0, sizeof *e);
}

const struct sshd_setting *sshd_effective_first(const struct sshd_effective *e,
						const char *keyword)
{
	for (size_t i = 0; i < e->n; i++)
		if (!e->s[i].match && strcmp(e->s[i].keyword, keyword) == 0)
			return &e->s[i];
	return NULL;
}

const struct sshd_setting *sshd_effective_next_match(const struct sshd_effective *e,
						     const char *keyword, size_t *from)
{
	for (size_t i = *from; i < e->n; i++) {
		if (e->s[i].match && strcmp(e->s[i].keyword, keyword) == 0) {
			*from = i + 1;
			return &e->s[i];
		}
	}
	*from = e->n;
	return NULL;
}

void sshd_setting_where(const struct sshd_setting *s, const char *keyword, char *buf, size_t len)
{
	msg_snprintf(buf, len, "%s:%u: %s %s", s->file, s->line, keyword, s->value);
}
