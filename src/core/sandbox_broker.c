/* The write broker (see sandbox_broker.h): a parent that renames and removes on behalf of its
 * sandboxed child, over a socket pair, one request at a time with a reply, so the child sees
 * each change done before it goes on (the report directory is listed again when pruning). */
#include "sandbox_broker.h"
#include "sandbox.h"
#include "xalloc.h"
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

enum { OP_COMMIT = 1, OP_REMOVE = 2 };

struct request {
	uint32_t op;
	uint32_t index;
	uint32_t len; /* of the name that follows, without a NUL */
};

/* The child to pass a termination signal on to: a signal handler can reach nothing else. */
static volatile pid_t forward_to;
static volatile sig_atomic_t got_signal;

static void forward_signal(int sig)
{
	int saved = errno;
	got_signal = sig;
	if (forward_to > 0)
		kill(forward_to, sig);
	errno = saved;
}

void broker_init(struct broker *b)
{
	memset(b, 0, sizeof *b);
	b->sock = -1;
}

int broker_expect(struct broker *b, const char *tmp_path, const char *final_path, const char *dir)
{
	if (b->n == BROKER_MAX_FILES)
		return -1;
	struct broker_file *f = &b->files[b->n];
	f->tmp_path = xstrdup(tmp_path);
	f->final_path = final_path ? xstrdup(final_path) : NULL;
	f->dir = dir ? xstrdup(dir) : NULL;
	f->committed = false;
	return (int)b->n++;
}

void broker_discard(struct broker *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (!b->files[i].committed)
			unlink(b->files[i].tmp_path);
}

void broker_free(struct broker *b)
{
	if (b->sock >= 0)
		close(b->sock);
	for (size_t i = 0; i < b->n; i++) {
		free(b->files[i].tmp_path);
		free(b->files[i].final_path);
		free(b->files[i].dir);
	}
	broker_init(b);
}

bool broker_active(const struct broker *b)
{
	return b && b->sock >= 0;
}

bool broker_report_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n < 7 || n > NAME_MAX || strncmp(name, "kensa-", 6) != 0 || strchr(name, '/'))
		return false;
	return (n > 5 && strcmp(name + n - 5, ".json") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".txt") == 0);
}

static int full_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* 1 read, 0 at EOF before the first byte, -1 on error or a short message. */
static int full_read(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;
	while (got < len) {
		ssize_t r = read(fd, p + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 && got == 0 ? 0 : -1;
		got += (size_t)r;
	}
	return 1;
}

static int request(const struct broker *b, uint32_t op, int index, const char *name)
{
	struct request rq = { .op = op, .index = (uint32_t)index, .len = name ? (uint32_t)strlen(name) : 0 };
	int32_t reply;
	if (rq.len > NAME_MAX)
		return ENAMETOOLONG;
	if (full_write(b->sock, &rq, sizeof rq) != 0 || (rq.len && full_write(b->sock, name, rq.len) != 0) ||
	    full_read(b->sock, &reply, sizeof reply) != 1)
		return EPIPE;
	return (int)reply;
}

void broker_sandbox_child(struct sandbox_status *st)
{
	sandbox_enter_dirs(NULL, 0, st);
}

int broker_commit(const struct broker *b, int index, const char *name)
{
	return request(b, OP_COMMIT, index, name);
}

int broker_remove(const struct broker *b, int index, const char *name)
{
	return request(b, OP_REMOVE, index, name);
}

/* The parent's side of one request: only what was expected, only names it accepts. */
static int serve(struct broker *b, const struct request *rq, const char *name)
{
	if (rq->index >= b->n)
		return EINVAL;
	struct broker_file *f = &b->files[rq->index];
	if (rq->op == OP_COMMIT) {
		if (f->committed)
			return EINVAL;
		if (f->final_path) {
			/* a node planted at the name while the audit ran is never replaced */
			struct stat st;
			if (lstat(f->final_path, &st) == 0 && !S_ISREG(st.st_mode))
				return EEXIST;
			if (rename(f->tmp_path, f->final_path) != 0)
				return errno;
		} else {
			if (!f->dir || !broker_report_name_ok(name))
				return EINVAL;
			char *path = xasprintf("%s/%s", f->dir, name);
			struct stat st;
			int rc = 0;
			if (lstat(path, &st) == 0)
				rc = EEXIST; /* a report is never overwritten */
			else if (errno != ENOENT)
				rc = errno;
			else if (rename(f->tmp_path, path) != 0)
				rc = errno;
			free(path);
			if (rc)
				return rc;
		}
		f->committed = true;
		return 0;
	}
	if (rq->op == OP_REMOVE) {
		if (f->final_path || !f->dir || !broker_report_name_ok(name))
			return EINVAL;
		char *path = xasprintf("%s/%s", f->dir, name);
		int rc = unlink(path) == 0 ? 0 : errno;
		free(path);
		return rc;
	}
	return EINVAL;
}

static void parent_loop(struct broker *b, int sock)
{
	for (;;) {
		struct request rq;
		char name[NAME_MAX + 1];
		if (full_read(sock, &rq, sizeof rq) != 1 || rq.len > NAME_MAX)
			break;
		if (rq.len && full_read(sock, name, rq.len) != 1)
			break;
		name[rq.len] = '\0';
		if (strlen(name) != rq.len)
			name[0] = '\0'; /* an embedded NUL: no valid name */
		int32_t reply = serve(b, &rq, name);
		if (full_write(sock, &reply, sizeof reply) != 0)
			break;
	}
}

int broker_start(struct broker *b, int *status)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return -1;
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	/* Held until the parent's handlers are in place: a signal in between would end the
	 * parent by default and leave the child's temporary files behind. */
	sigset_t block, saved_mask;
	sigemptyset(&block);
	for (int i = 0; i < 3; i++)
		sigaddset(&block, sigs[i]);
	sigprocmask(SIG_BLOCK, &block, &saved_mask);
	fflush(NULL); /* nothing buffered may be written twice */
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		sigprocmask(SIG_SETMASK, &saved_mask, NULL);
		close(sv[0]);
		close(sv[1]);
		errno = e;
		return -1;
	}
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, &saved_mask, NULL); /* the child dies by them as before */
		close(sv[0]);
		b->sock = sv[1];
		return 0;
	}
	close(sv[1]);
	b->child = pid;
	forward_to = pid;
	struct sigaction sa, old[3];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = forward_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	sigprocmask(SIG_SETMASK, &saved_mask, NULL); /* a signal held meanwhile is passed on now */

	parent_loop(b, sv[0]);
	close(sv[0]);
	int ws = 0;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	forward_to = 0;
	broker_discard(b); /* whatever ended the child, no temporary file outlives the run */
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (WIFEXITED(ws)) {
		*status = WEXITSTATUS(ws);
	} else {
		int sig = WIFSIGNALED(ws) ? WTERMSIG(ws) : SIGKILL;
		if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
			/* die the way the child did, so a shell or systemd sees the signal */
			signal(sig, SIG_DFL);
			raise(sig);
		}
		*status = 128 + sig;
	}
	return 1;
}
