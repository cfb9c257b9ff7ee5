/* GKeyFile lines: leading whitespace ignored, '#' comment lines, "[group]", "key = value"
 * (whitespace around the key and '=' ignored; the value's trailing whitespace kept by GLib but
 * never part of a zone or interface name). ifcfg: shell assignments read by shell_vars. */
#include "nm_connection.h"
#include "parse_util.h"
#include "shell_vars.h"
#include <ctype.h>
#include <string.h>

static void copy(char *dst, size_t dlen, const char *s, size_t n)
{
	if (n >= dlen)
		n = dlen - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

void nm_keyfile_parse(const char *buf, size_t len, struct nm_connection *out)
{
	memset(out, 0, sizeof *out);
	size_t pos = 0, n;
	const char *s;
	unsigned lineno = 0;
	bool in_connection = false;
	while (parse_next_line(buf, len, &pos, &s, &n)) {
		lineno++;
		while (n && isspace((unsigned char)*s)) {
			s++;
			n--;
		}
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (n == 0 || *s == '#')
			continue;
		if (*s == '[') {
			in_connection = n == 12 && memcmp(s, "[connection]", 12) == 0;
			continue;
		}
		const char *eq = memchr(s, '=', n);
		if (!in_connection || !eq)
			continue;
		size_t klen = (size_t)(eq - s);
		while (klen && isspace((unsigned char)s[klen - 1]))
			klen--;
		const char *v = eq + 1;
		size_t vlen = n - (size_t)(v - s);
		while (vlen && isspace((unsigned char)*v)) {
			v++;
			vlen--;
		}
		if (klen == 4 && memcmp(s, "zone", 4) == 0) {
			copy(out->zone, sizeof out->zone, v, vlen);
			out->zone_line = lineno;
		} else if (klen == 14 && memcmp(s, "interface-name", 14) == 0) {
			copy(out->interface_name, sizeof out->interface_name, v, vlen);
		} else if (klen == 2 && memcmp(s, "id", 2) == 0) {
			copy(out->id, sizeof out->id, v, vlen);
		}
	}
}

void nm_ifcfg_parse(const char *buf, size_t len, struct nm_connection *out)
{
	memset(out, 0, sizeof *out);
	unsigned line = 0;
	if (shell_var_get(buf, len, "ZONE", out->zone, sizeof out->zone, &line))
		out->zone_line = line ? line : 1;
	shell_var_get(buf, len, "DEVICE", out->interface_name, sizeof out->interface_name, &line);
	shell_var_get(buf, len, "NAME", out->id, sizeof out->id, &line);
}
