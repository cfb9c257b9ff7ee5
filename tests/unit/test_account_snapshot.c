/* Unit tests: the account snapshot logs.review compares with (core/account_snapshot.c): its file
 * text read back exactly, refused when it is not ours, and the changes between two states. */
#include "core/account_snapshot.h"
#include "core/xalloc.h"
#include "testutil.h"
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char KEY[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
				       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };

static void user(struct account_state *st, const char *name, unsigned uid, const char *shell,
		 enum password_state pw, const char *digest, long long lastchg, long long expire)
{
	st->users = xreallocarray(st->users, st->n_users + 1, sizeof *st->users);
	struct snapshot_user *u = &st->users[st->n_users++];
	memset(u, 0, sizeof *u);
	u->name = xstrdup(name);
	u->uid = uid;
	u->gid = uid;
	u->home = xasprintf("/home/%s", name);
	u->shell = xstrdup(shell);
	u->pw = pw;
	snprintf(u->digest, sizeof u->digest, "%s", digest);
	u->lastchg = lastchg;
	u->expire = expire;
}

static void group(struct account_state *st, const char *name, long gid, const char *members)
{
	st->have_groups = true;
	st->groups = xreallocarray(st->groups, st->n_groups + 1, sizeof *st->groups);
	struct snapshot_group *g = &st->groups[st->n_groups++];
	memset(g, 0, sizeof *g);
	g->name = xstrdup(name);
	g->gid = gid;
	char *copy = xstrdup(members);
	for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ",")) {
		g->members = xreallocarray(g->members, g->n + 1, sizeof *g->members);
		g->members[g->n++] = xstrdup(tok);
	}
	free(copy);
}

#define D1 "0123456789abcdef0123456789abcdef"
#define D2 "fedcba9876543210fedcba9876543210"

static char *text_of(const struct account_state *st, size_t *len)
{
	char *buf = NULL;
	FILE *fp = open_memstream(&buf, len);
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(account_snapshot_write(fp, st, KEY), 0);
	fclose(fp);
	return buf;
}

START_TEST(snapshot_round_trip)
{
	struct account_state st;
	memset(&st, 0, sizeof st);
	st.taken_at = 1796282995;
	user(&st, "alice", 1000, "/bin/bash", PASSWORD_USABLE, D1, 20000, -1);
	user(&st, "nobody", 65534, "/usr/sbin/nologin", PASSWORD_DISABLED, D2, -1, 21000);
	user(&st, "svc", 999, "", PASSWORD_EMPTY, "", 19000, -1);
	group(&st, "sudo", 27, "alice,bob");
	group(&st, "users", 100, "");
	size_t len;
	char *text = text_of(&st, &len);
	ck_assert_ptr_nonnull(strstr(text, "u alice:1000:1000:/home/alice:/bin/bash:set:20000:-1:" D1 "\n"));
	ck_assert_ptr_nonnull(strstr(text, "g sudo:27:alice,bob\n"));
	struct account_state back;
	unsigned char key[32];
	ck_assert_int_eq(account_snapshot_parse(text, len, &back, key), 0);
	ck_assert_mem_eq(key, KEY, 32);
	ck_assert_int_eq(back.taken_at, 1796282995);
	ck_assert_uint_eq(back.n_users, 3);
	ck_assert_uint_eq(back.n_groups, 2);
	ck_assert(back.have_groups);
	ck_assert_str_eq(back.users[2].name, "svc");
	ck_assert_str_eq(back.users[2].shell, "");
	ck_assert_int_eq(back.users[2].pw, PASSWORD_EMPTY);
	ck_assert_int_eq(back.users[1].expire, 21000);
	ck_assert_uint_eq(back.groups[1].n, 0);
	/* the same state again: no change */
	ck_assert_uint_eq(account_state_compare(&st, &back, NULL, NULL), 0);
	free(text);
	account_state_free(&back);
	account_state_free(&st);
}
END_TEST

START_TEST(snapshot_not_ours_is_refused)
{
	static const char *const bad[] = {
		"",
		"kensa-account-snapshot 2\ntaken 1\nkey " D1 D1 "\ngroups yes\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\n", /* no groups line */
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes", /* no newline */
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 "\ngroups yes\n", /* short key */
		"kensa-account-snapshot 1\ntaken x\nkey " D1 D1 "\ngroups yes\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes\nu a:1:1:/:/bin/sh:set:1:-1:zz\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes\nu a:1:1:/:/bin/sh:open:1:-1:\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes\nu a:1:1:/:/bin/sh:set:1:-1\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes\nu a:99999999999:1:/:/bin/sh:set:1:-1:\n",
		/* out of order, twice, members unsorted, empty member, groups before users */
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes\nu b:1:1:/::set:1:-1:\nu a:1:1:/::set:1:-1:\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes\nu a:1:1:/::set:1:-1:\nu a:1:1:/::set:1:-1:\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes\ng s:1:b,a\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes\ng s:1:a,,b\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes\ng s:1:a,\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups yes\ng s:1:\nu a:1:1:/::set:1:-1:\n",
		"kensa-account-snapshot 1\ntaken 1\nkey " D1 D1 "\ngroups no\ng s:1:\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct account_state st;
		unsigned char key[32];
		ck_assert_msg(account_snapshot_parse(bad[i], strlen(bad[i]), &st, key) == -1,
			      "accepted: %s", bad[i]);
		ck_assert_uint_eq(st.n_users, 0);
	}
	static const char nul[] = "kensa-account-snapshot 1\ntaken 1\0\nkey\n";
	struct account_state st;
	unsigned char key[32];
	ck_assert_int_eq(account_snapshot_parse(nul, sizeof nul - 1, &st, key), -1);
}
END_TEST

struct seen {
	char text[2048];
	size_t n;
};

static void collect(void *ud, const struct account_change *c)
{
	struct seen *s = ud;
	static const char *const kinds[] = { "+u", "-u", "~u", "+g", "-g", "~g" };
	const char *name = c->user_after ? c->user_after->name
			   : c->user_before ? c->user_before->name
			   : c->group_after ? c->group_after->name : c->group_before->name;
	size_t l = strlen(s->text);
	snprintf(s->text + l, sizeof s->text - l, "%s %s %x;", kinds[c->kind], name, c->what);
	s->n++;
}

START_TEST(snapshot_changes)
{
	struct account_state a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	user(&a, "alice", 1000, "/bin/bash", PASSWORD_USABLE, D1, 20000, -1);
	user(&a, "bob", 1001, "/bin/bash", PASSWORD_USABLE, D1, 20000, -1);
	user(&a, "carol", 1002, "/usr/sbin/nologin", PASSWORD_LOCKED, D1, 20000, 20100);
	user(&a, "dave", 1003, "/bin/bash", PASSWORD_USABLE, D1, 20000, -1);
	group(&a, "adm", 4, "");
	group(&a, "sudo", 27, "alice,bob");
	/* alice: UID 0 and a new password; bob removed; carol unlocked, a shell, expiry lifted;
	 * dave: only the last-change day; eve created; sudo: bob out, eve in; adm removed */
	user(&b, "alice", 0, "/bin/bash", PASSWORD_USABLE, D2, 20010, -1);
	user(&b, "carol", 1002, "/bin/bash", PASSWORD_USABLE, D1, 20000, -1);
	user(&b, "dave", 1003, "/bin/bash", PASSWORD_USABLE, D1, 20020, -1);
	user(&b, "eve", 1004, "/bin/bash", PASSWORD_USABLE, D1, 20020, -1);
	group(&b, "sudo", 27, "alice,eve");
	group(&b, "www", 33, "");
	struct seen s;
	memset(&s, 0, sizeof s);
	size_t n = account_state_compare(&a, &b, collect, &s);
	ck_assert_uint_eq(n, s.n);
	char want[512];
	snprintf(want, sizeof want, "~u alice %x;-u bob 0;~u carol %x;~u dave %x;+u eve 0;-g adm 0;~g sudo %x;+g www 0;",
		 CHANGED_UID | CHANGED_GID | CHANGED_PASSWORD,
		 CHANGED_SHELL | CHANGED_PASSWORD_STATE | CHANGED_EXPIRE, CHANGED_LASTCHG,
		 CHANGED_MEMBERS);
	ck_assert_str_eq(s.text, want);
	char out[64];
	snapshot_members_minus(&b.groups[0], &a.groups[1], out, sizeof out);
	ck_assert_str_eq(out, "eve");
	snapshot_members_minus(&a.groups[1], &b.groups[0], out, sizeof out);
	ck_assert_str_eq(out, "bob");
	/* groups are compared only when both states read /etc/group */
	b.have_groups = false;
	memset(&s, 0, sizeof s);
	ck_assert_uint_eq(account_state_compare(&a, &b, collect, &s), 5);
	account_state_free(&a);
	account_state_free(&b);
}
END_TEST

START_TEST(snapshot_members_cut)
{
	struct account_state a;
	memset(&a, 0, sizeof a);
	group(&a, "g", 1, "aaaaaaaaaa,bbbbbbbbbb,cccccccccc,dddddddddd");
	char out[30];
	snapshot_members_minus(&a.groups[0], NULL, out, sizeof out);
	ck_assert_str_eq(out, "aaaaaaaaaa, bbbbbbbbbb, ...");
	account_state_free(&a);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("account-snapshot");
	TCase *tc = tcase_create("snapshot");
	tcase_add_test(tc, snapshot_round_trip);
	tcase_add_test(tc, snapshot_not_ours_is_refused);
	tcase_add_test(tc, snapshot_changes);
	tcase_add_test(tc, snapshot_members_cut);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
