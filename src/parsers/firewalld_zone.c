/* Start tags of a firewalld zone file; comments and processing instructions skipped. */
#include "firewalld_zone.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* The value of attr in the start tag tag[0..n) ("target" -> "DROP"), into v. */
static bool attribute(const char *tag, size_t n, const char *attr, char *v, size_t vlen)
{
	size_t alen = strlen(attr);
	for (size_t i = 0; i + alen + 2 < n; i++) {
		if (!isspace((unsigned char)tag[i]) || memcmp(tag + i + 1, attr, alen) != 0)
			continue;
		size_t j = i + 1 + alen;
		while (j < n && isspace((unsigned char)tag[j]))
			j++;
		if (j >= n || tag[j] != '=')
			continue;
		j++;
		while (j < n && isspace((unsigned char)tag[j]))
			j++;
		if (j >= n || (tag[j] != '"' && tag[j] != '\''))
			continue;
		char q = tag[j++];
		size_t o = 0;
		while (j < n && tag[j] != q) {
			if (o + 1 < vlen)
				v[o++] = tag[j];
			j++;
		}
		v[o] = '\0';
		return true;
	}
	return false;
}

static bool named(const char *tag, size_t n, const char *name)
{
	size_t k = strlen(name);
	return n >= k && memcmp(tag, name, k) == 0 && (n == k || isspace((unsigned char)tag[k]) ||
						     tag[k] == '/');
}

void firewalld_zone_parse(const char *buf, size_t len, struct firewalld_zone *out)
{
	memset(out, 0, sizeof *out);
	size_t i = 0;
	bool in_rule = false;
	while (i < len) {
		const char *lt = memchr(buf + i, '<', len - i);
		if (!lt)
			break;
		i = (size_t)(lt - buf) + 1;
		if (len - i >= 3 && memcmp(buf + i, "!--", 3) == 0) {
			const char *e = NULL;
			for (size_t j = i + 3; j + 2 < len && !e; j++)
				if (memcmp(buf + j, "-->", 3) == 0)
					e = buf + j;
			i = e ? (size_t)(e - buf) + 3 : len;
			continue;
		}
		const char *gt = memchr(buf + i, '>', len - i);
		if (!gt)
			break; /* a tag cut short: not an element */
		size_t n = (size_t)(gt - buf) - i;
		const char *tag = buf + i;
		bool empty = n > 0 && tag[n - 1] == '/'; /* <rule .../> */
		if (named(tag, n, "/rule")) {
			in_rule = false;
		} else if (named(tag, n, "rule")) {
			out->n_rules++;
			in_rule = !empty;
		} else if (in_rule) {
			/* the rich rule's own source, service, port...: not the zone's */
		} else if (named(tag, n, "zone") && !out->zone_found) {
			out->zone_found = true;
			if (!attribute(tag, n, "target", out->target, sizeof out->target))
				strcpy(out->target, "default");
		} else if (named(tag, n, "service")) {
			out->n_services++;
		} else if (named(tag, n, "port")) {
			out->n_ports++;
		} else if (named(tag, n, "interface")) {
			char v[32];
			if (attribute(tag, n, "name", v, sizeof v)) {
				if (out->n_interfaces < FIREWALLD_ZONE_KEEP)
					memcpy(out->interfaces[out->n_interfaces], v, sizeof v);
				out->n_interfaces++;
			}
		} else if (named(tag, n, "source")) {
			char v[64], src[72];
			if (attribute(tag, n, "address", v, sizeof v))
				snprintf(src, sizeof src, "%s", v);
			else if (attribute(tag, n, "mac", v, sizeof v))
				snprintf(src, sizeof src, "mac:%s", v);
			else if (attribute(tag, n, "ipset", v, sizeof v))
				snprintf(src, sizeof src, "ipset:%s", v);
			else
				src[0] = '\0';
			if (src[0]) {
				if (out->n_sources < FIREWALLD_ZONE_KEEP)
					memcpy(out->sources[out->n_sources], src, sizeof src);
				out->n_sources++;
			}
		}
		i += n;
	}
}
