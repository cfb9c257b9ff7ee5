/* Running processes from /proc (processes.h). */
#include "processes.h"
#include "rootfs.h"
#include "xalloc.h"
#include "../parsers/proc_net.h"
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PROC_SMALL 65536

static int cmp_pid(const void *a, const void *b)
{
	const struct process *x = a, *y = b;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* "Uid:\t0\t0\t0\t0" -> 0 (the real uid). */
static long status_uid(const char *text)
{
	const char *p = strstr(text, "\nUid:");
	if (!p && !strncmp(text, "Uid:", 4))
		p = text - 1;
	if (!p)
		return -1;
	p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	char *end;
	long uid = strtol(p, &end, 10);
	return end == p ? -1 : uid;
}

int processes_collect(const struct rootfs *root, struct process **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	DIR *d;
	int rc = rootfs_open_dir(root, "/proc", &d);
	if (rc < 0)
		return rc;
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!all_digits(de->d_name))
			continue;
		struct process p;
		memset(&p, 0, sizeof p);
		p.pid = strtol(de->d_name, NULL, 10);
		p.uid = -1;
		char path[64];
		struct file_buf buf;
		snprintf(path, sizeof path, "/proc/%ld/comm", p.pid);
		if (rootfs_read_file(root, path, MAX_PROC_SMALL, &buf) != 0)
			continue; /* exited meanwhile */
		snprintf(p.comm, sizeof p.comm, "%.*s", (int)strcspn(buf.data, "\n"), buf.data);
		file_buf_free(&buf);
		snprintf(path, sizeof path, "/proc/%ld/cgroup", p.pid);
		if (rootfs_read_file(root, path, MAX_PROC_SMALL, &buf) == 0) {
			proc_cgroup_service(buf.data, p.unit, sizeof p.unit);
			file_buf_free(&buf);
		}
		snprintf(path, sizeof path, "/proc/%ld/status", p.pid);
		if (rootfs_read_file(root, path, MAX_PROC_SMALL, &buf) == 0) {
			p.uid = status_uid(buf.data);
			file_buf_free(&buf);
		}
		XGROW(*out, *n_out, cap, *n_out + 1);
		(*out)[(*n_out)++] = p;
	}
	closedir(d);
	if (*n_out > 1)
		qsort(*out, *n_out, sizeof **out, cmp_pid);
	return 0;
}

const struct process *processes_find_pid(const struct process *v, size_t n, long pid)
{
	struct process key = { .pid = pid };
	return n ? bsearch(&key, v, n, sizeof *v, cmp_pid) : NULL;
}

const struct process *processes_find_service(const struct process *v, size_t n, const char *unit,
					     const char *comm)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].unit, unit))
			return &v[i];
	for (size_t i = 0; comm && i < n; i++)
		if (!v[i].unit[0] && v[i].uid == 0 && !strcmp(v[i].comm, comm))
			return &v[i];
	return NULL;
}
