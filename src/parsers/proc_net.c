/* /proc/net/{tcp,udp}[6] parsing (see proc_net.h). Format of a line, after a header line:
 * "  sl: LOCAL:PORT REMOTE:PORT ST TXQ:RXQ TR:WHEN RETRNSMT UID TIMEOUT INODE ..." */
#include "proc_net.h"
#include "parse_util.h"
#include "../core/xalloc.h"
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* n hex digits -> value; -1 on a non-hex digit. */
static int parse_hex(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = hexval(s[i]);
		if (d < 0)
			return -1;
		v = (v << 4) | (uint32_t)d;
	}
	*out = v;
	return 0;
}

/* "0100007F:1538" (IPv4, 8 hex digits) or 32 hex digits for IPv6. */
static int parse_endpoint(const char *tok, int family, unsigned char addr[16], unsigned *port)
{
	size_t words = family == AF_INET6 ? 4 : 1;
	size_t len = strlen(tok);
	if (len != words * 8 + 5 || tok[words * 8] != ':')
		return -1;
	memset(addr, 0, 16);
	for (size_t i = 0; i < words; i++) {
		uint32_t w;
		if (parse_hex(tok + i * 8, 8, &w) != 0)
			return -1;
		memcpy(addr + i * 4, &w, 4); /* the kernel printed the in-memory word */
	}
	uint32_t p;
	if (parse_hex(tok + words * 8 + 1, 4, &p) != 0)
		return -1;
	*port = p;
	return 0;
}

static int parse_ulong(const char *s, int base, unsigned long long *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, base);
	if (errno || end == s || *end || *s == '-')
		return -1;
	*out = v;
	return 0;
}

static int parse_line(char *line, int family, struct proc_net_socket *s)
{
	char *words[12];
	int n = 0;
	char *save = NULL;
	for (char *w = strtok_r(line, " \t", &save); w && n < 12; w = strtok_r(NULL, " \t", &save))
		words[n++] = w;
	if (n < 10)
		return -1;
	size_t sl = strlen(words[0]);
	if (sl < 2 || words[0][sl - 1] != ':')
		return -1;
	memset(s, 0, sizeof *s);
	s->family = family;
	if (parse_endpoint(words[1], family, s->local, &s->local_port) != 0 ||
	    parse_endpoint(words[2], family, s->remote, &s->remote_port) != 0)
		return -1;
	unsigned long long state, uid, inode;
	if (strlen(words[3]) != 2 || parse_ulong(words[3], 16, &state) != 0 ||
	    parse_ulong(words[7], 10, &uid) != 0 || parse_ulong(words[9], 10, &inode) != 0)
		return -1;
	s->state = (unsigned)state;
	s->uid = (unsigned long)uid;
	s->inode = inode;
	return 0;
}

void proc_net_parse(const char *buf, size_t len, int family, struct proc_net_table *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = 0, pos = 0;
	unsigned lineno = 0;
	char line[512];
	const char *start;
	size_t n;
	while (parse_next_line(buf, len, &pos, &start, &n)) {
		lineno++;
		if (lineno == 1)
			continue; /* "  sl  local_address rem_address   st ..." */
		bool blank = true;
		for (size_t i = 0; i < n; i++)
			if (start[i] != ' ' && start[i] != '\t' && start[i] != '\r') {
				blank = false;
				break;
			}
		if (blank)
			continue;
		struct proc_net_socket s;
		bool ok = n < sizeof line && !memchr(start, '\0', n);
		if (ok) {
			memcpy(line, start, n);
			line[n] = '\0';
			ok = parse_line(line, family, &s) == 0;
		}
		if (!ok) {
			if (out->n_bad++ == 0)
				out->first_bad_line = lineno;
			continue;
		}
		s.line = lineno;
		XGROW(out->sockets, out->n, cap, out->n + 1);
		out->sockets[out->n++] = s;
	}
}

void proc_net_table_free(struct proc_net_table *t)
{
	free(t->sockets);
	memset(t, 0, sizeof *t);
}

bool proc_net_is_loopback(const struct proc_net_socket *s)
{
	if (s->family == AF_INET)
		return s->local[0] == 127;
	static const unsigned char v6_loopback[16] = { [15] = 1 };
	static const unsigned char v4_mapped[12] = { [10] = 0xff, [11] = 0xff };
	if (memcmp(s->local, v6_loopback, 16) == 0)
		return true;
	return memcmp(s->local, v4_mapped, 12) == 0 && s->local[12] == 127;
}

void proc_net_format_local(const struct proc_net_socket *s, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN];
	if (!inet_ntop(s->family, s->local, addr, sizeof addr))
		snprintf(addr, sizeof addr, "?");
	if (s->family == AF_INET6)
		snprintf(buf, len, "[%s]:%u", addr, s->local_port);
	else
		snprintf(buf, len, "%s:%u", addr, s->local_port);
}

void proc_cgroup_service(const char *text, char *unit, size_t len)
{
	unit[0] = '\0';
	const char *line = text;
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		const char *c1 = memchr(line, ':', n);
		const char *c2 = c1 ? memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - line)) : NULL;
		if (c2) {
			const char *p = c2 + 1, *end = line + n;
			while (p < end) {
				const char *slash = memchr(p, '/', (size_t)(end - p));
				const char *cend = slash ? slash : end;
				size_t cl = (size_t)(cend - p);
				if (cl > 8 && cl < len && memcmp(cend - 8, ".service", 8) == 0) {
					memcpy(unit, p, cl);
					unit[cl] = '\0';
				}
				p = slash ? slash + 1 : end;
			}
			if (unit[0])
				return;
		}
		line = nl ? nl + 1 : NULL;
	}
}
