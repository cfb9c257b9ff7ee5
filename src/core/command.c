/* Running a program with a fixed argv (command.h): posix_spawn, two pipes read with poll() up to
 * a bound and a deadline. POSIX only, so it builds on Cygwin as on Linux. */
#include "command.h"
#include "i18n.h"
#include "xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define ERR_MAX 4096

int command_path_in_root(const char *path, const char *root)
{
	char rp[PATH_MAX], rr[PATH_MAX];
	if (!realpath(root, rr))
		return -errno;
	if (strcmp(rr, "/") == 0)
		return 0;
	if (!realpath(path, rp))
		return -errno;
	size_t n = strlen(rr);
	return strncmp(rp, rr, n) == 0 && (rp[n] == '/' || rp[n] == '\0');
}

void command_output_free(struct command_output *out)
{
	free(out->data);
	free(out->err);
	memset(out, 0, sizeof *out);
}

void command_describe(const char *const *argv, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; argv[i] && used + 1 < len; i++) {
		const char *a = argv[i];
		if (i == 0) {
			const char *slash = strrchr(a, '/');
			a = slash ? slash + 1 : a;
		}
		int n = strlen(a) > 60 ? msg_snprintf(buf + used, len - used, "%s%.57s...", i ? " " : "", a)
				       : msg_snprintf(buf + used, len - used, "%s%s", i ? " " : "", a);
		if (n < 0)
			break;
		used += (size_t)n < len - used ? (size_t)n : len - used - 1;
	}
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cloexec_pipe(int fds[2])
{
	if (pipe(fds) != 0)
		return -errno;
	for (int i = 0; i < 2; i++)
		if (fcntl(fds[i], F_SETFD, FD_CLOEXEC) != 0) {
			int e = errno;
			close(fds[0]);
			close(fds[1]);
			return -e;
		}
	return 0;
}

/* Append up to the bound; returns false once more than max arrived. */
static bool take(char **buf, size_t *len, size_t *cap, const char *chunk, size_t n, size_t max)
{
	bool fits = *len + n <= max;
	size_t keep = fits ? n : max - *len;
	if (*len + keep + 1 > *cap) {
		size_t want = *cap ? *cap : 4096;
		while (want < *len + keep + 1)
			want *= 2;
		*buf = xrealloc(*buf, want);
		*cap = want;
	}
	memcpy(*buf + *len, chunk, keep);
	*len += keep;
	(*buf)[*len] = '\0';
	return fits;
}

int command_run(const char *const *argv, char *const *envp, const char *forbidden_root,
		size_t max_bytes, unsigned timeout_ms, struct command_output *out, char *why,
		size_t whylen)
{
	memset(out, 0, sizeof *out);
	const char *prog = argv[0];
	if (!prog || prog[0] != '/') {
		msg_snprintf(why, whylen, _("'%s' is not an absolute path"), prog ? prog : "");
		return -EINVAL;
	}
	if (forbidden_root) {
		int in = command_path_in_root(prog, forbidden_root);
		if (in < 0) {
			msg_snprintf(why, whylen, "%s: %s", prog, kensa_strerror(-in));
			return in;
		}
		if (in) {
			msg_snprintf(why, whylen, _("%s lies inside the audited root %s: refused"), prog,
				 forbidden_root);
			return -EPERM;
		}
	}
	if (access(prog, X_OK) != 0) {
		int e = errno;
		msg_snprintf(why, whylen, "%s: %s", prog, kensa_strerror(e));
		return -e;
	}
	int po[2], pe[2], rc;
	if ((rc = cloexec_pipe(po)) < 0) {
		msg_snprintf(why, whylen, "pipe: %s", kensa_strerror(-rc));
		return rc;
	}
	if ((rc = cloexec_pipe(pe)) < 0) {
		close(po[0]);
		close(po[1]);
		msg_snprintf(why, whylen, "pipe: %s", kensa_strerror(-rc));
		return rc;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	pid_t pid;
	rc = posix_spawn(&pid, prog, &fa, NULL, (char *const *)argv, envp ? envp : environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		msg_snprintf(why, whylen, "%s: %s", prog, kensa_strerror(rc));
		return -rc;
	}

	size_t cap = 0, ecap = 0;
	out->data = xmalloc(1);
	out->data[0] = '\0';
	cap = 1;
	out->err = xmalloc(1);
	out->err[0] = '\0';
	ecap = 1;
	struct pollfd fds[2] = { { .fd = po[0], .events = POLLIN }, { .fd = pe[0], .events = POLLIN } };
	long long deadline = now_ms() + timeout_ms;
	int open_fds = 2;
	char chunk[8192];
	while (open_fds > 0) {
		long long left = deadline - now_ms();
		if (left <= 0) {
			out->timed_out = true;
			break;
		}
		int n = poll(fds, 2, left > INT_MAX ? INT_MAX : (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t got = read(fds[i].fd, chunk, sizeof chunk);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0) {
				if (!take(&out->data, &out->len, &cap, chunk, (size_t)got, max_bytes)) {
					out->truncated = true;
					open_fds = -1;
					break;
				}
			} else {
				take(&out->err, &out->err_len, &ecap, chunk, (size_t)got, ERR_MAX);
			}
		}
	}
	if (out->timed_out || out->truncated)
		kill(pid, SIGKILL);
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	/* Both pipes closed does not mean the child ended: wait for it up to the deadline too. */
	int status = 0;
	pid_t w;
	while ((w = waitpid(pid, &status, WNOHANG)) == 0 && now_ms() < deadline) {
		struct timespec pause = { 0, 10 * 1000000 };
		nanosleep(&pause, NULL);
	}
	if (w == 0) {
		out->timed_out = true;
		kill(pid, SIGKILL);
	}
	if (w <= 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	out->exit_status = WIFEXITED(status) ? WEXITSTATUS(status)
			 : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 255;
	return 0;
}
