/* Check suite: the parsers behind network.access_control's subtle cases: firewalld zone
 * bindings (interfaces and sources of the zone, not of its rich rules), NetworkManager keyfiles
 * and ifcfg files, iptables-save jumps to user chains, nftables includes inside blocks and
 * policy $variables. */
#include "testutil.h"
#include "parsers/firewalld_zone.h"
#include "parsers/iptables_save.h"
#include "parsers/nft_conf.h"
#include "parsers/nm_connection.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* what firewall-offline-cmd --zone=trusted --add-interface=eth0 --add-source=... writes */
START_TEST(zone_bindings)
{
	struct firewalld_zone z;
	const char *x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<zone target=\"ACCEPT\">\n"
			"  <short>Trusted</short>\n  <description>All network connections are "
			"accepted.</description>\n  <interface name=\"eth0\"/>\n"
			"  <source address=\"192.0.2.0/24\"/>\n  <source mac=\"52:54:00:12:34:56\"/>\n"
			"  <source ipset=\"admins\"/>\n"
			"  <rule family=\"ipv4\">\n    <source address=\"198.51.100.0/24\"/>\n"
			"    <service name=\"http\"/>\n    <accept/>\n  </rule>\n"
			"  <rule><port port=\"22\" protocol=\"tcp\"/><drop/></rule>\n"
			"  <service name=\"ssh\"/>\n  <forward/>\n</zone>\n";
	firewalld_zone_parse(x, strlen(x), &z);
	ck_assert(z.zone_found);
	ck_assert_str_eq(z.target, "ACCEPT");
	ck_assert_uint_eq(z.n_interfaces, 1);
	ck_assert_str_eq(z.interfaces[0], "eth0");
	ck_assert_uint_eq(z.n_sources, 3); /* not the rich rule's 198.51.100.0/24 */
	ck_assert_str_eq(z.sources[0], "192.0.2.0/24");
	ck_assert_str_eq(z.sources[1], "mac:52:54:00:12:34:56");
	ck_assert_str_eq(z.sources[2], "ipset:admins");
	ck_assert_uint_eq(z.n_rules, 2);
	ck_assert_uint_eq(z.n_services, 1); /* the rich rule's http is the rule's */
	ck_assert_uint_eq(z.n_ports, 0);
	/* more bindings than kept: counted, the first ones named; an overlong name truncated */
	char big[8192] = "<zone>";
	for (int i = 0; i < 40; i++) {
		size_t used = strlen(big);
		snprintf(big + used, sizeof big - used, "<interface name=\"eth%d\"/>", i);
	}
	strcat(big, "<interface name=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"/></zone>");
	firewalld_zone_parse(big, strlen(big), &z);
	ck_assert_uint_eq(z.n_interfaces, 41);
	ck_assert_str_eq(z.interfaces[15], "eth15");
	/* truncated input: no crash, what was seen is kept */
	firewalld_zone_parse(x, 90, &z);
	ck_assert(z.zone_found);
	firewalld_zone_parse("<zone><interface name=\"eth0", 27, &z);
	ck_assert_uint_eq(z.n_interfaces, 0);
}
END_TEST

START_TEST(nm_connection_zone)
{
	struct nm_connection c;
	const char *k = "[connection]\nid=Wired connection 1\nuuid=0d8e1c7a-6f3b-4a52-9b11-2f4f6a1d9e10\n"
			"type=ethernet\ninterface-name=eth0\n# zone=public\n  zone = trusted  \n\n"
			"[ethernet]\nzone=other\n\n[ipv4]\nmethod=auto\n";
	nm_keyfile_parse(k, strlen(k), &c);
	ck_assert_str_eq(c.id, "Wired connection 1");
	ck_assert_str_eq(c.interface_name, "eth0");
	ck_assert_str_eq(c.zone, "trusted");
	ck_assert_uint_eq(c.zone_line, 7);
	const char *none = "[connection]\nid=eth0\ninterface-name=eth0\n[ipv4]\nzone=trusted\n";
	nm_keyfile_parse(none, strlen(none), &c);
	ck_assert_str_eq(c.zone, "");
	ck_assert_uint_eq(c.zone_line, 0);
	const char *ifcfg = "TYPE=Ethernet\nBOOTPROTO=dhcp\nNAME=\"System eth1\"\nDEVICE=eth1\n"
			    "ONBOOT=yes\nZONE=internal\n";
	nm_ifcfg_parse(ifcfg, strlen(ifcfg), &c);
	ck_assert_str_eq(c.zone, "internal");
	ck_assert_str_eq(c.interface_name, "eth1");
	ck_assert_str_eq(c.id, "System eth1");
	ck_assert_uint_eq(c.zone_line, 6);
	nm_keyfile_parse("[connection", 11, &c);
	ck_assert_str_eq(c.zone, "");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("network-zones");
	TCase *t = tcase_create("parsers");
	tcase_add_test(t, zone_bindings);
	tcase_add_test(t, nm_connection_zone);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
