/* Check suite: the per-audit file cache — one file (by device and inode) read once whatever the
 * path, budgets refused before reading, a changed file read again, memos per file. */
#include "testutil.h"
#include "core/context.h"
#include "core/filecache.h"
#include "core/rootfs.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	char *dir;
	struct audit_context ctx;
};

static void setup(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	f->dir = tu_mkroot();
	ck_assert_int_eq(rootfs_open(f->dir, &f->ctx.root), 0);
}

static void teardown(struct fixture *f)
{
	filecache_free(f->ctx.files);
	rootfs_close(f->ctx.root);
	tu_rmtree(f->dir);
}

static char *host_path(const struct fixture *f, const char *path)
{
	size_t n = strlen(f->dir) + strlen(path) + 1;
	char *p = malloc(n);
	snprintf(p, n, "%s%s", f->dir, path);
	return p;
}

START_TEST(one_file_read_once_by_any_path)
{
	struct fixture f;
	setup(&f);
	tu_write(f.dir, "etc/a.conf", "hello\n");
	char *a = host_path(&f, "/etc/a.conf"), *b = host_path(&f, "/etc/b.conf");
	ck_assert_int_eq(link(a, b), 0);
	tu_symlink(f.dir, "etc/c.conf", "/etc/a.conf");
	struct cached_file x, y, z;
	ck_assert_int_eq(filecache_read(&f.ctx, "/etc/a.conf", 1024, NULL, &x), 0);
	ck_assert_int_eq(filecache_read(&f.ctx, "/etc/b.conf", 1024, NULL, &y), 0);
	ck_assert_int_eq(filecache_read(&f.ctx, "/etc/c.conf", 1024, NULL, &z), 0);
	/* the same kept copy: the hard link and the symlink were not read again */
	ck_assert_ptr_eq(x.data, y.data);
	ck_assert_ptr_eq(x.data, z.data);
	ck_assert_str_eq(x.data, "hello\n");
	ck_assert_uint_eq(x.len, 6);
	filecache_release(&x);
	filecache_release(&y);
	filecache_release(&z);
	/* a changed file (new size) is read again */
	tu_write(f.dir, "etc/a.conf", "hello, world\n");
	ck_assert_int_eq(filecache_read(&f.ctx, "/etc/b.conf", 1024, NULL, &x), 0);
	ck_assert_str_eq(x.data, "hello, world\n");
	filecache_release(&x);
	/* bounds as rootfs_read_file's, non-regular files refused */
	ck_assert_int_eq(filecache_read(&f.ctx, "/etc/a.conf", 4, NULL, &x), -ROOTFS_ETOOLARGE);
	ck_assert_int_eq(filecache_read(&f.ctx, "/etc", 1024, NULL, &x), -ROOTFS_ENOTREG);
	ck_assert_int_eq(filecache_read(&f.ctx, "/nope", 1024, NULL, &x), -ENOENT);
	free(a);
	free(b);
	teardown(&f);
}
END_TEST

START_TEST(budget_is_checked_before_reading)
{
	struct fixture f;
	setup(&f);
	tu_write(f.dir, "small", "0123456789");
	char big[5000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	tu_write(f.dir, "big", big);
	struct read_budget b = { .files_left = 3, .bytes_left = 4096 };
	struct cached_file x;
	/* a file larger than what is left is refused, and nothing is charged */
	ck_assert_int_eq(filecache_read(&f.ctx, "/big", 1 << 20, &b, &x), -FILECACHE_EBUDGET);
	ck_assert(b.exhausted);
	ck_assert_uint_eq(b.files_left, 3);
	ck_assert_uint_eq(b.bytes_left, 4096);
	/* every read is charged, also one served from memory */
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(filecache_read(&f.ctx, "/small", 1 << 20, &b, &x), 0);
		filecache_release(&x);
	}
	ck_assert_uint_eq(b.files_left, 0);
	ck_assert_uint_eq(b.bytes_left, 4096 - 30);
	ck_assert_int_eq(filecache_read(&f.ctx, "/small", 1 << 20, &b, &x), -FILECACHE_EBUDGET);
	/* the refusal comes before the open: even a missing file is "budget", not ENOENT */
	ck_assert_int_eq(filecache_read(&f.ctx, "/nope", 1 << 20, &b, &x), -FILECACHE_EBUDGET);
	ck_assert_str_eq(filecache_strerror(-FILECACHE_EBUDGET), "the source's read budget is spent");
	teardown(&f);
}
END_TEST

START_TEST(memos_follow_the_file)
{
	struct fixture f;
	setup(&f);
	tu_write(f.dir, "k", "ssh-ed25519 AAAA\n");
	char *k = host_path(&f, "/k"), *l = host_path(&f, "/l");
	ck_assert_int_eq(link(k, l), 0);
	struct cached_file x;
	ck_assert_int_eq(filecache_read(&f.ctx, "/k", 1024, NULL, &x), 0);
	long long *m = filecache_memo(&f.ctx, &x.st, "keys");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(*m, -1);
	*m = 1;
	filecache_release(&x);
	ck_assert_int_eq(filecache_read(&f.ctx, "/l", 1024, NULL, &x), 0);
	ck_assert_int_eq(*filecache_memo(&f.ctx, &x.st, "keys"), 1);
	ck_assert_int_eq(*filecache_memo(&f.ctx, &x.st, "other"), -1);
	filecache_release(&x);
	/* the file changes: its memos start over */
	tu_write(f.dir, "k", "ssh-ed25519 AAAA\nssh-ed25519 BBBB\n");
	ck_assert_int_eq(filecache_read(&f.ctx, "/l", 1024, NULL, &x), 0);
	ck_assert_int_eq(*filecache_memo(&f.ctx, &x.st, "keys"), -1);
	filecache_release(&x);
	free(k);
	free(l);
	teardown(&f);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("filecache");
	TCase *tc = tcase_create("filecache");
	tcase_add_test(tc, one_file_read_once_by_any_path);
	tcase_add_test(tc, budget_is_checked_before_reading);
	tcase_add_test(tc, memos_follow_the_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
