/* Which process holds each socket, read from /proc/PID/fd/N -> "socket:[INODE]" as ss -p does.
 * Collected by main.c on the live host before the sandbox closes: reading another process's
 * descriptor links needs ptrace access, which Landlock denies to a sandboxed process. */
#ifndef KENSA_SOCKET_OWNERS_H
#define KENSA_SOCKET_OWNERS_H
#include <stddef.h>

struct rootfs;

struct socket_owner {
	unsigned long long inode;
	long pid;
};

struct socket_owners {
	struct socket_owner *v; /* sorted by inode, then pid */
	size_t n;
	size_t n_processes;
	size_t unreadable; /* processes whose fd directory could not be read (not root) */
	int err;           /* negative errno when /proc itself could not be listed */
};

struct socket_owners *socket_owners_collect(const struct rootfs *root);
/* The lowest pid holding the socket (usually the parent of forked workers), or 0. */
long socket_owners_find(const struct socket_owners *s, unsigned long long inode);
void socket_owners_free(struct socket_owners *s);

#endif
