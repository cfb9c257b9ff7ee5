/* Check suite: the root-confined file layer (both resolvers: openat2 RESOLVE_IN_ROOT and the
 * portable component walk), special and oversized files, the Landlock sandbox and atomic report
 * output. Every escape test plants a canary file OUTSIDE the root and proves it is never read. */
#include "testutil.h"
#include "core/output.h"
#include "core/rootfs.h"
#include "core/sandbox.h"
#include "core/sandbox_broker.h"
#include "core/platform.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The loop index of every resolution test: 0 = openat2 (when the kernel has it), 1 = walk. */
#define MODE_OPENAT2 0
#define MODE_WALK 1

static char *root_dir;
static char *canary_dir;
static char canary_word[64];

static void setup(void)
{
	root_dir = tu_mkroot();
	canary_dir = tu_mkroot(); /* a host directory outside the root */
	snprintf(canary_word, sizeof canary_word, "kcanary%ld", (long)getpid());
	char text[256];
	snprintf(text, sizeof text, "%s:x:1000:1000::/home/%s:/bin/bash\n", canary_word, canary_word);
	tu_write(canary_dir, "etc/passwd", text);
	tu_write(canary_dir, "etc/shadow", text);
}

static void teardown(void)
{
	tu_rmtree(root_dir);
	tu_rmtree(canary_dir);
}

static struct rootfs *open_root(const char *dir, int mode)
{
	struct rootfs *root;
	ck_assert_int_eq(rootfs_open(dir, &root), 0);
	if (mode == MODE_WALK)
		rootfs_set_portable_walk(root, true);
	ck_assert(mode == MODE_WALK ? !rootfs_uses_openat2(root) : true);
	return root;
}

/* Read path inside the root; fail the test if the canary ever comes back. */
static int read_no_canary(struct rootfs *root, const char *path, struct file_buf *buf)
{
	int rc = rootfs_read_file(root, path, 1 << 20, buf);
	if (rc == 0)
		ck_assert_msg(memmem(buf->data, buf->len, canary_word, strlen(canary_word)) == NULL,
			      "%s read the host's canary file outside the root", path);
	return rc;
}

static char *canary_path(const char *rel)
{
	char *p;
	ck_assert_int_ge(asprintf(&p, "%s/%s", canary_dir, rel), 0);
	return p;
}

START_TEST(reads_follow_links_inside_the_root)
{
	/* The positive control: links that stay inside resolve and read normally. */
	tu_write(root_dir, "usr/share/base-passwd/passwd.master", "root:x:0:0:root:/root:/bin/bash\n");
	tu_symlink(root_dir, "etc/passwd", "/usr/share/base-passwd/passwd.master");
	tu_symlink(root_dir, "etc/passwd-rel", "../usr/share/base-passwd/passwd.master");
	tu_symlink(root_dir, "lib", "usr/share");
	struct rootfs *root = open_root(root_dir, _i);
	const char *paths[] = { "/etc/passwd", "/etc/passwd-rel", "/lib/base-passwd/passwd.master",
				"etc/./passwd", "/etc/../etc/passwd" };
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct file_buf buf;
		ck_assert_msg(rootfs_read_file(root, paths[i], 4096, &buf) == 0, "%s", paths[i]);
		ck_assert_str_eq(buf.data, "root:x:0:0:root:/root:/bin/bash\n");
		file_buf_free(&buf);
	}
	char target[256];
	ck_assert_int_eq(rootfs_readlink(root, "/etc/passwd", target, sizeof target), 0);
	ck_assert_str_eq(target, "/usr/share/base-passwd/passwd.master");
	struct stat st;
	ck_assert_int_eq(rootfs_lstat(root, "/etc/passwd", &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(rootfs_stat(root, "/etc/passwd", &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	rootfs_close(root);
}
END_TEST

START_TEST(absolute_and_relative_links_to_the_host_stay_inside)
{
	char *abs = canary_path("etc/passwd");
	char rel[4096] = "";
	for (int i = 0; i < 24; i++)
		strcat(rel, "../");
	strcat(rel, abs + 1);
	tu_symlink(root_dir, "etc/passwd", abs);
	tu_symlink(root_dir, "etc/shadow", rel);
	tu_symlink(root_dir, "etc/group", "../../../../../etc/passwd-none");
	tu_symlink(root_dir, "hostetc", canary_dir); /* a directory link out of the root */
	struct rootfs *root = open_root(root_dir, _i);
	struct file_buf buf;
	ck_assert_int_eq(read_no_canary(root, "/etc/passwd", &buf), -ENOENT);
	ck_assert_int_eq(read_no_canary(root, "/etc/shadow", &buf), -ENOENT);
	ck_assert_int_eq(read_no_canary(root, "/etc/group", &buf), -ENOENT);
	ck_assert_int_eq(read_no_canary(root, "/hostetc/etc/passwd", &buf), -ENOENT);
	struct stat st;
	ck_assert_int_eq(rootfs_stat(root, "/etc/passwd", &st), -ENOENT);
	ck_assert(!rootfs_exists(root, "/hostetc/etc"));
	DIR *d;
	ck_assert_int_eq(rootfs_open_dir(root, "/hostetc/etc", &d), -ENOENT);

	/* The same targets are read when they exist inside the root: resolved as in a chroot. */
	char inside[4096];
	snprintf(inside, sizeof inside, "%s/etc/passwd", canary_dir + 1);
	tu_write(root_dir, inside, "inside:x:0:0::/:/bin/sh\n");
	const char *paths[] = { "/etc/passwd", "/etc/shadow", "/hostetc/etc/passwd" };
	for (size_t i = 0; i < 3; i++) {
		ck_assert_msg(read_no_canary(root, paths[i], &buf) == 0, "%s", paths[i]);
		ck_assert_str_eq(buf.data, "inside:x:0:0::/:/bin/sh\n");
		file_buf_free(&buf);
	}
	rootfs_close(root);
	free(abs);
}
END_TEST

START_TEST(dotdot_chains_clamp_at_the_root)
{
	tu_mkdirs(root_dir, "etc");
	struct rootfs *root = open_root(root_dir, _i);
	char path[4096];
	snprintf(path, sizeof path, "../../../../../../../../..%s/etc/passwd", canary_dir);
	struct file_buf buf;
	ck_assert_int_eq(read_no_canary(root, path, &buf), -ENOENT);
	snprintf(path, sizeof path, "/etc/../../../..%s/etc/shadow", canary_dir);
	ck_assert_int_eq(read_no_canary(root, path, &buf), -ENOENT);
	/* a link whose target climbs, then a path that climbs after it */
	tu_symlink(root_dir, "up", "../../../../../../");
	snprintf(path, sizeof path, "/up/../..%s/etc/passwd", canary_dir);
	ck_assert_int_eq(read_no_canary(root, path, &buf), -ENOENT);
	/* ".." of the root is the root: the file placed there is what is read */
	tu_write(root_dir, "etc/passwd", "r:x:0:0::/:/bin/sh\n");
	ck_assert_int_eq(read_no_canary(root, "/../../../etc/passwd", &buf), 0);
	ck_assert_str_eq(buf.data, "r:x:0:0::/:/bin/sh\n");
	file_buf_free(&buf);
	ck_assert_int_eq(read_no_canary(root, "/up/etc/passwd", &buf), 0);
	file_buf_free(&buf);
	rootfs_close(root);
}
END_TEST

START_TEST(symlink_loops_end_with_eloop)
{
	tu_symlink(root_dir, "etc/a", "b");
	tu_symlink(root_dir, "etc/b", "/etc/a");
	tu_symlink(root_dir, "etc/self", "self");
	tu_symlink(root_dir, "etc/shadow", "/etc/shadow"); /* points at itself once inside */
	tu_symlink(root_dir, "loopdir", "loopdir/x");
	/* a chain longer than the kernel's 40 links */
	char name[32], target[32];
	for (int i = 0; i < 45; i++) {
		snprintf(name, sizeof name, "chain/l%d", i);
		snprintf(target, sizeof target, "l%d", i + 1);
		tu_symlink(root_dir, name, target);
	}
	tu_write(root_dir, "chain/l45", "end\n");
	struct rootfs *root = open_root(root_dir, _i);
	struct file_buf buf;
	const char *loops[] = { "/etc/a", "/etc/self", "/etc/shadow", "/loopdir/passwd", "/chain/l0" };
	for (size_t i = 0; i < 5; i++)
		ck_assert_msg(read_no_canary(root, loops[i], &buf) == -ELOOP, "%s: %d", loops[i],
			      rootfs_read_file(root, loops[i], 100, &buf));
	ck_assert_int_eq(read_no_canary(root, "/chain/l10", &buf), 0); /* 35 links: fine */
	file_buf_free(&buf);
	rootfs_close(root);
}
END_TEST

/* Magic links: a real procfs directory used as the root, so /root, /cwd and /fd/N are the
 * kernel's magic links to this process's root, working directory and open files. openat2
 * refuses them (RESOLVE_NO_MAGICLINKS); the walk reads their text and resolves it inside. */
START_TEST(magic_links_are_never_followed)
{
	char *saved_cwd = getcwd(NULL, 0);
	char *canary_etc = canary_path("etc");
	ck_assert_int_eq(chdir(canary_etc), 0);
	int fd = open("passwd", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	char proc_root[64];
	snprintf(proc_root, sizeof proc_root, "/proc/%ld", (long)getpid());
	struct rootfs *root = open_root(proc_root, _i);
	/* this root IS a procfs directory: allow it, so the magic links themselves are tested */
	rootfs_allow_pseudo_fs(root, true);
	char path[4096];
	const char *tries[4];
	char fdpath[64];
	snprintf(fdpath, sizeof fdpath, "/fd/%d", fd);
	snprintf(path, sizeof path, "/root%s/etc/passwd", canary_dir);
	tries[0] = path;
	tries[1] = "/cwd/passwd";
	tries[2] = fdpath;
	tries[3] = "/cwd/../etc/passwd";
	for (size_t i = 0; i < 4; i++) {
		struct file_buf buf;
		int rc = read_no_canary(root, tries[i], &buf);
		ck_assert_msg(rc < 0, "%s was read through a magic link", tries[i]);
		ck_assert_msg(rc == -ENOENT || rc == -ELOOP || rc == -EXDEV, "%s: %s", tries[i],
			      rootfs_strerror(rc));
	}
	/* The same through the /proc of the host as the audited root's /proc: the /proc/self link
	 * would be followed to the real process, then its root link must not be. */
	rootfs_close(root);
	close(fd);
	ck_assert_int_eq(chdir(saved_cwd), 0);
	free(saved_cwd);
	free(canary_etc);
}
END_TEST

START_TEST(symlinked_root_is_refused)
{
	char link[4096];
	snprintf(link, sizeof link, "%s-link", root_dir);
	ck_assert_int_eq(symlink(root_dir, link), 0);
	struct rootfs *root = NULL;
	ck_assert_int_eq(rootfs_open(link, &root), -ELOOP);
	ck_assert_ptr_null(root);
	strcat(link, "//"); /* a trailing slash would make lstat follow the link */
	ck_assert_int_eq(rootfs_open(link, &root), -ELOOP);
	ck_assert_ptr_null(root);
	link[strlen(link) - 2] = '\0';
	unlink(link);
	tu_write(root_dir, "file", "x");
	snprintf(link, sizeof link, "%s/file", root_dir);
	ck_assert_int_eq(rootfs_open(link, &root), -ENOTDIR);
}
END_TEST

/* --- special files ---------------------------------------------------------------------- */

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(fifo_is_refused_without_opening_it)
{
	char fifo[4096];
	tu_mkdirs(root_dir, "etc");
	snprintf(fifo, sizeof fifo, "%s/etc/login.defs", root_dir);
	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	/* A writer blocks in open() until someone opens the FIFO for reading: if kensa opened it,
	 * the writer would wake up and exit. It must still be blocked afterwards. */
	pid_t writer = fork();
	ck_assert_int_ge(writer, 0);
	if (writer == 0) {
		alarm(20);
		int fd = open(fifo, O_WRONLY);
		_exit(fd >= 0 ? 0 : 1);
	}
	usleep(100 * 1000);
	struct rootfs *root = open_root(root_dir, _i);
	struct file_buf buf;
	double t0 = now_s();
	ck_assert_int_eq(rootfs_read_file(root, "/etc/login.defs", 4096, &buf), -ROOTFS_ENOTREG);
	int fd;
	ck_assert_int_eq(rootfs_open_file(root, "/etc/login.defs", &fd, NULL), -ROOTFS_ENOTREG);
	ck_assert(now_s() - t0 < 2.0);
	usleep(200 * 1000);
	int status;
	ck_assert_msg(waitpid(writer, &status, WNOHANG) == 0,
		      "the FIFO was opened for reading: its blocked writer woke up");
	kill(writer, SIGKILL);
	waitpid(writer, &status, 0);
	rootfs_close(root);
}
END_TEST

START_TEST(directory_and_socket_are_not_regular)
{
	tu_mkdirs(root_dir, "etc/passwd");
	char sock_path[4096];
	snprintf(sock_path, sizeof sock_path, "%s/etc/shadow", root_dir);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	ck_assert_uint_lt(strlen(sock_path), sizeof addr.sun_path);
	strcpy(addr.sun_path, sock_path);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&addr, sizeof addr), 0);
	struct rootfs *root = open_root(root_dir, _i);
	struct file_buf buf;
	ck_assert_int_eq(rootfs_read_file(root, "/etc/passwd", 4096, &buf), -ROOTFS_ENOTREG);
	ck_assert_int_eq(rootfs_read_file(root, "/etc/shadow", 4096, &buf), -ROOTFS_ENOTREG);
	ck_assert_str_eq(rootfs_strerror(-ROOTFS_ENOTREG), "not a regular file");
	rootfs_close(root);
	close(s);
}
END_TEST

START_TEST(device_nodes_are_never_opened)
{
	if (geteuid() != 0) {
		fprintf(stderr, "device_nodes_are_never_opened: skipped, mknod needs root\n");
		return;
	}
	tu_mkdirs(root_dir, "dev");
	char dev[4096];
	snprintf(dev, sizeof dev, "%s/dev/zero", root_dir);
	if (mknod(dev, S_IFCHR | 0666, makedev(1, 5)) != 0) {
		fprintf(stderr, "device_nodes_are_never_opened: skipped, mknod: %s\n", strerror(errno));
		return;
	}
	/* /dev/zero would read forever; a symlink to it resolves to ROOT/dev/zero */
	tu_symlink(root_dir, "etc/passwd", "/dev/zero");
	tu_symlink(root_dir, "etc/shadow", "../dev/zero");
	struct rootfs *root = open_root(root_dir, _i);
	struct file_buf buf;
	ck_assert_int_eq(rootfs_read_file(root, "/etc/passwd", 1 << 20, &buf), -ROOTFS_ENOTREG);
	ck_assert_int_eq(rootfs_read_file(root, "/etc/shadow", 1 << 20, &buf), -ROOTFS_ENOTREG);
	struct stat st;
	ck_assert_int_eq(rootfs_stat(root, "/etc/passwd", &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	rootfs_close(root);
}
END_TEST

START_TEST(size_bound_is_enforced_on_sparse_files)
{
	char big[4096];
	tu_write(root_dir, "var/log/huge", "");
	snprintf(big, sizeof big, "%s/var/log/huge", root_dir);
	ck_assert_int_eq(truncate(big, 8LL << 30), 0);
	tu_write(root_dir, "etc/small", "0123456789");
	struct rootfs *root = open_root(root_dir, _i);
	struct file_buf buf;
	double t0 = now_s();
	ck_assert_int_eq(rootfs_read_file(root, "/var/log/huge", 1 << 20, &buf), -ROOTFS_ETOOLARGE);
	ck_assert(now_s() - t0 < 2.0);
	ck_assert_ptr_null(buf.data);
	ck_assert_int_eq(rootfs_read_file(root, "/etc/small", 9, &buf), -ROOTFS_ETOOLARGE);
	ck_assert_int_eq(rootfs_read_file(root, "/etc/small", 10, &buf), 0);
	ck_assert_uint_eq(buf.len, 10);
	file_buf_free(&buf);
	rootfs_close(root);
}
END_TEST

START_TEST(unreadable_file_says_run_as_root)
{
	tu_write(root_dir, "etc/shadow", "root:*:1::::::\n");
	char path[4096];
	snprintf(path, sizeof path, "%s/etc/shadow", root_dir);
	chmod(path, 0);
	ck_assert_str_eq(rootfs_strerror(-EACCES), "permission denied (run as root)");
	if (geteuid() == 0) {
		/* root reads a mode-0 file; the unprivileged case runs in test_hostile_input.py */
		struct rootfs *root = open_root(root_dir, _i);
		struct file_buf buf;
		ck_assert_int_eq(rootfs_read_file(root, "/etc/shadow", 100, &buf), 0);
		file_buf_free(&buf);
		rootfs_close(root);
		return;
	}
	struct rootfs *root = open_root(root_dir, _i);
	struct file_buf buf;
	ck_assert_int_eq(rootfs_read_file(root, "/etc/shadow", 100, &buf), -EACCES);
	rootfs_close(root);
}
END_TEST

START_TEST(lines_crlf_nul_and_overlong)
{
	static const char data[] = "a\r\nb\0hidden\nccccccccccccccccccccc\nlast";
	struct file_buf buf = { (char *)data, sizeof data - 1 };
	struct line_iter it;
	char line[8];
	bool trunc;
	line_iter_init(&it, &buf);
	ck_assert_str_eq(line_iter_next(&it, line, sizeof line, &trunc), "a");
	ck_assert(!trunc);
	ck_assert_str_eq(line_iter_next(&it, line, sizeof line, &trunc), "b");
	ck_assert_str_eq(line_iter_next(&it, line, sizeof line, &trunc), "ccccccc");
	ck_assert(trunc);
	ck_assert_str_eq(line_iter_next(&it, line, sizeof line, &trunc), "last");
	ck_assert_uint_eq(it.lineno, 4);
	ck_assert_ptr_null(line_iter_next(&it, line, sizeof line, &trunc));
}
END_TEST

/* --- sandbox ------------------------------------------------------------------------------ */

/* Runs in a forked child: Landlock applies to the calling process for good. */
static int sandboxed_child(const char *outdir, const char *outside_file, const char *outside_dir)
{
	struct sandbox_status st;
	sandbox_enter(outdir, &st);
	if (!st.active) {
		fprintf(stderr, "sandbox not active: %s\n", st.reason);
		return 77;
	}
	char path[8192];
	/* writes outside the output directory fail with EACCES */
	if (open(outside_file, O_WRONLY) >= 0 || errno != EACCES)
		return 10;
	if (open(outside_file, O_RDONLY | O_TRUNC) >= 0 || errno != EACCES)
		return 11;
	snprintf(path, sizeof path, "%s/new", outside_dir);
	if (open(path, O_WRONLY | O_CREAT, 0600) >= 0 || errno != EACCES)
		return 12;
	if (unlink(outside_file) == 0 || errno != EACCES)
		return 13;
	snprintf(path, sizeof path, "%s/newdir", outside_dir);
	if (mkdir(path, 0700) == 0 || errno != EACCES)
		return 14;
	if (symlink("/etc/passwd", path) == 0 || errno != EACCES)
		return 15;
	if (mkfifo(path, 0600) == 0 || errno != EACCES)
		return 16;
	/* reading stays allowed: kensa must read the audited system */
	int fd = open(outside_file, O_RDONLY);
	if (fd < 0)
		return 17;
	close(fd);
	/* nothing may be executed, not even from the output directory */
	char *argv[] = { "true", NULL };
	execv("/bin/true", argv);
	if (errno != EACCES)
		return 18;
	/* the output directory itself: a temporary file renamed into place */
	snprintf(path, sizeof path, "%s/.report.tmp", outdir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || write(fd, "{}\n", 3) != 3)
		return 19;
	close(fd);
	char final[8192];
	snprintf(final, sizeof final, "%s/report.json", outdir);
	if (rename(path, final) != 0)
		return 20;
	return 0;
}

START_TEST(sandbox_allows_writes_only_in_the_output_dir)
{
	tu_write(root_dir, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
	tu_mkdirs(canary_dir, "out");
	char outdir[4096], outside[4096];
	snprintf(outdir, sizeof outdir, "%s/out", canary_dir);
	snprintf(outside, sizeof outside, "%s/etc/passwd", root_dir);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(sandboxed_child(outdir, outside, root_dir));
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77) {
		fprintf(stderr, "sandbox test skipped: Landlock is not available here\n");
		return;
	}
	ck_assert_msg(WEXITSTATUS(status) == 0, "sandboxed child failed at step %d",
		      WEXITSTATUS(status));
	char final[8192];
	snprintf(final, sizeof final, "%s/report.json", outdir);
	ck_assert_int_eq(access(final, F_OK), 0);
	ck_assert_int_eq(access(outside, F_OK), 0); /* the unlink was refused */
}
END_TEST

START_TEST(sandbox_without_output_dir_denies_all_writes)
{
	char file[4096];
	tu_write(canary_dir, "w", "x");
	snprintf(file, sizeof file, "%s/w", canary_dir);
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct sandbox_status st;
		sandbox_enter(NULL, &st);
		if (!st.active)
			_exit(77);
		_exit(open(file, O_WRONLY | O_APPEND) < 0 && errno == EACCES ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	ck_assert(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		fprintf(stderr, "sandbox test skipped: Landlock is not available here\n");
	else
		ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* The sandboxed audit as main.c runs it: the report's temporary file opened first, the broker
 * forked, then the child's sandbox as main.c enters it (broker_sandbox_child). Nothing but the report may appear: not a
 * sibling, not a file in a subdirectory, not in an /etc-like directory, not even through a
 * rename of the temporary file itself; the broker alone puts the report in place. */
static int brokered_child(struct broker *b, struct output *out, const char *outdir,
			  const char *etcdir)
{
	struct sandbox_status st;
	broker_sandbox_child(&st);
	if (!st.active)
		return 77;
	char path[8192];
	snprintf(path, sizeof path, "%s/sibling", outdir);
	if (open(path, O_WRONLY | O_CREAT, 0600) >= 0 || errno != EACCES)
		return 10;
	if (open(path, O_RDONLY | O_CREAT, 0600) >= 0 || errno != EACCES)
		return 11;
	snprintf(path, sizeof path, "%s/sub/anything", outdir);
	if (open(path, O_WRONLY | O_CREAT, 0600) >= 0 || errno != EACCES)
		return 12;
	snprintf(path, sizeof path, "%s/sub/dir", outdir);
	if (mkdir(path, 0700) == 0 || errno != EACCES)
		return 13;
	snprintf(path, sizeof path, "%s/new", etcdir);
	if (open(path, O_WRONLY | O_CREAT, 0600) >= 0 || errno != EACCES)
		return 14;
	snprintf(path, sizeof path, "%s/passwd", etcdir);
	if (unlink(path) == 0 || errno != EACCES)
		return 15;
	if (open(path, O_WRONLY) >= 0 || errno != EACCES)
		return 16;
	snprintf(path, sizeof path, "%s/renamed", outdir);
	if (rename(out->tmp_path, path) == 0 || errno != EACCES)
		return 17;
	if (unlink(out->tmp_path) == 0 || errno != EACCES)
		return 18;
	/* the broker refuses what it was not told to expect */
	if (broker_remove(b, out->broker_index, "kensa-x.json") != EINVAL)
		return 19;
	if (broker_commit(b, 7, "r.txt") != EINVAL)
		return 20;
	/* the report itself, through the descriptor opened before the sandbox */
	fputs("the report\n", out->fp);
	char err[512];
	if (output_commit(out, 0, err, sizeof err) != 0)
		return 21;
	if (broker_commit(b, out->broker_index, NULL) != EINVAL) /* only once */
		return 22;
	broker_free(b);
	return 0;
}

START_TEST(sandboxed_audit_writes_only_its_report)
{
	tu_mkdirs(canary_dir, "out/sub");
	tu_write(canary_dir, "etc/passwd", "root:x:0:0::/root:/bin/sh\n");
	char outdir[4096], etcdir[4096], path[8192], err[512];
	snprintf(outdir, sizeof outdir, "%s/out", canary_dir);
	snprintf(etcdir, sizeof etcdir, "%s/etc", canary_dir);
	snprintf(path, sizeof path, "%s/r.txt", outdir);
	pid_t pid = fork(); /* the test process plays kensa's caller: it sees the exit status */
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct output out;
		struct broker b;
		if (output_open(&out, path, root_dir, err, sizeof err) != 0)
			_exit(2);
		broker_init(&b);
		output_use_broker(&out, &b, NULL);
		int status;
		int forked = broker_start(&b, &status);
		if (forked == 0)
			_exit(brokered_child(&b, &out, outdir, etcdir));
		_exit(forked == 1 ? status : 3);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77) {
		fprintf(stderr, "sandbox test skipped: Landlock is not available here\n");
		return;
	}
	ck_assert_msg(WEXITSTATUS(status) == 0, "sandboxed child failed at step %d",
		      WEXITSTATUS(status));
	FILE *f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	char line[64];
	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	fclose(f);
	ck_assert_str_eq(line, "the report\n");
	/* exactly the report and the subdirectory, both empty of anything else */
	const char *dirs[] = { outdir, etcdir };
	int expected[] = { 2, 2 }; /* r.txt and sub; passwd and shadow */
	for (int k = 0; k < 2; k++) {
		DIR *d = opendir(dirs[k]);
		struct dirent *e;
		int entries = 0;
		while ((e = readdir(d)))
			entries += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
		closedir(d);
		ck_assert_int_eq(entries, expected[k]);
	}
	snprintf(path, sizeof path, "%s/sub/anything", outdir);
	ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

/* The kind of file system under an fd, and rootfs refusing a pseudo one unless allowed: a
 * root directory that is procfs itself stands for an image with /proc mounted inside. */
START_TEST(pseudo_file_systems_are_refused_unless_allowed)
{
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	const char *type = NULL;
	ck_assert_int_eq(platform_fd_on_pseudo_fs(fd, &type), PLATFORM_FS_PSEUDO);
	ck_assert_str_eq(type, "proc");
	close(fd);
	fd = open("/sys/kernel", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		ck_assert_int_eq(platform_fd_on_pseudo_fs(fd, &type), PLATFORM_FS_PSEUDO);
		ck_assert_str_eq(type, "sysfs");
		close(fd);
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/etc/passwd", canary_dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_ne(platform_fd_on_pseudo_fs(fd, NULL), PLATFORM_FS_PSEUDO);
	close(fd);
	for (int mode = 0; mode < 2; mode++) {
		struct rootfs *root = open_root("/proc", mode);
		struct file_buf buf;
		struct stat st;
		DIR *d;
		ck_assert_int_eq(rootfs_read_file(root, "/self/environ", 1 << 20, &buf), -ROOTFS_EPSEUDOFS);
		ck_assert_int_eq(rootfs_read_file(root, "/self/status", 1 << 20, &buf), -ROOTFS_EPSEUDOFS);
		ck_assert_int_eq(rootfs_stat(root, "/self/status", &st), -ROOTFS_EPSEUDOFS);
		ck_assert_int_eq(rootfs_open_dir(root, "/self", &d), -ROOTFS_EPSEUDOFS);
		char target[256];
		ck_assert_int_eq(rootfs_readlink(root, "/self/exe", target, sizeof target), -ROOTFS_EPSEUDOFS);
		rootfs_allow_pseudo_fs(root, true); /* a live audit reads its kernel's /proc */
		ck_assert_int_eq(rootfs_read_file(root, "/self/status", 1 << 20, &buf), 0);
		ck_assert_ptr_nonnull(strstr(buf.data, "Name:"));
		file_buf_free(&buf);
		rootfs_close(root);
	}
}
END_TEST

/* --- output ------------------------------------------------------------------------------- */

START_TEST(output_inside_the_root_is_refused)
{
	tu_mkdirs(root_dir, "var/tmp");
	char path[8192], err[512];
	struct output out;
	snprintf(path, sizeof path, "%s/var/tmp/report.json", root_dir);
	ck_assert_int_eq(output_open(&out, path, root_dir, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "inside the audited root"));
	/* through a symlinked directory outside the root */
	char link[4096];
	snprintf(link, sizeof link, "%s/into-root", canary_dir);
	ck_assert_int_eq(symlink(root_dir, link), 0);
	snprintf(path, sizeof path, "%s/var/tmp/report.json", link);
	ck_assert_int_eq(output_open(&out, path, root_dir, err, sizeof err), -1);
	/* through ".." */
	snprintf(path, sizeof path, "%s/etc/../..%s/var/report.json", canary_dir, root_dir);
	tu_mkdirs(root_dir, "var");
	ck_assert_int_eq(output_open(&out, path, root_dir, err, sizeof err), -1);
	/* the root itself, and "." / ".." as the file name */
	snprintf(path, sizeof path, "%s/report.json", root_dir);
	ck_assert_int_eq(output_open(&out, path, root_dir, err, sizeof err), -1);
	snprintf(path, sizeof path, "%s/..", canary_dir);
	ck_assert_int_eq(output_open(&out, path, root_dir, err, sizeof err), -1);
	/* nothing was created anywhere inside the root */
	snprintf(path, sizeof path, "%s/var/tmp", root_dir);
	DIR *d = opendir(path);
	struct dirent *e;
	int entries = 0;
	while ((e = readdir(d)))
		entries += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	ck_assert_int_eq(entries, 0);
}
END_TEST

START_TEST(output_is_written_atomically_mode_0600)
{
	char path[8192], err[512], hardlink[4096];
	snprintf(path, sizeof path, "%s/report.json", canary_dir);
	snprintf(hardlink, sizeof hardlink, "%s/old.json", canary_dir);
	tu_write(canary_dir, "report.json", "old report\n");
	ck_assert_int_eq(link(path, hardlink), 0);
	mode_t old_umask = umask(0);
	struct output out;
	ck_assert_int_eq(output_open(&out, path, root_dir, err, sizeof err), 0);
	umask(old_umask);
	/* the report goes to a temporary file in the same directory... */
	ck_assert_ptr_nonnull(strstr(out.tmp_path, canary_dir));
	struct stat st;
	ck_assert_int_eq(stat(out.tmp_path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	fputs("new report\n", out.fp);
	char *tmp = strdup(out.tmp_path);
	ck_assert_int_eq(output_commit(&out, 0, err, sizeof err), 0);
	/* ...renamed over the old one: the old inode was never rewritten */
	ck_assert_int_eq(access(tmp, F_OK), -1);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	FILE *f = fopen(hardlink, "r");
	char line[64];
	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	fclose(f);
	ck_assert_str_eq(line, "old report\n");
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	fclose(f);
	ck_assert_str_eq(line, "new report\n");
	free(tmp);

	/* a failed report removes the temporary file and leaves the old one */
	ck_assert_int_eq(output_open(&out, path, root_dir, err, sizeof err), 0);
	tmp = strdup(out.tmp_path);
	ck_assert_int_eq(output_commit(&out, -1, err, sizeof err), -1);
	ck_assert_int_eq(access(tmp, F_OK), -1);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	fclose(f);
	ck_assert_str_eq(line, "new report\n");
	free(tmp);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rootfs");
	TCase *tc = tcase_create("confinement");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, reads_follow_links_inside_the_root, 0, 2);
	tcase_add_loop_test(tc, absolute_and_relative_links_to_the_host_stay_inside, 0, 2);
	tcase_add_loop_test(tc, dotdot_chains_clamp_at_the_root, 0, 2);
	tcase_add_loop_test(tc, symlink_loops_end_with_eloop, 0, 2);
	tcase_add_loop_test(tc, magic_links_are_never_followed, 0, 2);
	tcase_add_test(tc, symlinked_root_is_refused);
	tcase_add_test(tc, pseudo_file_systems_are_refused_unless_allowed);
	suite_add_tcase(s, tc);
	tc = tcase_create("special-files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, fifo_is_refused_without_opening_it, 0, 2);
	tcase_add_loop_test(tc, directory_and_socket_are_not_regular, 0, 2);
	tcase_add_loop_test(tc, device_nodes_are_never_opened, 0, 2);
	tcase_add_loop_test(tc, size_bound_is_enforced_on_sparse_files, 0, 2);
	tcase_add_loop_test(tc, unreadable_file_says_run_as_root, 0, 2);
	tcase_add_test(tc, lines_crlf_nul_and_overlong);
	suite_add_tcase(s, tc);
	tc = tcase_create("sandbox-output");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sandbox_allows_writes_only_in_the_output_dir);
	tcase_add_test(tc, sandbox_without_output_dir_denies_all_writes);
	tcase_add_test(tc, sandboxed_audit_writes_only_its_report);
	tcase_add_test(tc, output_inside_the_root_is_refused);
	tcase_add_test(tc, output_is_written_atomically_mode_0600);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
