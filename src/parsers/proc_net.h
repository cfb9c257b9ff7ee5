/* The kernel's socket tables /proc/net/{tcp,tcp6,udp,udp6} (net/ipv4/tcp_ipv4.c
 * get_tcp4_sock, net/ipv6/tcp_ipv6.c get_tcp6_sock, net/ipv4/udp.c udp4_format_sock). */
#ifndef KENSA_PROC_NET_H
#define KENSA_PROC_NET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROC_NET_TCP_LISTEN 0x0A /* TCP_LISTEN */
#define PROC_NET_UDP_UNCONN 0x07 /* TCP_CLOSE: an unconnected UDP socket, ss's UNCONN */

struct proc_net_socket {
	int family;                 /* AF_INET or AF_INET6 */
	unsigned char local[16];    /* network byte order; IPv4 uses the first 4 bytes */
	unsigned char remote[16];
	unsigned local_port, remote_port;
	unsigned state;
	unsigned long uid;
	unsigned long long inode;
	unsigned line;
};

struct proc_net_table {
	struct proc_net_socket *sockets;
	size_t n;
	unsigned n_bad, first_bad_line;
};

/* family is AF_INET for tcp/udp, AF_INET6 for tcp6/udp6. The kernel prints each 32-bit word
 * of an address with %08X of its in-memory value, so the words are decoded in this host's
 * byte order: the table must come from this machine (it always does: /proc is live-only). */
void proc_net_parse(const char *buf, size_t len, int family, struct proc_net_table *out);
void proc_net_table_free(struct proc_net_table *t);
/* 127.0.0.0/8, ::1, and ::ffff:127.0.0.0/104. */
bool proc_net_is_loopback(const struct proc_net_socket *s);
/* "0.0.0.0:22", "[::]:22", "[::1]:631". */
void proc_net_format_local(const struct proc_net_socket *s, char *buf, size_t len);

/* /proc/PID/cgroup: "0::/system.slice/avahi-daemon.service" (v2) or
 * "1:name=systemd:/system.slice/..." (v1) -> the innermost path component that is a service
 * unit ("avahi-daemon.service"), or "" when the process is in none (a scope, the root). */
void proc_cgroup_service(const char *text, char *unit, size_t len);

#endif
