/* libFuzzer harness: the VPN configuration readers (src/parsers/vpn_conf.c), the same bytes as an
 * OpenVPN, a WireGuard, an ipsec.conf and a swanctl.conf file. Every kept string must be
 * terminated and printable. */
#include "parsers/vpn_conf.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check(const struct vpn_conf *c)
{
	if (c->n_peers > VPN_MAX_PEERS || strnlen(c->listen, sizeof c->listen) == sizeof c->listen)
		abort();
	for (size_t i = 0; i < c->n_peers; i++)
		for (const char *p = c->peers[i].remote; *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct vpn_conf c;
	openvpn_conf_parse(buf, size, &c);
	check(&c);
	wireguard_conf_parse(buf, size, &c);
	check(&c);
	ipsec_conf_parse(buf, size, &c);
	check(&c);
	swanctl_conf_parse(buf, size, &c);
	check(&c);
	return 0;
}
