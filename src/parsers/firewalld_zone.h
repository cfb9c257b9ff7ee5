/* A firewalld zone file (/etc/firewalld/zones/NAME.xml, /usr/lib/firewalld/zones/NAME.xml):
 * the <zone> element's target attribute and how many <service>, <port> and <source> elements
 * and rich rules it has. Pure: no XML library, only the elements firewalld writes. */
#ifndef KENSA_PARSERS_FIREWALLD_ZONE_H
#define KENSA_PARSERS_FIREWALLD_ZONE_H
#include <stdbool.h>
#include <stddef.h>

struct firewalld_zone {
	bool zone_found;     /* a <zone> element */
	char target[32];     /* "default" when the attribute is absent (firewalld's default) */
	size_t n_services, n_ports, n_sources, n_rules;
};

void firewalld_zone_parse(const char *buf, size_t len, struct firewalld_zone *out);

#endif
