/* A NetworkManager connection profile as far as firewalld goes: the keyfile format of
 * /etc/NetworkManager/system-connections/NAME.nmconnection (GKeyFile: [group] headers,
 * key=value, '#' comments; the [connection] group's id, interface-name and zone keys), and
 * RHEL's ifcfg-rh files (/etc/sysconfig/network-scripts/ifcfg-NAME: DEVICE=, NAME=, ZONE=,
 * shell-style assignments). NetworkManager hands firewalld the zone of the device a connection
 * activates on; an empty or absent zone means firewalld's default zone. Pure. */
#ifndef KENSA_PARSERS_NM_CONNECTION_H
#define KENSA_PARSERS_NM_CONNECTION_H
#include <stdbool.h>
#include <stddef.h>

struct nm_connection {
	char id[128];
	char interface_name[32];
	char zone[128];      /* "" when absent or empty: the default zone */
	unsigned zone_line;  /* 0 when absent */
};

void nm_keyfile_parse(const char *buf, size_t len, struct nm_connection *out);
void nm_ifcfg_parse(const char *buf, size_t len, struct nm_connection *out);

#endif
