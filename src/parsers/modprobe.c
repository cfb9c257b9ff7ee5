/* modprobe.d(5) and depmod index parsing after libkmod (libkmod-config.c, shared/util.c):
 * the same line joining, tokenising, file selection and first-match rules, so kensa's answer to
 * "would modprobe load this module" is the one kmod itself would give. */
#include "modprobe.h"
#include "../core/xalloc.h"
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

const char *const modprobe_config_dirs[] = {
	"/etc/modprobe.d",
	"/run/modprobe.d",
	"/usr/local/lib/modprobe.d",
	"/usr/lib/modprobe.d",
	"/lib/modprobe.d",
};
const size_t modprobe_config_dir_count = sizeof modprobe_config_dirs / sizeof modprobe_config_dirs[0];

bool modprobe_underscores(char *s)
{
	for (size_t i = 0; s[i]; i++) {
		switch (s[i]) {
		case '-':
			s[i] = '_';
			break;
		case ']':
			return false;
		case '[':
			i += strcspn(&s[i], "]");
			if (!s[i])
				return false;
			break;
		}
	}
	return true;
}

static void add_bad(struct modprobe_file *f, unsigned line, const char *why, const char *word)
{
	XGROW(f->bad, f->n_bad, f->cap_bad, f->n_bad + 1);
	struct modprobe_bad_line *b = &f->bad[f->n_bad++];
	b->line = line;
	/* Bound the quoted word: a hostile file must not make the report huge. */
	b->why = word ? xasprintf("%s '%.40s'", why, word) : xstrdup(why);
}

static void add_directive(struct modprobe_file *f, enum modprobe_command cmd, const char *module,
			  const char *argument, unsigned line)
{
	XGROW(f->directives, f->n, f->cap, f->n + 1);
	struct modprobe_directive *d = &f->directives[f->n++];
	d->command = cmd;
	d->module = xstrdup(module);
	d->argument = argument ? xstrdup(argument) : NULL;
	d->line = line;
}

/* strtok_r(…, "\t ") without modifying anything but the caller's copy. */
static char *next_field(char **save)
{
	char *p = *save + strspn(*save, "\t ");
	if (!*p) {
		*save = p;
		return NULL;
	}
	char *end = p + strcspn(p, "\t ");
	if (*end)
		*end++ = '\0';
	*save = end;
	return p;
}

/* strtok_r(NULL, "\0", …): the rest of the line after leading blanks, or NULL when empty. */
static char *rest_field(char **save)
{
	char *p = *save + strspn(*save, "\t ");
	*save = p + strlen(p);
	return *p ? p : NULL;
}

static void parse_logical_line(struct modprobe_file *f, char *line, unsigned lineno)
{
	if (line[0] == '\0' || line[0] == '#')
		return;
	char *save = line;
	char *cmd = next_field(&save);
	if (!cmd)
		return;
	static const struct {
		const char *word;
		enum modprobe_command cmd;
		int args; /* 0: module only, 1: module + one word, 2: module + rest of line */
	} table[] = {
		{ "alias", MODPROBE_ALIAS, 1 },        { "blacklist", MODPROBE_BLACKLIST, 0 },
		{ "options", MODPROBE_OPTIONS, 2 },    { "install", MODPROBE_INSTALL, 2 },
		{ "remove", MODPROBE_REMOVE, 2 },      { "softdep", MODPROBE_SOFTDEP, 2 },
		{ "weakdep", MODPROBE_WEAKDEP, 2 },
	};
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (strcmp(cmd, table[i].word) != 0)
			continue;
		char *module = next_field(&save);
		char *arg = NULL;
		if (table[i].args == 1)
			arg = next_field(&save);
		else if (table[i].args == 2)
			arg = rest_field(&save);
		if (!module || (table[i].args && !arg)) {
			add_bad(f, lineno, "incomplete line ignored by modprobe:", cmd);
			return;
		}
		if (!modprobe_underscores(module) ||
		    (table[i].cmd == MODPROBE_ALIAS && !modprobe_underscores(arg))) {
			add_bad(f, lineno, "unbalanced [ ] in module name, line ignored by modprobe:",
				module);
			return;
		}
		add_directive(f, table[i].cmd, module, arg, lineno);
		return;
	}
	if (strcmp(cmd, "include") == 0 || strcmp(cmd, "config") == 0)
		add_bad(f, lineno, "deprecated command ignored by modprobe:", cmd);
	else
		add_bad(f, lineno, "unknown command ignored by modprobe:", cmd);
}

void modprobe_parse(const char *data, size_t len, const char *path, struct modprobe_file *out)
{
	memset(out, 0, sizeof *out);
	out->path = xstrdup(path);
	/* A logical line is never longer than the file, so one buffer of len+1 always suffices. */
	char *buf = xmalloc(len + 1);
	size_t i = 0, pos = 0;
	unsigned lineno = 0;
	while (pos < len) {
		unsigned start = lineno + 1, physical = 0;
		bool ended = false;
		i = 0;
		while (pos < len && !ended) {
			char c = data[pos++];
			if (c == '\n') {
				physical++;
				ended = true;
			} else if (c == '\\') {
				if (pos >= len)
					continue; /* backslash at EOF: dropped (freadline_wrapped) */
				char n = data[pos++];
				if (n == '\n') {
					physical++;
					continue;
				}
				buf[i++] = n;
			} else {
				buf[i++] = c;
			}
		}
		if (!ended)
			physical++; /* last line without a newline */
		buf[i] = '\0';  /* a NUL inside ends the C string here, as it does for kmod */
		lineno += physical;
		parse_logical_line(out, buf, start);
	}
	free(buf);
}

void modprobe_file_free(struct modprobe_file *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->directives[i].module);
		free(f->directives[i].argument);
	}
	for (size_t i = 0; i < f->n_bad; i++)
		free(f->bad[i].why);
	free(f->directives);
	free(f->bad);
	free(f->path);
	memset(f, 0, sizeof *f);
}

bool modprobe_conf_name_ok(const char *name)
{
	size_t len = strlen(name);
	return name[0] != '.' && len >= 6 && strcmp(name + len - 5, ".conf") == 0;
}

bool modprobe_conf_list_add(struct modprobe_conf_list *l, size_t dir, const char *name)
{
	if (!modprobe_conf_name_ok(name))
		return false;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->entries[i].name, name) == 0)
			return false;
	XGROW(l->entries, l->n, l->cap, l->n + 1);
	l->entries[l->n].name = xstrdup(name);
	l->entries[l->n].dir = dir;
	l->n++;
	return true;
}

static int conf_entry_cmp(const void *a, const void *b)
{
	const struct modprobe_conf_entry *x = a, *y = b;
	return strcmp(x->name, y->name);
}

void modprobe_conf_list_sort(struct modprobe_conf_list *l)
{
	if (l->n > 1)
		qsort(l->entries, l->n, sizeof *l->entries, conf_entry_cmp);
}

void modprobe_conf_list_free(struct modprobe_conf_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->entries[i].name);
	free(l->entries);
	memset(l, 0, sizeof *l);
}

typedef bool (*directive_match)(const struct modprobe_directive *d, const char *module);

static bool find_first(const struct modprobe_file *files, size_t n, const char *module,
		       directive_match match, struct modprobe_hit *hit)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < files[i].n; j++)
			if (match(&files[i].directives[j], module)) {
				if (hit) {
					hit->file = &files[i];
					hit->directive = &files[i].directives[j];
				}
				return true;
			}
	return false;
}

static bool match_install(const struct modprobe_directive *d, const char *module)
{
	return d->command == MODPROBE_INSTALL && fnmatch(d->module, module, 0) == 0;
}

/* kmod_config_add_softdep counts words after "pre:"/"post:"; a softdep with none changes nothing. */
static bool softdep_names_modules(const char *arg)
{
	enum { NONE, PRE, POST } mode = NONE;
	const char *p = arg;
	while (*p) {
		p += strspn(p, " \t\r\v\f");
		size_t w = strcspn(p, " \t\r\v\f");
		if (w == 0)
			break;
		if (w == 4 && strncmp(p, "pre:", 4) == 0)
			mode = PRE;
		else if (w == 5 && strncmp(p, "post:", 5) == 0)
			mode = POST;
		else if (mode != NONE)
			return true;
		p += w;
	}
	return false;
}

static bool match_softdep(const struct modprobe_directive *d, const char *module)
{
	return d->command == MODPROBE_SOFTDEP && fnmatch(d->module, module, 0) == 0;
}

static bool match_blacklist(const struct modprobe_directive *d, const char *module)
{
	return d->command == MODPROBE_BLACKLIST && strcmp(d->module, module) == 0;
}

bool modprobe_find_install(const struct modprobe_file *files, size_t n, const char *module,
			   struct modprobe_hit *hit)
{
	return find_first(files, n, module, match_install, hit);
}

bool modprobe_find_softdep(const struct modprobe_file *files, size_t n, const char *module,
			   struct modprobe_hit *hit)
{
	struct modprobe_hit h;
	/* libkmod takes only the first matching softdep line, even when it lists nothing. */
	if (!find_first(files, n, module, match_softdep, &h) ||
	    !softdep_names_modules(h.directive->argument))
		return false;
	if (hit)
		*hit = h;
	return true;
}

bool modprobe_find_blacklist(const struct modprobe_file *files, size_t n, const char *module,
			     struct modprobe_hit *hit)
{
	return find_first(files, n, module, match_blacklist, hit);
}

static bool word_is_loader(const char *w, size_t len)
{
	const char *base = w;
	for (size_t i = 0; i < len; i++)
		if (w[i] == '/')
			base = w + i + 1;
	size_t blen = len - (size_t)(base - w);
	return (blen == 8 && strncmp(base, "modprobe", 8) == 0) ||
	       (blen == 6 && strncmp(base, "insmod", 6) == 0);
}

enum install_effect modprobe_install_effect(const char *command, const char *const *blocking,
					    size_t n_blocking)
{
	/* Anything naming modprobe or insmod as a word loads (the usual
	 * "install m /sbin/modprobe --ignore-install m $CMDLINE_OPTS" wrappers). */
	for (const char *p = command; *p;) {
		p += strcspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.-");
		size_t w = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.-");
		if (w == 0)
			break;
		if (word_is_loader(p, w))
			return INSTALL_LOADS;
		p += w;
	}
	const char *p = command + strspn(command, " \t");
	size_t w = strcspn(p, " \t\r");
	bool listed = false;
	for (size_t i = 0; i < n_blocking && !listed; i++)
		listed = strlen(blocking[i]) == w && strncmp(blocking[i], p, w) == 0;
	if (!listed)
		return INSTALL_UNKNOWN;
	const char *rest = p + w;
	size_t body = strcspn(rest, "#");
	for (size_t i = 0; i < body; i++)
		if (strchr(";&|`$<>()\n", rest[i]))
			return INSTALL_UNKNOWN;
	return INSTALL_BLOCKS;
}

void modprobe_path_to_modname(const char *path, char *out, size_t outlen)
{
	if (outlen == 0)
		return;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t i = 0;
	for (; base[i] && base[i] != '.' && i + 1 < outlen; i++)
		out[i] = base[i] == '-' ? '_' : base[i];
	out[i] = '\0';
}

bool modules_dep_line(const char *line, char *name, size_t namelen, char *deps, size_t depslen)
{
	const char *colon = strchr(line, ':');
	if (!colon || colon == line || depslen == 0 || namelen == 0)
		return false;
	char path[4096];
	size_t plen = (size_t)(colon - line);
	if (plen >= sizeof path)
		return false;
	memcpy(path, line, plen);
	path[plen] = '\0';
	if (strchr(path, ' ') || strchr(path, '\t'))
		return false;
	modprobe_path_to_modname(path, name, namelen);
	size_t out = 0;
	deps[0] = '\0';
	for (const char *p = colon + 1; *p;) {
		p += strspn(p, " \t");
		size_t w = strcspn(p, " \t");
		if (w == 0)
			break;
		char dpath[4096], dname[256];
		if (w >= sizeof dpath)
			return false;
		memcpy(dpath, p, w);
		dpath[w] = '\0';
		modprobe_path_to_modname(dpath, dname, sizeof dname);
		size_t dl = strlen(dname);
		if (out + dl + 2 > depslen)
			return false;
		if (out)
			deps[out++] = ' ';
		memcpy(deps + out, dname, dl + 1);
		out += dl;
		p += w;
	}
	return name[0] != '\0';
}
