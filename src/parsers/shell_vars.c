/* KEY=value assignments, one a line. */
#include "shell_vars.h"
#include "parse_util.h"
#include <ctype.h>
#include <string.h>

bool shell_var_get(const char *buf, size_t len, const char *key, char *value, size_t vlen,
		   unsigned *line)
{
	size_t pos = 0, n, klen = strlen(key);
	const char *s;
	unsigned lineno = 0;
	bool found = false;
	while (parse_next_line(buf, len, &pos, &s, &n)) {
		lineno++;
		const char *end = s + n;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if ((size_t)(end - s) > 7 && strncmp(s, "export", 6) == 0 && isblank((unsigned char)s[6])) {
			s += 7;
			while (s < end && (*s == ' ' || *s == '\t'))
				s++;
		}
		if ((size_t)(end - s) <= klen || memcmp(s, key, klen) != 0 || s[klen] != '=')
			continue;
		s += klen + 1;
		size_t o = 0;
		char quote = 0;
		while (s < end) {
			char c = *s++;
			if (quote) {
				if (c == quote) {
					quote = 0;
					continue;
				}
			} else if (c == '"' || c == '\'') {
				quote = c;
				continue;
			} else if (c == '#' || isspace((unsigned char)c)) {
				break;
			}
			if (o + 1 < vlen)
				value[o++] = c;
		}
		if (vlen)
			value[o] = '\0';
		*line = lineno;
		found = true;
	}
	return found;
}
