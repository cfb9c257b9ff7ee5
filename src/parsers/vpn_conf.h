/* VPN configurations, read for what a person confirms with the vendor (where the tunnel goes,
 * which port it listens on), never for keys: OpenVPN configuration files (openvpn(8): one
 * directive per line, "#" and ";" comments, inline <ca>...</ca> blocks), WireGuard's wg-quick
 * files (wg(8), wg-quick(8): [Interface] and [Peer] sections), strongSwan's ipsec.conf
 * (ipsec.conf(5): "conn NAME" sections of indented key=value) and swanctl.conf (swanctl.conf(5):
 * nested NAME { key = value } blocks). Each parser never fails; anything unreadable is skipped. */
#ifndef KENSA_VPN_CONF_H
#define KENSA_VPN_CONF_H
#include <stdbool.h>
#include <stddef.h>

#define VPN_MAX_PEERS 16

struct vpn_peer {
	char name[64];     /* ipsec/swanctl connection name; "" for OpenVPN and WireGuard */
	char remote[160];  /* "vpn.example.com 1194 udp", "203.0.113.5:51820", "%any" */
	unsigned line;
};

struct vpn_conf {
	bool server;         /* OpenVPN "server"/"mode server"; WireGuard ListenPort; ipsec/
			      * swanctl a connection that accepts any peer */
	char listen[64];     /* OpenVPN "port"/"proto", WireGuard ListenPort; "" when unset */
	struct vpn_peer peers[VPN_MAX_PEERS];
	size_t n_peers;      /* kept, at most VPN_MAX_PEERS */
	size_t n_more;       /* peers beyond VPN_MAX_PEERS */
	size_t n_connections; /* ipsec "conn" sections (not %default), swanctl connections */
};

void openvpn_conf_parse(const char *buf, size_t len, struct vpn_conf *out);
void wireguard_conf_parse(const char *buf, size_t len, struct vpn_conf *out);
void ipsec_conf_parse(const char *buf, size_t len, struct vpn_conf *out);
void swanctl_conf_parse(const char *buf, size_t len, struct vpn_conf *out);

#endif
