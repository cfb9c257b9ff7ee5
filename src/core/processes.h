/* The running processes of a live host, from ROOT/proc: pid, command name, real uid and the
 * systemd service their cgroup belongs to. None of it needs ptrace access, so it can be read
 * inside the sandbox (services.unneeded: running services; logs.collection: running log
 * collectors). */
#ifndef KENSA_PROCESSES_H
#define KENSA_PROCESSES_H
#include <stdbool.h>
#include <stddef.h>

struct rootfs;

struct process {
	long pid;
	char comm[64];
	long uid;       /* real uid from /proc/PID/status; -1 when unknown */
	char unit[256]; /* the systemd service its cgroup belongs to, "" if none */
};

/* Every process under ROOT/proc, sorted by pid (*out may be NULL when there is none). 0, or the
 * negative errno of listing /proc itself. Processes that exit meanwhile are left out. */
int processes_collect(const struct rootfs *root, struct process **out, size_t *n);

/* The process with this pid in a sorted list, or NULL. */
const struct process *processes_find_pid(const struct process *v, size_t n, long pid);

/* The first process that runs as the service: its cgroup is unit; or, where it is in no
 * systemd service (SysV init, no systemd), its command name is comm and it runs as root (a user
 * cannot put a process into a system service's cgroup, but can name one anything). NULL when
 * none runs. */
const struct process *processes_find_service(const struct process *v, size_t n, const char *unit,
					     const char *comm);

#endif
