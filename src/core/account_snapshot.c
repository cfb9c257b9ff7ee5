/* The account snapshot kept in the report directory (see account_snapshot.h). */
#include "account_snapshot.h"
#include "groups.h"
#include "i18n.h"
#include "output.h"
#include "statefile.h"
#include "sha256.h"
#include "xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SNAPSHOT_MAX_BYTES (32u << 20) /* some 200,000 accounts; a larger file is not ours */
#define DIGEST_TAG "kensa account snapshot v1"

struct account_snapshot {
	char *dir, *name;
	int64_t taken_at;
	unsigned char key[32];
	const char *note, *save_note;
	bool have_prior;
	struct account_state prior;
	bool kept;
	struct account_state now;
	struct output out;
	bool out_open;
};

/* ---- the state ------------------------------------------------------------------------------ */

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort and drop repeats, in place. */
static void members_normalise(struct snapshot_group *g)
{
	if (g->n > 1)
		qsort(g->members, g->n, sizeof *g->members, str_cmp);
	size_t k = 0;
	for (size_t i = 0; i < g->n; i++) {
		if (k && strcmp(g->members[k - 1], g->members[i]) == 0) {
			free(g->members[i]);
			continue;
		}
		g->members[k++] = g->members[i];
	}
	g->n = k;
}

static void password_digest(const unsigned char key[32], const char *name, const char *field,
			    char out[ACCOUNT_DIGEST_HEX + 1])
{
	out[0] = '\0';
	if (!field || !field[0])
		return;
	/* locking ("!") is its own state: the password under the lock is what is digested, so
	 * unlocking shows as unlocked, and a new password set while locked as a new password */
	while (*field == '!')
		field++;
	struct hmac_sha256 h;
	unsigned char d[SHA256_DIGEST_SIZE];
	hmac_sha256_init(&h, key, 32);
	hmac_sha256_update(&h, DIGEST_TAG, sizeof DIGEST_TAG);
	hmac_sha256_update(&h, name, strlen(name) + 1);
	hmac_sha256_update(&h, field, strlen(field) + 1);
	hmac_sha256_final(&h, d);
	for (int i = 0; i < ACCOUNT_DIGEST_HEX / 2; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	memset(d, 0, sizeof d);
}

struct ordered_user {
	const struct account *a;
	size_t order;
};

static int ordered_user_cmp(const void *pa, const void *pb)
{
	const struct ordered_user *a = pa, *b = pb;
	int c = strcmp(a->a->name, b->a->name);
	return c ? c : (a->order < b->order ? -1 : a->order > b->order);
}

void account_snapshot_take(const struct account_snapshot *s, const struct account_db *db,
			   const struct group_db *groups, struct account_state *out)
{
	memset(out, 0, sizeof *out);
	out->taken_at = s->taken_at;
	struct ordered_user *v = xcalloc(db->n + 1, sizeof *v);
	for (size_t i = 0; i < db->n; i++) {
		v[i].a = &db->accounts[i];
		v[i].order = i;
	}
	if (db->n > 1)
		qsort(v, db->n, sizeof *v, ordered_user_cmp);
	out->users = xcalloc(db->n + 1, sizeof *out->users);
	for (size_t i = 0; i < db->n; i++) {
		const struct account *a = v[i].a;
		/* a name given twice: the first line is the account getpwnam returns */
		if (out->n_users && strcmp(out->users[out->n_users - 1].name, a->name) == 0)
			continue;
		struct snapshot_user *u = &out->users[out->n_users++];
		u->name = xstrdup(a->name);
		u->home = xstrdup(a->home ? a->home : "");
		u->shell = xstrdup(a->shell ? a->shell : "");
		u->uid = a->uid;
		u->gid = a->gid;
		u->pw = account_password_state(a);
		u->lastchg = a->lastchg;
		u->expire = a->expire;
		password_digest(s->key, a->name, a->password, u->digest);
	}
	free(v);
	if (!groups)
		return;
	out->have_groups = true;
	out->groups = xcalloc(groups->n + 1, sizeof *out->groups);
	for (size_t i = 0; i < groups->n; i++) { /* already sorted by name, each once */
		const struct group_entry *g = &groups->g[i];
		struct snapshot_group *sg = &out->groups[out->n_groups++];
		sg->name = xstrdup(g->name);
		sg->gid = g->gid;
		sg->members = xcalloc(g->n + 1, sizeof *sg->members);
		for (size_t m = 0; m < g->n; m++)
			sg->members[sg->n++] = xstrdup(g->members[m]);
		members_normalise(sg);
	}
}

/* ---- the file in the report directory ------------------------------------------------------- */

struct account_snapshot *account_snapshot_open(int dirfd, const char *dir, const char *host,
					       int64_t taken_at, char *err, size_t errlen)
{
	struct account_snapshot *s = xcalloc(1, sizeof *s);
	s->taken_at = taken_at;
	s->dir = xstrdup(dir);
	s->name = xasprintf("kensa-accounts-%s.snapshot", host);
	/* our own file, bounded: read whole (a larger one is not ours) */
	char *text;
	long len = state_file_read(dirfd, s->name, SNAPSHOT_MAX_BYTES, &text);
	int rc = len < 0 ? (int)len : 0;
	if (rc == 0 && account_snapshot_parse(text, (size_t)len, &s->prior, s->key) == 0) {
		s->have_prior = true;
	} else {
		if (rc == 0)
			s->note = N_("the account snapshot in the report directory was malformed: "
				     "account changes are judged from the next report on");
		else if (rc != -ENOENT)
			s->note = N_("the account snapshot in the report directory was unreadable: "
				     "account changes are judged from the next report on");
		if (hmac_random_key(s->key, sizeof s->key) != 0) {
			msg_snprintf(err, errlen, _("cannot make a key for the account snapshot: %s"),
				     kensa_strerror(errno));
			free(text);
			account_snapshot_free(s);
			return NULL;
		}
	}
	free(text);
	return s;
}

int account_snapshot_prepare(struct account_snapshot *s, const char *audit_root,
			     struct broker *broker, char *err, size_t errlen)
{
	char *path = xasprintf("%s/%s", s->dir, s->name);
	int rc = output_open(&s->out, path, audit_root, err, errlen);
	free(path);
	if (rc != 0) {
		s->save_note = N_("this audit's state of the accounts cannot be kept in the report "
				  "directory (see kensa's warning): the next audit compares with an "
				  "older one, or none");
		return -1;
	}
	s->out_open = true;
	output_use_broker(&s->out, broker, NULL);
	return 0;
}

const struct account_state *account_snapshot_prior(const struct account_snapshot *s)
{
	return s->have_prior ? &s->prior : NULL;
}

const char *account_snapshot_note(const struct account_snapshot *s)
{
	return s->note;
}

const char *account_snapshot_save_note(const struct account_snapshot *s)
{
	return s->save_note;
}

void account_snapshot_keep(struct account_snapshot *s, struct account_state *st)
{
	if (s->kept)
		account_state_free(&s->now);
	s->now = *st;
	memset(st, 0, sizeof *st);
	s->kept = true;
}

int account_snapshot_save(struct account_snapshot *s, char *err, size_t errlen)
{
	if (!s->kept || !s->out_open) { /* logs.review did not take one: the old file stays */
		account_snapshot_abandon(s);
		return 0;
	}
	int wrc = account_snapshot_write(s->out.fp, &s->now, s->key);
	s->out_open = false;
	return output_commit(&s->out, wrc, err, errlen);
}

void account_snapshot_abandon(struct account_snapshot *s)
{
	if (s->out_open)
		output_abandon(&s->out);
	s->out_open = false;
}

void account_snapshot_free(struct account_snapshot *s)
{
	if (!s)
		return;
	account_snapshot_abandon(s);
	account_state_free(&s->prior);
	if (s->kept)
		account_state_free(&s->now);
	memset(s->key, 0, sizeof s->key);
	free(s->dir);
	free(s->name);
	free(s);
}

