/* /etc/group and /etc/gshadow (see groups.h). */
#include "groups.h"
#include "accounts.h"
#include "context.h"
#include "i18n.h"
#include "result.h"
#include "rootfs.h"
#include "xalloc.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define GROUP_FILE_MAX (16u << 20)

static void add_members(struct group_entry *g, const char *list)
{
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		if (n) {
			g->members = xreallocarray(g->members, g->n + 1, sizeof *g->members);
			g->members[g->n++] = xstrndup(p, n);
		}
		p += n;
		if (*p == ',')
			p++;
	}
}

/* name:pw:gid:members -> the four fields, in place; false for a line that is not a group. */
static bool split_group_line(char *line, char *f[4])
{
	char *p = line;
	int n = 0;
	for (; n < 4; n++) {
		f[n] = p;
		char *c = strchr(p, ':');
		if (!c) {
			n++;
			break;
		}
		*c = '\0';
		p = c + 1;
	}
	return n == 4 && f[0][0] && f[0][0] != '+' && f[0][0] != '-';
}

struct loaded {
	struct group_entry g;
	size_t order;
};

static int loaded_cmp(const void *pa, const void *pb)
{
	const struct loaded *a = pa, *b = pb;
	int c = strcmp(a->g.name, b->g.name);
	return c ? c : (a->order < b->order ? -1 : a->order > b->order);
}

static int entry_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct group_entry *)elem)->name);
}

struct group_entry *group_db_find(const struct group_db *gs, const char *name)
{
	if (!gs->n)
		return NULL;
	return bsearch(name, gs->g, gs->n, sizeof *gs->g, entry_cmp);
}

void group_db_load(struct audit_context *ctx, struct check_result *r, struct group_db *gs)
{
	memset(gs, 0, sizeof *gs);
	static const char *const files[] = { "/etc/group", "/etc/gshadow" };
	struct loaded *v = NULL;
	size_t n = 0, cap = 0;
	for (int k = 0; k < 2; k++) {
		struct file_buf buf;
		int rc = rootfs_read_file(ctx->root, files[k], GROUP_FILE_MAX, &buf);
		if (rc < 0) {
			if ((rc != -ENOENT || k == 0) && r)
				result_finding(r, FINDING_WARN, files[k], _("cannot be read: %s%s"),
					       rootfs_strerror(rc),
					       rc == -EACCES ? _(" (run as root)") : "");
			continue;
		}
		if (k == 0)
			gs->read = true;
		struct line_iter it;
		char line[8192];
		bool trunc;
		line_iter_init(&it, &buf);
		while (line_iter_next(&it, line, sizeof line, &trunc)) {
			char *f[4];
			if (!split_group_line(line, f))
				continue;
			if (k == 0) {
				XGROW(v, n, cap, n + 1);
				memset(&v[n], 0, sizeof v[n]);
				v[n].g.name = xstrdup(f[0]);
				v[n].g.gid = strtol(f[2], NULL, 10);
				v[n].order = n;
				add_members(&v[n].g, f[3]);
				n++;
				continue;
			}
			struct group_entry *g = group_db_find(gs, f[0]);
			if (g) /* gshadow without a group: not a group */
				add_members(g, f[3]);
		}
		file_buf_free(&buf);
		if (k == 0) {
			/* sort by name, file order kept among equal names; the first line is the group
			 * and later lines of the same name add their members to it */
			if (n > 1)
				qsort(v, n, sizeof *v, loaded_cmp);
			gs->g = xreallocarray(NULL, n + 1, sizeof *gs->g);
			for (size_t i = 0; i < n; i++) {
				struct group_entry *last = gs->n ? &gs->g[gs->n - 1] : NULL;
				if (last && strcmp(last->name, v[i].g.name) == 0) {
					for (size_t m = 0; m < v[i].g.n; m++) {
						last->members = xreallocarray(last->members, last->n + 1,
									      sizeof *last->members);
						last->members[last->n++] = v[i].g.members[m];
					}
					free(v[i].g.members);
					free(v[i].g.name);
					continue;
				}
				gs->g[gs->n++] = v[i].g;
			}
			free(v);
			v = NULL;
		}
	}
}

bool group_has_account(const struct group_entry *g, const struct account *a)
{
	if (!g)
		return false;
	if ((long)a->gid == g->gid)
		return true;
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->members[i], a->name) == 0)
			return true;
	return false;
}

void group_db_free(struct group_db *gs)
{
	for (size_t i = 0; i < gs->n; i++) {
		free(gs->g[i].name);
		for (size_t j = 0; j < gs->g[i].n; j++)
			free(gs->g[i].members[j]);
		free(gs->g[i].members);
	}
	free(gs->g);
	memset(gs, 0, sizeof *gs);
}
