/* The account state's file text and comparison (see account_snapshot.h): no I/O of its own,
 * so the fuzzer reaches it alone. */
#include "account_snapshot.h"
#include "xalloc.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNAPSHOT_MAGIC "kensa-account-snapshot 1"

static const char *const pw_words[] = {
	[PASSWORD_USABLE] = "set",
	[PASSWORD_EMPTY] = "empty",
	[PASSWORD_LOCKED] = "locked",
	[PASSWORD_DISABLED] = "disabled",
};

static void group_free(struct snapshot_group *g)
{
	free(g->name);
	for (size_t i = 0; i < g->n; i++)
		free(g->members[i]);
	free(g->members);
}

void account_state_free(struct account_state *st)
{
	for (size_t i = 0; i < st->n_users; i++) {
		free(st->users[i].name);
		free(st->users[i].home);
		free(st->users[i].shell);
	}
	free(st->users);
	for (size_t i = 0; i < st->n_groups; i++)
		group_free(&st->groups[i]);
	free(st->groups);
	memset(st, 0, sizeof *st);
}

/* ---- the file's text ------------------------------------------------------------------------ */

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool parse_ll(const char *s, long long min, long long max, long long *out)
{
	if (!*s)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	char canon[24]; /* only the form we write: no sign, space or leading zero of strtoll's */
	snprintf(canon, sizeof canon, "%lld", v);
	if (strcmp(canon, s) != 0)
		return false;
	*out = v;
	return true;
}

/* Split LINE at ':' into exactly N fields, in place. */
static bool split_fields(char *line, char **f, int n)
{
	for (int i = 0; i < n; i++) {
		f[i] = line;
		char *c = strchr(line, ':');
		if (i == n - 1)
			return c == NULL;
		if (!c)
			return false;
		*c = '\0';
		line = c + 1;
	}
	return true;
}

static bool parse_user(char *line, struct snapshot_user *u)
{
	char *f[9];
	long long uid, gid, lastchg, expire;
	if (!split_fields(line, f, 9) || !f[0][0] || !parse_ll(f[1], 0, UINT32_MAX, &uid) ||
	    !parse_ll(f[2], 0, UINT32_MAX, &gid) || !parse_ll(f[6], -1, 1LL << 40, &lastchg) ||
	    !parse_ll(f[7], -1, 1LL << 40, &expire))
		return false;
	int pw = -1;
	for (int i = 0; i < 4; i++)
		if (strcmp(f[5], pw_words[i]) == 0)
			pw = i;
	size_t dl = strlen(f[8]);
	if (pw < 0 || (dl != 0 && dl != ACCOUNT_DIGEST_HEX))
		return false;
	for (size_t i = 0; i < dl; i++)
		if (hexval(f[8][i]) < 0)
			return false;
	u->name = xstrdup(f[0]);
	u->uid = (uint32_t)uid;
	u->gid = (uint32_t)gid;
	u->home = xstrdup(f[3]);
	u->shell = xstrdup(f[4]);
	u->pw = (enum password_state)pw;
	u->lastchg = lastchg;
	u->expire = expire;
	memcpy(u->digest, f[8], dl + 1);
	return true;
}

static bool parse_group(char *line, struct snapshot_group *g)
{
	char *f[3];
	long long gid;
	if (!split_fields(line, f, 3) || !f[0][0] || !parse_ll(f[1], -1, UINT32_MAX, &gid))
		return false;
	g->name = xstrdup(f[0]);
	g->gid = (long)gid;
	size_t cap = 0;
	for (char *p = f[2]; *p;) {
		size_t n = strcspn(p, ",");
		if (!n) {
			group_free(g);
			return false;
		}
		XGROW(g->members, g->n, cap, g->n + 1);
		g->members[g->n++] = xstrndup(p, n);
		p += n;
		if (*p == ',' && !*++p) {
			group_free(g);
			return false;
		}
	}
	/* written sorted and each once: anything else was not written by us */
	for (size_t i = 1; i < g->n; i++)
		if (strcmp(g->members[i - 1], g->members[i]) >= 0) {
			group_free(g);
			memset(g, 0, sizeof *g);
			return false;
		}
	return true;
}

int account_snapshot_parse(const char *text, size_t len, struct account_state *out,
			   unsigned char key_out[32])
{
	memset(out, 0, sizeof *out);
	char *buf = xmalloc(len + 1);
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (memchr(buf, '\0', len) || (len && buf[len - 1] != '\n')) {
		free(buf);
		return -1;
	}
	size_t cap_u = 0, cap_g = 0;
	int line_no = 0;
	bool ok = true, have_key = false, have_time = false, have_groups_line = false;
	char *save = NULL;
	for (char *line = buf; ok && line && *line; line = save) {
		char *nl = strchr(line, '\n');
		*nl = '\0';
		save = nl + 1;
		line_no++;
		if (line_no == 1) {
			ok = strcmp(line, SNAPSHOT_MAGIC) == 0;
		} else if (strncmp(line, "taken ", 6) == 0 && !have_time) {
			long long t;
			ok = parse_ll(line + 6, 1, 1LL << 40, &t);
			out->taken_at = t;
			have_time = true;
		} else if (strncmp(line, "key ", 4) == 0 && !have_key) {
			ok = strlen(line + 4) == 64;
			for (int i = 0; ok && i < 32; i++) {
				int hi = hexval(line[4 + 2 * i]), lo = hexval(line[5 + 2 * i]);
				ok = hi >= 0 && lo >= 0;
				if (ok)
					key_out[i] = (unsigned char)(hi << 4 | lo);
			}
			have_key = true;
		} else if (strncmp(line, "groups ", 7) == 0 && have_key && !have_groups_line) {
			ok = strcmp(line + 7, "yes") == 0 || strcmp(line + 7, "no") == 0;
			out->have_groups = strcmp(line + 7, "yes") == 0;
			have_groups_line = true;
		} else if (strncmp(line, "u ", 2) == 0 && have_groups_line && have_time &&
			   !out->n_groups) {
			XGROW(out->users, out->n_users, cap_u, out->n_users + 1);
			struct snapshot_user *u = &out->users[out->n_users];
			memset(u, 0, sizeof *u);
			ok = parse_user(line + 2, u);
			if (ok)
				out->n_users++;
			ok = ok && (out->n_users < 2 ||
				    strcmp(out->users[out->n_users - 2].name, u->name) < 0);
		} else if (strncmp(line, "g ", 2) == 0 && out->have_groups && have_time) {
			XGROW(out->groups, out->n_groups, cap_g, out->n_groups + 1);
			struct snapshot_group *g = &out->groups[out->n_groups];
			memset(g, 0, sizeof *g);
			ok = parse_group(line + 2, g);
			if (ok)
				out->n_groups++;
			ok = ok && (out->n_groups < 2 ||
				    strcmp(out->groups[out->n_groups - 2].name, g->name) < 0);
		} else {
			ok = false;
		}
	}
	ok = ok && have_key && have_time && have_groups_line;
	free(buf);
	if (!ok) {
		account_state_free(out);
		memset(key_out, 0, 32);
		return -1;
	}
	return 0;
}

int account_snapshot_write(FILE *fp, const struct account_state *st, const unsigned char key[32])
{
	fprintf(fp, "%s\ntaken %lld\nkey ", SNAPSHOT_MAGIC, (long long)st->taken_at);
	for (int i = 0; i < 32; i++)
		fprintf(fp, "%02x", key[i]);
	fprintf(fp, "\ngroups %s\n", st->have_groups ? "yes" : "no");
	for (size_t i = 0; i < st->n_users; i++) {
		const struct snapshot_user *u = &st->users[i];
		fprintf(fp, "u %s:%lu:%lu:%s:%s:%s:%lld:%lld:%s\n", u->name, (unsigned long)u->uid,
			(unsigned long)u->gid, u->home, u->shell, pw_words[u->pw], u->lastchg,
			u->expire, u->digest);
	}
	for (size_t i = 0; i < st->n_groups; i++) {
		const struct snapshot_group *g = &st->groups[i];
		fprintf(fp, "g %s:%ld:", g->name, g->gid);
		for (size_t m = 0; m < g->n; m++)
			fprintf(fp, "%s%s", m ? "," : "", g->members[m]);
		fputc('\n', fp);
	}
	return ferror(fp) ? -1 : 0;
}

/* ---- what changed --------------------------------------------------------------------------- */

static unsigned user_diff(const struct snapshot_user *a, const struct snapshot_user *b)
{
	unsigned w = 0;
	if (a->uid != b->uid)
		w |= CHANGED_UID;
	if (a->gid != b->gid)
		w |= CHANGED_GID;
	if (strcmp(a->home, b->home) != 0)
		w |= CHANGED_HOME;
	if (strcmp(a->shell, b->shell) != 0)
		w |= CHANGED_SHELL;
	if (a->pw != b->pw)
		w |= CHANGED_PASSWORD_STATE;
	if (strcmp(a->digest, b->digest) != 0 && a->digest[0] && b->digest[0])
		w |= CHANGED_PASSWORD;
	else if (a->lastchg != b->lastchg)
		w |= CHANGED_LASTCHG;
	if (a->expire != b->expire)
		w |= CHANGED_EXPIRE;
	return w;
}

static unsigned group_diff(const struct snapshot_group *a, const struct snapshot_group *b)
{
	unsigned w = 0;
	if (a->gid != b->gid)
		w |= CHANGED_GID;
	bool same = a->n == b->n;
	for (size_t i = 0; same && i < a->n; i++)
		same = strcmp(a->members[i], b->members[i]) == 0;
	if (!same)
		w |= CHANGED_MEMBERS;
	return w;
}

size_t account_state_compare(const struct account_state *before, const struct account_state *after,
			     void (*fn)(void *ud, const struct account_change *c), void *ud)
{
	size_t n = 0, i = 0, j = 0;
	while (i < before->n_users || j < after->n_users) {
		struct account_change c;
		memset(&c, 0, sizeof c);
		int cmp = i == before->n_users ? 1
			  : j == after->n_users ? -1
			  : strcmp(before->users[i].name, after->users[j].name);
		if (cmp < 0) {
			c.kind = ACCOUNT_REMOVED;
			c.user_before = &before->users[i++];
		} else if (cmp > 0) {
			c.kind = ACCOUNT_ADDED;
			c.user_after = &after->users[j++];
		} else {
			c.kind = ACCOUNT_CHANGED;
			c.user_before = &before->users[i++];
			c.user_after = &after->users[j++];
			c.what = user_diff(c.user_before, c.user_after);
			if (!c.what)
				continue;
		}
		n++;
		fn(ud, &c);
	}
	if (!before->have_groups || !after->have_groups)
		return n;
	i = j = 0;
	while (i < before->n_groups || j < after->n_groups) {
		struct account_change c;
		memset(&c, 0, sizeof c);
		int cmp = i == before->n_groups ? 1
			  : j == after->n_groups ? -1
			  : strcmp(before->groups[i].name, after->groups[j].name);
		if (cmp < 0) {
			c.kind = GROUP_REMOVED;
			c.group_before = &before->groups[i++];
		} else if (cmp > 0) {
			c.kind = GROUP_ADDED;
			c.group_after = &after->groups[j++];
		} else {
			c.kind = GROUP_CHANGED;
			c.group_before = &before->groups[i++];
			c.group_after = &after->groups[j++];
			c.what = group_diff(c.group_before, c.group_after);
			if (!c.what)
				continue;
		}
		n++;
		fn(ud, &c);
	}
	return n;
}

void snapshot_members_minus(const struct snapshot_group *a, const struct snapshot_group *b,
			    char *out, size_t len)
{
	size_t used = 0, i = 0, j = 0;
	out[0] = '\0';
	static const char more[] = ", ...";
	while (a && i < a->n) {
		int cmp = !b || j == b->n ? -1 : strcmp(a->members[i], b->members[j]);
		if (cmp > 0) {
			j++;
			continue;
		}
		if (cmp == 0) {
			i++;
			j++;
			continue;
		}
		const char *m = a->members[i++];
		size_t need = strlen(m) + (used ? 2 : 0);
		if (used + need + sizeof more >= len) {
			if (used + sizeof more <= len)
				memcpy(out + used, more, sizeof more);
			return;
		}
		used += (size_t)snprintf(out + used, len - used, "%s%s", used ? ", " : "", m);
	}
}
