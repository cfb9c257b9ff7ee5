/* A firewalld zone file (/etc/firewalld/zones/NAME.xml, /usr/lib/firewalld/zones/NAME.xml):
 * the <zone> element's target attribute, the interfaces and sources bound to the zone
 * (<interface name=.../>, <source address|mac|ipset=.../> directly under <zone>) and how many
 * <service>, <port> elements and rich rules it has; a rich rule's own <source>, <service> and
 * <port> (inside <rule>...</rule>) belong to the rule, not the zone. Pure: no XML library,
 * only the elements firewalld writes (its io/zone.py). */
#ifndef KENSA_PARSERS_FIREWALLD_ZONE_H
#define KENSA_PARSERS_FIREWALLD_ZONE_H
#include <stdbool.h>
#include <stddef.h>

#define FIREWALLD_ZONE_KEEP 16   /* bindings kept by name; the counts go on */

struct firewalld_zone {
	bool zone_found;     /* a <zone> element */
	char target[32];     /* "default" when the attribute is absent (firewalld's default) */
	size_t n_services, n_ports, n_sources, n_rules;
	size_t n_interfaces;
	/* the first FIREWALLD_ZONE_KEEP of each: "eth0"; "192.0.2.0/24", "mac:00:11:..",
	 * "ipset:name" */
	char interfaces[FIREWALLD_ZONE_KEEP][32];
	char sources[FIREWALLD_ZONE_KEEP][72];
};

void firewalld_zone_parse(const char *buf, size_t len, struct firewalld_zone *out);

#endif
