/* VPN configuration files (see vpn_conf.h): where each tunnel goes and whether it serves. Key
 * material (OpenVPN inline blocks, WireGuard PrivateKey/PresharedKey, ipsec/swanctl secrets) is
 * never copied: only the directives named below are read. */
#include "vpn_conf.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* One line at a time: *line points at its text (NUL bytes end it), without the newline. */
struct lines {
	const char *p, *end;
	unsigned lineno;
};

static bool next_line(struct lines *l, char *buf, size_t len)
{
	if (l->p >= l->end)
		return false;
	const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
	const char *eol = nl ? nl : l->end;
	const char *nul = memchr(l->p, '\0', (size_t)(eol - l->p));
	size_t n = (size_t)((nul ? nul : eol) - l->p);
	if (n >= len)
		n = len - 1; /* a longer line is cut: only short directives are read */
	memcpy(buf, l->p, n);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\r' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
	l->p = nl ? nl + 1 : l->end;
	l->lineno++;
	return true;
}

static char *skip_ws(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Copy a value for display: printable ASCII only (a hostname, an address, a port). */
static void copy_shown(char *dst, size_t len, const char *src)
{
	size_t n = 0;
	for (; *src && n + 1 < len; src++)
		dst[n++] = (*src >= 0x20 && *src < 0x7f) ? *src : '?';
	dst[n] = '\0';
}

static void add_peer(struct vpn_conf *c, const char *name, const char *remote, unsigned line)
{
	if (c->n_peers == VPN_MAX_PEERS) {
		c->n_more++;
		return;
	}
	struct vpn_peer *p = &c->peers[c->n_peers++];
	copy_shown(p->name, sizeof p->name, name);
	copy_shown(p->remote, sizeof p->remote, remote);
	p->line = line;
}

/* The first word of s (lower-cased into word), and the rest after blanks. */
static char *split_word(char *s, char *word, size_t len)
{
	size_t n = 0;
	while (*s && *s != ' ' && *s != '\t') {
		if (n + 1 < len)
			word[n++] = (char)tolower((unsigned char)*s);
		s++;
	}
	word[n] = '\0';
	return skip_ws(s);
}

void openvpn_conf_parse(const char *buf, size_t len, struct vpn_conf *out)
{
	memset(out, 0, sizeof *out);
	struct lines l = { buf, buf + len, 0 };
	char line[1024], word[64], inline_end[72] = "";
	char port[16] = "", proto[16] = "";
	while (next_line(&l, line, sizeof line)) {
		char *s = skip_ws(line);
		if (inline_end[0]) { /* <key> ... </key>: key material, never read */
			if (!strcasecmp(s, inline_end))
				inline_end[0] = '\0';
			continue;
		}
		if (*s == '<' && s[1] != '/') {
			char *close = strchr(s, '>');
			if (close && close[1] == '\0' && close - s < 60)
				snprintf(inline_end, sizeof inline_end, "</%.*s>", (int)(close - s - 1),
					 s + 1);
			continue;
		}
		if (!*s || *s == '#' || *s == ';')
			continue;
		/* "--remote" on the command line and "remote" in a file are the same option */
		while (*s == '-')
			s++;
		char *rest = split_word(s, word, sizeof word);
		char *hash = strpbrk(rest, "#;");
		if (hash)
			*hash = '\0';
		size_t rl = strlen(rest);
		while (rl && (rest[rl - 1] == ' ' || rest[rl - 1] == '\t'))
			rest[--rl] = '\0';
		if (!strcmp(word, "remote") && *rest)
			add_peer(out, "", rest, l.lineno);
		else if (!strcmp(word, "server") || !strcmp(word, "server-bridge") ||
			 (!strcmp(word, "mode") && !strcasecmp(rest, "server")))
			out->server = true;
		else if ((!strcmp(word, "port") || !strcmp(word, "lport")) && *rest)
			copy_shown(port, sizeof port, rest);
		else if (!strcmp(word, "proto") && *rest)
			copy_shown(proto, sizeof proto, rest);
	}
	if (out->server || port[0])
		snprintf(out->listen, sizeof out->listen, "%s/%s", port[0] ? port : "1194",
			 proto[0] ? proto : "udp");
}

void wireguard_conf_parse(const char *buf, size_t len, struct vpn_conf *out)
{
	memset(out, 0, sizeof *out);
	struct lines l = { buf, buf + len, 0 };
	char line[1024];
	enum { NONE, INTERFACE, PEER } section = NONE;
	while (next_line(&l, line, sizeof line)) {
		char *s = skip_ws(line);
		char *hash = strchr(s, '#');
		if (hash)
			*hash = '\0';
		if (*s == '[') {
			section = !strncasecmp(s, "[Interface]", 11) ? INTERFACE
				  : !strncasecmp(s, "[Peer]", 6)    ? PEER
								    : NONE;
			continue;
		}
		char *eq = strchr(s, '=');
		if (!eq)
			continue;
		char *k = s, *v = skip_ws(eq + 1);
		char *ke = eq;
		while (ke > k && (ke[-1] == ' ' || ke[-1] == '\t'))
			ke--;
		*ke = '\0';
		size_t vl = strlen(v);
		while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
			v[--vl] = '\0';
		if (section == INTERFACE && !strcasecmp(k, "ListenPort") && *v) {
			out->server = true;
			char port[24];
			copy_shown(port, sizeof port, v);
			snprintf(out->listen, sizeof out->listen, "%s/udp", port);
		} else if (section == PEER && !strcasecmp(k, "Endpoint") && *v) {
			add_peer(out, "", v, l.lineno);
		}
	}
}

void ipsec_conf_parse(const char *buf, size_t len, struct vpn_conf *out)
{
	memset(out, 0, sizeof *out);
	struct lines l = { buf, buf + len, 0 };
	char line[1024], word[64], conn[64] = "";
	bool in_conn = false;
	while (next_line(&l, line, sizeof line)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		bool indented = line[0] == ' ' || line[0] == '\t';
		char *s = skip_ws(line);
		if (!*s)
			continue;
		if (!indented) { /* a section header: config setup, conn NAME, ca NAME, include */
			char *rest = split_word(s, word, sizeof word);
			in_conn = !strcmp(word, "conn") && *rest && strcmp(rest, "%default") != 0;
			if (in_conn) {
				copy_shown(conn, sizeof conn, rest);
				out->n_connections++;
			}
			continue;
		}
		if (!in_conn)
			continue;
		char *eq = strchr(s, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char *k = s, *v = skip_ws(eq + 1);
		size_t kl = strlen(k);
		while (kl && (k[kl - 1] == ' ' || k[kl - 1] == '\t'))
			k[--kl] = '\0';
		if (!strcmp(k, "right") && *v) {
			add_peer(out, conn, v, l.lineno);
			if (!strcmp(v, "%any") || !strncmp(v, "%any", 4))
				out->server = true;
		}
	}
}

void swanctl_conf_parse(const char *buf, size_t len, struct vpn_conf *out)
{
	memset(out, 0, sizeof *out);
	struct lines l = { buf, buf + len, 0 };
	char line[1024];
	/* the names of the open blocks: connections { NAME { remote_addrs = ... } } */
	char stack[8][64];
	int depth = 0;
	while (next_line(&l, line, sizeof line)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = skip_ws(line);
		while (*s) {
			if (*s == '}') {
				if (depth > 0)
					depth--;
				s = skip_ws(s + 1);
				continue;
			}
			char *brace = strchr(s, '{');
			char *eq = strchr(s, '=');
			if (brace && (!eq || brace < eq)) {
				char name[64];
				size_t n = (size_t)(brace - s);
				while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
					n--;
				snprintf(name, sizeof name, "%.*s", (int)(n < 63 ? n : 63), s);
				if (depth < 8)
					snprintf(stack[depth], sizeof stack[0], "%s", name);
				depth++;
				if (depth == 2 && !strcmp(stack[0], "connections"))
					out->n_connections++;
				s = skip_ws(brace + 1);
				continue;
			}
			if (eq) {
				char *k = s;
				char *ke = eq;
				while (ke > k && (ke[-1] == ' ' || ke[-1] == '\t'))
					ke--;
				char *v = skip_ws(eq + 1);
				char *close = strchr(v, '}');
				if (close)
					*close = '\0';
				size_t vl = strlen(v);
				while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
					v[--vl] = '\0';
				if (depth == 2 && !strcmp(stack[0], "connections") &&
				    (size_t)(ke - k) == strlen("remote_addrs") &&
				    !strncmp(k, "remote_addrs", (size_t)(ke - k)) && *v) {
					add_peer(out, stack[1], v, l.lineno);
					if (!strncmp(v, "%any", 4) || !strcmp(v, "0.0.0.0/0"))
						out->server = true;
				}
				if (close) {
					if (depth > 0)
						depth--;
					s = skip_ws(close + 1);
					continue;
				}
			}
			break;
		}
	}
}
