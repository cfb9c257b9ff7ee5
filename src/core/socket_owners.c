/* Socket inode -> pid map from /proc (see socket_owners.h). The fd entries are magic links:
 * they are read with readlinkat() on the fd directory opened inside the root, never opened or
 * followed. Sorting makes each later lookup O(log n). */
#include "socket_owners.h"
#include "rootfs.h"
#include "xalloc.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static int cmp_owner(const void *a, const void *b)
{
	const struct socket_owner *x = a, *y = b;
	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

struct socket_owners *socket_owners_collect(const struct rootfs *root)
{
	struct socket_owners *s = xcalloc(1, sizeof *s);
	DIR *proc;
	int rc = rootfs_open_dir(root, "/proc", &proc);
	if (rc < 0) {
		s->err = rc;
		return s;
	}
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(proc))) {
		if (!all_digits(de->d_name))
			continue;
		s->n_processes++;
		long pid = strtol(de->d_name, NULL, 10);
		char path[64];
		snprintf(path, sizeof path, "/proc/%ld/fd", pid);
		DIR *fds;
		rc = rootfs_open_dir(root, path, &fds);
		if (rc < 0) {
			s->unreadable += rc == -EACCES || rc == -EPERM;
			continue; /* or it exited meanwhile */
		}
		struct dirent *fe;
		bool denied = false;
		while ((fe = readdir(fds))) {
			if (!all_digits(fe->d_name))
				continue;
			char target[64];
			ssize_t k = readlinkat(dirfd(fds), fe->d_name, target, sizeof target - 1);
			if (k <= 0) {
				denied |= k < 0 && (errno == EACCES || errno == EPERM);
				continue;
			}
			target[k] = '\0';
			unsigned long long inode;
			char end;
			if (sscanf(target, "socket:[%llu%c", &inode, &end) != 2 || end != ']')
				continue;
			XGROW(s->v, s->n, cap, s->n + 1);
			s->v[s->n].inode = inode;
			s->v[s->n].pid = pid;
			s->n++;
		}
		s->unreadable += denied;
		closedir(fds);
	}
	closedir(proc);
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, cmp_owner);
	return s;
}

long socket_owners_find(const struct socket_owners *s, unsigned long long inode)
{
	if (!s)
		return 0;
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->v[mid].inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->v[lo].inode == inode ? s->v[lo].pid : 0;
}

void socket_owners_free(struct socket_owners *s)
{
	if (!s)
		return;
	free(s->v);
	free(s);
}
