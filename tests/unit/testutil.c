/* Scratch roots for the Check suites (see testutil.h). */
#include "testutil.h"
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *tu_mkroot(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path;
	if (asprintf(&path, "%s/kensa-unit-XXXXXX", tmp ? tmp : "/tmp") < 0 || !mkdtemp(path))
		abort();
	return path;
}

void tu_mkdirs(const char *root, const char *path)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s/%s", root, path);
	for (char *p = buf + strlen(root) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
	mkdir(buf, 0755);
}

static void make_parent(const char *root, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash && slash != path) {
		char dir[4096];
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
		tu_mkdirs(root, dir);
	}
}

void tu_write_bytes(const char *root, const char *path, const void *data, size_t len)
{
	char full[4096];
	make_parent(root, path);
	snprintf(full, sizeof full, "%s/%s", root, path);
	FILE *f = fopen(full, "wb");
	ck_assert_msg(f != NULL, "cannot create %s", full);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

void tu_write(const char *root, const char *path, const char *content)
{
	tu_write_bytes(root, path, content, strlen(content));
}

void tu_symlink(const char *root, const char *path, const char *target)
{
	char full[4096];
	make_parent(root, path);
	snprintf(full, sizeof full, "%s/%s", root, path);
	ck_assert_int_eq(symlink(target, full), 0);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

void tu_rmtree(char *root)
{
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(root);
}

int tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
