/* accounts.privileged (item 2-4): who can become root, and how — UID 0 accounts, sudoers as sudo
 * reads it (includes, aliases, run-as lists, NOPASSWD, Defaults !authenticate, negations, last
 * match wins), members of the groups sudoers names (/etc/group, /etc/gshadow, primary groups),
 * polkit administrators, and sshd's PermitRootLogin — against the site's expected
 * administrators ([accounts] admins). An unexpected administrator, passwordless root for a
 * person, or a stale login-capable administrator fails. */
#include "../core/accounts.h"
#include "../core/check.h"
#include "../core/context.h"
#include "../core/groups.h"
#include "../core/i18n.h"
#include "../core/lastlogin.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/twofactor.h"
#include "../core/xalloc.h"
#include "../parsers/sudoers.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SUDOERS "/etc/sudoers"
#define MAX_FILE (1u << 20)
#define MAX_INCLUDE_DEPTH 128 /* sudo's limit */
#define MAX_FILES 1024

/* ---- sudoers, as sudo reads it -------------------------------------------------------------- */

struct sudo_files {
	struct sudoers_file *f;
	char **paths;
	size_t n;
};

/* Entries of all files in sudo's order: a file's entries up to an include, then the included
 * file(s), then the rest. */
struct sudo_rule_ref {
	const struct sudoers_rule *rule;
	const char *file;
};
struct sudo_default_ref {
	const struct sudoers_default *d;
	const char *file;
};
struct sudo_db {
	struct sudo_files files;
	struct sudo_rule_ref *rules;
	size_t n_rules;
	struct sudo_default_ref *defaults;
	size_t n_defaults;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sudo_read(struct audit_context *ctx, struct check_result *r, struct sudo_db *db,
		      const char *path, int depth);

static void sudo_include(struct audit_context *ctx, struct check_result *r, struct sudo_db *db,
			 const char *from, const struct sudoers_include *inc, int depth)
{
	/* a relative path is relative to the directory of the including file (sudo 1.9.1+) */
	char *path;
	if (inc->path[0] == '/') {
		path = xstrdup(inc->path);
	} else {
		const char *slash = strrchr(from, '/');
		path = xasprintf("%.*s/%s", (int)(slash - from), from, inc->path);
	}
	if (inc->kind == SUDOERS_INCLUDE) {
		sudo_read(ctx, r, db, path, depth + 1);
		free(path);
		return;
	}
	DIR *d;
	int rc = rootfs_open_dir(ctx->root, path, &d);
	if (rc < 0) {
		if (rc != -ENOENT)
			result_finding(r, FINDING_WARN, path, _("cannot be read: %s%s"),
				       rootfs_strerror(rc), rc == -EACCES ? _(" (run as root)") : "");
		free(path);
		return;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < MAX_FILES) {
		if (e->d_name[0] == '.')
			continue;
		if (!sudoers_includedir_name_ok(e->d_name)) {
			result_evidence(r, path, _("%s: ignored by sudo (the name ends in '~' or "
						   "contains '.')"), e->d_name);
			continue;
		}
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *file = xasprintf("%s/%s", path, names[i]);
		struct stat st;
		if (rootfs_stat(ctx->root, file, &st) == 0 && S_ISREG(st.st_mode))
			sudo_read(ctx, r, db, file, depth + 1);
		free(file);
		free(names[i]);
	}
	free(names);
	free(path);
}

static void sudo_read(struct audit_context *ctx, struct check_result *r, struct sudo_db *db,
		      const char *path, int depth)
{
	if (depth > MAX_INCLUDE_DEPTH || db->files.n >= MAX_FILES) {
		result_finding(r, FINDING_WARN, path, _("includes nested too deeply: sudo refuses it"));
		return;
	}
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, MAX_FILE, &buf);
	if (rc < 0) {
		result_finding(r, FINDING_WARN, path, _("cannot be read: %s%s; who it lets become "
						       "root is unknown"),
			       rootfs_strerror(rc), rc == -EACCES ? _(" (run as root)") : "");
		return;
	}
	size_t idx = db->files.n++;
	db->files.f = xreallocarray(db->files.f, db->files.n, sizeof *db->files.f);
	db->files.paths = xreallocarray(db->files.paths, db->files.n, sizeof *db->files.paths);
	db->files.paths[idx] = xstrdup(path);
	sudoers_parse(buf.data, buf.len, &db->files.f[idx]);
	file_buf_free(&buf);
	result_evidence(r, path, _("sudoers file read"));
	/* copy what the recursion needs: db->files.f may move */
	struct sudoers_file *f = &db->files.f[idx];
	for (size_t i = 0; i < f->n_problems; i++) {
		struct finding *fi = result_finding(r, FINDING_WARN, path,
			_("line %u: %s: sudo (visudo -c) rejects this file"), f->problems[i].line,
			f->problems[i].why);
		finding_evidence(fi, path, _("line %u"), f->problems[i].line);
	}
	size_t ri = 0, di = 0, ii = 0;
	for (;;) {
		f = &db->files.f[idx];
		unsigned next_rule = ri < f->n_rules ? f->rules[ri].seq : ~0u;
		unsigned next_def = di < f->n_defaults ? f->defaults[di].seq : ~0u;
		unsigned next_inc = ii < f->n_includes ? f->includes[ii].seq : ~0u;
		if (next_rule == ~0u && next_def == ~0u && next_inc == ~0u)
			break;
		if (next_rule < next_def && next_rule < next_inc) {
			db->rules = xreallocarray(db->rules, db->n_rules + 1, sizeof *db->rules);
			db->rules[db->n_rules++] = (struct sudo_rule_ref){ NULL, NULL };
			/* pointers are fixed up after all files are read (the arrays may move) */
			db->rules[db->n_rules - 1].file = (const char *)(uintptr_t)idx;
			db->rules[db->n_rules - 1].rule = (const struct sudoers_rule *)(uintptr_t)ri;
			ri++;
		} else if (next_def < next_inc) {
			db->defaults = xreallocarray(db->defaults, db->n_defaults + 1,
						     sizeof *db->defaults);
			db->defaults[db->n_defaults].file = (const char *)(uintptr_t)idx;
			db->defaults[db->n_defaults].d = (const struct sudoers_default *)(uintptr_t)di;
			db->n_defaults++;
			di++;
		} else {
			struct sudoers_include inc = f->includes[ii++];
			char *ipath = xstrdup(inc.path);
			inc.path = ipath;
			char *from = xstrdup(path);
			sudo_include(ctx, r, db, from, &inc, depth);
			free(from);
			free(ipath);
		}
	}
}

static void sudo_fixup(struct sudo_db *db)
{
	for (size_t i = 0; i < db->n_rules; i++) {
		size_t fi = (size_t)(uintptr_t)db->rules[i].file;
		size_t ri = (size_t)(uintptr_t)db->rules[i].rule;
		db->rules[i].rule = &db->files.f[fi].rules[ri];
		db->rules[i].file = db->files.paths[fi];
	}
	for (size_t i = 0; i < db->n_defaults; i++) {
		size_t fi = (size_t)(uintptr_t)db->defaults[i].file;
		size_t di = (size_t)(uintptr_t)db->defaults[i].d;
		db->defaults[i].d = &db->files.f[fi].defaults[di];
		db->defaults[i].file = db->files.paths[fi];
	}
}

static void sudo_free(struct sudo_db *db)
{
	for (size_t i = 0; i < db->files.n; i++) {
		sudoers_file_free(&db->files.f[i]);
		free(db->files.paths[i]);
	}
	free(db->files.f);
	free(db->files.paths);
	free(db->rules);
	free(db->defaults);
}

static const struct sudoers_alias *alias_find(const struct sudo_db *db,
					      enum sudoers_alias_kind kind, const char *name)
{
	const struct sudoers_alias *found = NULL;
	for (size_t i = 0; i < db->files.n; i++)
		for (size_t j = 0; j < db->files.f[i].n_aliases; j++) {
			const struct sudoers_alias *a = &db->files.f[i].aliases[j];
			if (a->kind == kind && strcmp(a->name, name) == 0)
				found = a; /* a redefinition replaces (visudo warns) */
		}
	return found;
}

struct match_env {
	const struct sudo_db *db;
	struct group_db *groups;
	const struct account_db *accounts;
};

/* 1 match, 0 no match, decided by the last item that matches (sudo's rule), via aliases. */
static int list_match(const struct match_env *env, const struct sudoers_list *l,
		      enum sudoers_alias_kind kind, const struct account *a, int depth);

static int item_match(const struct match_env *env, const char *text, enum sudoers_alias_kind kind,
		      const struct account *a, int depth)
{
	if (strcmp(text, "ALL") == 0)
		return 1;
	if (depth < 32 && (kind != SUDOERS_HOST_ALIAS || true)) {
		const struct sudoers_alias *al = alias_find(env->db, kind, text);
		if (al)
			return list_match(env, &al->members, kind, a, depth + 1);
	}
	switch (kind) {
	case SUDOERS_HOST_ALIAS:
		/* host names are not known offline: any host item is taken to match */
		return 1;
	case SUDOERS_CMND_ALIAS:
		return 0; /* only ALL (through aliases) counts as full root */
	case SUDOERS_RUNAS_ALIAS:
	case SUDOERS_USER_ALIAS:
		break;
	}
	if (text[0] == '%') {
		const char *g = text + 1;
		if (*g == ':')
			return 0; /* non-Unix group: not decidable offline */
		if (*g == '#') {
			long gid = strtol(g + 1, NULL, 10);
			if ((long)a->gid == gid)
				return 1;
			for (size_t i = 0; i < env->groups->n; i++)
				if (env->groups->g[i].gid == gid && group_has_account(&env->groups->g[i], a))
					return 1;
			return 0;
		}
		return group_has_account(group_db_find(env->groups, g), a);
	}
	if (text[0] == '#')
		return strtol(text + 1, NULL, 10) == (long)a->uid;
	if (text[0] == '+')
		return 0; /* netgroup */
	return strcmp(text, a->name) == 0;
}

static int list_match(const struct match_env *env, const struct sudoers_list *l,
		      enum sudoers_alias_kind kind, const struct account *a, int depth)
{
	int result = 0;
	for (size_t i = 0; i < l->n; i++)
		if (item_match(env, l->items[i].text, kind, a, depth))
			result = l->items[i].negated ? 0 : 1;
	return result;
}

/* Can the rule's run-as list name root? No "(...)" means root; "(: group)" means only a group. */
static bool runas_root(const struct match_env *env, const struct sudoers_rule *rule,
		       const struct account *root)
{
	if (!rule->runas_given)
		return true;
	if (!rule->runas_users.n)
		return false;
	return list_match(env, &rule->runas_users, SUDOERS_RUNAS_ALIAS, root, 0) == 1;
}

/* 1 when cmnd is ALL (directly or through Cmnd_Alias), 0 otherwise. */
static bool cmnd_all(const struct match_env *env, const char *text, int depth)
{
	if (strcmp(text, "ALL") == 0)
		return true;
	const struct sudoers_alias *al = depth < 32 ? alias_find(env->db, SUDOERS_CMND_ALIAS, text)
						    : NULL;
	if (!al)
		return false;
	int result = 0;
	for (size_t i = 0; i < al->members.n; i++)
		if (cmnd_all(env, al->members.items[i].text, depth + 1))
			result = al->members.items[i].negated ? 0 : 1;
	return result;
}

struct sudo_grant {
	bool full;       /* ALL as root */
	bool nopasswd;
	bool limited;    /* some other command as root */
	char where[600];
	char limited_where[600];
};

static void sudo_grant_for(const struct match_env *env, const struct account *a,
			   const struct account *root, struct sudo_grant *g)
{
	memset(g, 0, sizeof *g);
	const struct sudo_db *db = env->db;
	for (size_t i = 0; i < db->n_rules; i++) {
		const struct sudoers_rule *rule = db->rules[i].rule;
		if (list_match(env, &rule->users, SUDOERS_USER_ALIAS, a, 0) != 1)
			continue;
		if (list_match(env, &rule->hosts, SUDOERS_HOST_ALIAS, a, 0) != 1)
			continue;
		if (!runas_root(env, rule, root))
			continue;
		if (cmnd_all(env, rule->cmnd.text, 0)) {
			/* last match wins: a later "!ALL" takes it back */
			g->full = !rule->cmnd.negated;
			g->nopasswd = g->full && rule->nopasswd;
			msg_snprintf(g->where, sizeof g->where, "%s:%u", db->rules[i].file, rule->line);
		} else if (!rule->cmnd.negated && !g->limited) {
			g->limited = true;
			msg_snprintf(g->limited_where, sizeof g->limited_where, "%s:%u %s",
				 db->rules[i].file, rule->line, rule->cmnd.text);
		}
	}
	/* Defaults authenticate: global, then Defaults:USERLIST for this user, in file order */
	bool authenticate = true;
	char auth_where[400] = "";
	for (size_t i = 0; i < db->n_defaults; i++) {
		const struct sudoers_default *d = db->defaults[i].d;
		bool applies = !d->binding;
		if (d->binding && d->binding[0] != '@' && d->binding[0] != '>' && d->binding[0] != '!') {
			struct sudoers_list l = { 0 };
			/* the binding is a user list: items separated by ',' */
			char *copy = xstrdup(d->binding);
			for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
				bool neg = false;
				while (*tok == '!') {
					neg = !neg;
					tok++;
				}
				l.items = xreallocarray(l.items, l.n + 1, sizeof *l.items);
				l.items[l.n].text = xstrdup(tok);
				l.items[l.n++].negated = neg;
			}
			free(copy);
			applies = list_match(env, &l, SUDOERS_USER_ALIAS, a, 0) == 1;
			for (size_t k = 0; k < l.n; k++)
				free(l.items[k].text);
			free(l.items);
		}
		if (applies) {
			authenticate = d->authenticate;
			msg_snprintf(auth_where, sizeof auth_where, "%s:%u", db->defaults[i].file, d->line);
		}
	}
	if (g->full && !authenticate) {
		g->nopasswd = true;
		size_t n = strlen(g->where);
		msg_snprintf(g->where + n, sizeof g->where - n, " (Defaults !authenticate at %s)",
			 auth_where);
	}
}

/* ---- polkit --------------------------------------------------------------------------------- */

/* AdminIdentities in localauthority.conf.d (the last file wins) and addAdminRule functions in
 * rules.d that only return a literal list; anything else is reported as undecidable. Each
 * identity is "unix-user:NAME" or "unix-group:NAME". */
struct identities {
	char **ids;
	size_t n;
	char where[600];
};

static void ids_add(struct identities *ids, const char *s, size_t n)
{
	ids->ids = xreallocarray(ids->ids, ids->n + 1, sizeof *ids->ids);
	ids->ids[ids->n++] = xstrndup(s, n);
}

static void ids_free(struct identities *ids)
{
	for (size_t i = 0; i < ids->n; i++)
		free(ids->ids[i]);
	free(ids->ids);
	ids->ids = NULL;
	ids->n = 0;
}

static char **sorted_dir(struct audit_context *ctx, const char *dir, const char *suffix, size_t *n)
{
	DIR *d;
	*n = 0;
	if (rootfs_open_dir(ctx->root, dir, &d) < 0)
		return NULL;
	char **names = NULL;
	struct dirent *e;
	size_t sl = strlen(suffix);
	while ((e = readdir(d)) && *n < MAX_FILES) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)
			continue;
		names = xreallocarray(names, *n + 1, sizeof *names);
		names[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 1)
		qsort(names, *n, sizeof *names, cmp_str);
	return names;
}

static void polkit_admins(struct audit_context *ctx, struct check_result *r, struct identities *ids,
			  bool *present)
{
	memset(ids, 0, sizeof *ids);
	*present = rootfs_exists(ctx->root, "/usr/bin/pkexec") ||
		   rootfs_exists(ctx->root, "/usr/lib/polkit-1/polkitd") ||
		   rootfs_exists(ctx->root, "/usr/libexec/polkitd");
	if (!*present)
		return;
	/* rules.d: /etc overrides /usr/share for the same name; files run in name order and the
	 * first addAdminRule returning a result wins, so the first decidable one is used */
	static const char *const dirs[] = { "/etc/polkit-1/rules.d", "/usr/share/polkit-1/rules.d" };
	char **all = NULL;
	size_t n_all = 0;
	for (int k = 0; k < 2; k++) {
		size_t n;
		char **names = sorted_dir(ctx, dirs[k], ".rules", &n);
		for (size_t i = 0; i < n; i++) {
			bool dup = false;
			for (size_t j = 0; j < n_all; j++)
				dup |= strcmp(strrchr(all[j], '/') + 1, names[i]) == 0;
			if (!dup) {
				all = xreallocarray(all, n_all + 1, sizeof *all);
				all[n_all++] = xasprintf("%s/%s", dirs[k], names[i]);
			}
			free(names[i]);
		}
		free(names);
	}
	for (size_t i = 0; i < n_all; i++)
		for (size_t j = i + 1; j < n_all; j++)
			if (strcmp(strrchr(all[j], '/'), strrchr(all[i], '/')) < 0) {
				char *t = all[i];
				all[i] = all[j];
				all[j] = t;
			}
	bool decided = false;
	for (size_t i = 0; i < n_all; i++) {
		struct file_buf buf;
		if (decided || rootfs_read_file(ctx->root, all[i], MAX_FILE, &buf) < 0) {
			free(all[i]);
			continue;
		}
		const char *p = strstr(buf.data, "addAdminRule");
		if (p) {
			/* decidable: the function body is "return [ "unix-...", ... ];" */
			const char *ret = strstr(p, "return");
			const char *open = ret ? strchr(ret, '[') : NULL;
			const char *close = open ? strchr(open, ']') : NULL;
			const char *brace = strchr(p, '{');
			const char *ifkw = brace ? strstr(brace, "if") : NULL;
			if (open && close && (!ifkw || ifkw > ret)) {
				for (const char *q = open; q < close; q++)
					if (*q == '"' || *q == '\'') {
						const char *e = memchr(q + 1, *q, (size_t)(close - q - 1));
						if (!e)
							break;
						ids_add(ids, q + 1, (size_t)(e - q - 1));
						q = e;
					}
				msg_snprintf(ids->where, sizeof ids->where, "%s", all[i]);
				decided = true;
			} else {
				result_finding(r, FINDING_WARN, all[i],
					_("polkit addAdminRule is not a plain list of identities: its "
					  "administrators are not decided here"));
			}
		}
		file_buf_free(&buf);
		free(all[i]);
	}
	free(all);
	if (decided)
		return;
	/* the local authority (polkit < 0.106, still read by Debian's polkitd-pkla) */
	size_t n;
	char **names = sorted_dir(ctx, "/etc/polkit-1/localauthority.conf.d", ".conf", &n);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("/etc/polkit-1/localauthority.conf.d/%s", names[i]);
		struct file_buf buf;
		if (rootfs_read_file(ctx->root, path, MAX_FILE, &buf) == 0) {
			struct line_iter it;
			char line[4096];
			bool trunc;
			line_iter_init(&it, &buf);
			while (line_iter_next(&it, line, sizeof line, &trunc)) {
				if (strncmp(line, "AdminIdentities=", 16) != 0)
					continue;
				ids_free(ids);
				for (char *tok = strtok(line + 16, ";"); tok; tok = strtok(NULL, ";"))
					if (*tok)
						ids_add(ids, tok, strlen(tok));
				msg_snprintf(ids->where, sizeof ids->where, "%s:%u", path, it.lineno);
			}
			file_buf_free(&buf);
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

static bool polkit_match(const struct identities *ids, struct group_db *gs, const struct account *a)
{
	for (size_t i = 0; i < ids->n; i++) {
		const char *id = ids->ids[i];
		if (strncmp(id, "unix-user:", 10) == 0) {
			const char *u = id + 10;
			char *end;
			long uid = strtol(u, &end, 10);
			if ((*end == '\0' && end != u && uid == (long)a->uid) || strcmp(u, a->name) == 0)
				return true;
		} else if (strncmp(id, "unix-group:", 11) == 0) {
			if (group_has_account(group_db_find(gs, id + 11), a))
				return true;
		}
	}
	return false;
}

/* ---- the check ------------------------------------------------------------------------------ */

static void run(struct audit_context *ctx, struct check_result *r)
{
	const struct account_db *db = accounts_get(ctx, r);
	if (!db)
		return;
	const struct profile_list *expected = profile_list(ctx->profile, "accounts", "admins");
	const struct profile_list *exempt = profile_list(ctx->profile, "accounts", "exempt");
	long long stale_days = profile_int(ctx->profile, "accounts", "stale_days");
	long long grace_days = profile_int(ctx->profile, "accounts", "never_logged_in_grace_days");
	struct group_db gs;
	group_db_load(ctx, r, &gs);

	const struct account *root = NULL;
	for (size_t i = 0; i < db->n && !root; i++)
		if (db->accounts[i].uid == 0 && strcmp(db->accounts[i].name, "root") == 0)
			root = &db->accounts[i];
	struct account root_stub = { .name = (char *)"root", .uid = 0, .gid = 0 };
	if (!root)
		root = &root_stub;

	struct sudo_db sdb;
	memset(&sdb, 0, sizeof sdb);
	bool sudo = rootfs_exists(ctx->root, SUDOERS);
	if (sudo) {
		sudo_read(ctx, r, &sdb, SUDOERS, 0);
		sudo_fixup(&sdb);
	} else {
		result_evidence(r, SUDOERS, _("absent: sudo is not installed"));
	}
	struct match_env env = { &sdb, &gs, db };

	struct identities pk;
	bool polkit;
	polkit_admins(ctx, r, &pk, &polkit);
	if (polkit && pk.n) {
		char list[600] = "";
		for (size_t i = 0; i < pk.n; i++) {
			size_t l = strlen(list);
			msg_snprintf(list + l, sizeof list - l, "%s%s", i ? ";" : "", pk.ids[i]);
		}
		result_evidence(r, pk.where, _("polkit administrators: %s"), list);
	}

	struct last_login *logins = xcalloc(db->n ? db->n : 1, sizeof *logins);
	struct login_sources sources;
	/* the login sources are accounts.stale's evidence; here only the times are needed */
	struct check_result scratch;
	result_init(&scratch, NULL);
	lastlogin_collect(ctx, db, logins, &sources, &scratch);
	result_free(&scratch);

	size_t n_admins = 0;
	char names[1024] = "";
	for (size_t i = 0; i < db->n; i++) {
		const struct account *a = &db->accounts[i];
		struct sudo_grant g;
		if (sudo)
			sudo_grant_for(&env, a, root, &g);
		else
			memset(&g, 0, sizeof g);
		bool uid0 = a->uid == 0;
		bool pkadmin = polkit && polkit_match(&pk, &gs, a);
		if (!uid0 && !g.full && !pkadmin) {
			if (g.limited)
				result_evidence(r, NULL, _("%s may run some commands as root: %s"),
						a->name, g.limited_where);
			continue;
		}
		n_admins++;
		size_t nl = strlen(names);
		msg_snprintf(names + nl, sizeof names - nl, "%s%s", nl ? ", " : "", a->name);
		char how[1400] = "";
		if (uid0)
			snprintf(how, sizeof how, "UID 0 (/etc/passwd:%u)", a->passwd_line);
		if (g.full) {
			size_t l = strlen(how);
			msg_snprintf(how + l, sizeof how - l, "%ssudo ALL as root%s (%s)", l ? "; " : "",
				 g.nopasswd ? " NOPASSWD" : "", g.where);
		}
		if (pkadmin) {
			size_t l = strlen(how);
			msg_snprintf(how + l, sizeof how - l, "%spolkit admin (%s)", l ? "; " : "",
				 pk.where);
		}
		struct account_login c;
		account_assess_login(ctx, a, &c);
		bool capable = account_login_capable(&c);
		bool person = a->uid >= (unsigned long)db->uid_min && a->uid <= (unsigned long)db->uid_max;
		bool is_root = uid0 && strcmp(a->name, "root") == 0;
		bool listed = profile_list_contains(expected, a->name);
		if (!is_root && !listed) {
			struct finding *f = result_finding(r, expected->n ? FINDING_FAIL : FINDING_WARN,
				a->name, expected->n
				? _("can become root but is not an expected administrator "
				    "([accounts] admins)")
				: _("can become root; no expected administrators are set ([accounts] "
				    "admins), so it is not confirmed"));
			finding_evidence(f, NULL, "%s", how);
			if (!capable)
				finding_evidence(f, NULL, _("cannot log in now (%s)"),
						 password_state_name(c.pw));
		}
		if (g.nopasswd && (person || !is_root)) {
			struct finding *f = result_finding(r, FINDING_FAIL, a->name,
				_("can become root without a password (sudo NOPASSWD or !authenticate)"));
			finding_evidence(f, NULL, "%s", g.where);
		}
		char why[300];
		enum finding_severity stale_sev;
		if (!is_root && !profile_list_contains(exempt, a->name) &&
		    account_stale_reason(ctx, db, a, &c, logins[i].time, stale_days, grace_days,
					 &stale_sev, why, sizeof why)) {
			struct finding *f = result_finding(r, stale_sev, a->name,
				_("stale administrator: %s (also named by accounts.stale)"), why);
			finding_evidence(f, NULL, "%s", how);
		}
		if (!is_root && listed)
			result_evidence(r, NULL, _("%s: expected administrator: %s"), a->name, how);
		if (is_root)
			result_evidence(r, "/etc/passwd", _("root: %s"),
					capable ? _("can log in") : _("cannot log in directly"));
	}
	for (size_t k = 0; k < expected->n; k++) {
		bool found = false;
		for (size_t i = 0; i < db->n && !found; i++)
			found = strcmp(db->accounts[i].name, expected->items[k]) == 0;
		if (!found)
			result_evidence(r, NULL, _("expected administrator %s has no local account"),
					expected->items[k]);
	}
	for (const char *gname = "sudo"; gname; gname = strcmp(gname, "sudo") == 0 ? "wheel"
			: strcmp(gname, "wheel") == 0 ? "admin" : NULL) {
		struct group_entry *grp = group_db_find(&gs, gname);
		if (!grp)
			continue;
		char members[600] = "";
		for (size_t i = 0; i < db->n; i++)
			if (group_has_account(grp, &db->accounts[i])) {
				size_t l = strlen(members);
				msg_snprintf(members + l, sizeof members - l, "%s%s", l ? ", " : "",
					 db->accounts[i].name);
			}
		result_evidence(r, "/etc/group", _("group %s: %s"), gname,
				members[0] ? members : _("no members"));
	}

	/* sshd: can root log in over the network, and how */
	struct twofactor tf;
	twofactor_detect(ctx, &tf, NULL);
	if (tf.sshd_present) {
		const char *v = tf.permit_root_login[0] ? tf.permit_root_login : "prohibit-password";
		const char *where = tf.permit_root_login[0] ? tf.permit_root_where : "/etc/ssh/sshd_config";
		if (strcasecmp(v, "yes") == 0) {
			struct finding *f = result_finding(r, FINDING_WARN, "PermitRootLogin",
				_("root may log in over SSH with a password (PermitRootLogin yes)"));
			finding_evidence(f, where, "PermitRootLogin %s", v);
		} else {
			result_evidence(r, where, _("PermitRootLogin %s%s"), v,
					tf.permit_root_login[0] ? "" : _(" (not set: OpenSSH's default)"));
		}
	}
	result_reason(r, _("%zu account(s) can become root: %s"), n_admins, names);
	free(logins);
	ids_free(&pk);
	sudo_free(&sdb);
	group_db_free(&gs);
}

const struct check check_accounts_privileged = {
	.id = "accounts.privileged",
	.title = N_("Administrator rights are limited to the expected people"),
	.remediation = N_("Remove unexpected accounts from sudoers, the sudo/wheel/admin groups and "
			  "polkit's AdminIdentities (or list them in [accounts] admins); drop NOPASSWD "
			  "and !authenticate for people; lock or remove stale administrators."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
