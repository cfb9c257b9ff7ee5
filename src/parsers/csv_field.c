/* See csv_field.h. */
#include "csv_field.h"
#include <stdbool.h>

const char *csv_field(const char *p, const char *end, char *buf, size_t len)
{
	size_t n = 0;
	bool quoted = p < end && *p == '"';
	if (quoted)
		p++;
	while (p < end) {
		if (quoted && *p == '"') {
			if (p + 1 < end && p[1] == '"') {
				if (n + 1 < len)
					buf[n++] = '"';
				p += 2;
				continue;
			}
			quoted = false;
			p++;
			continue;
		}
		if (!quoted && *p == ',')
			break;
		if (n + 1 < len)
			buf[n++] = *p;
		p++;
	}
	buf[n] = '\0';
	return p < end ? p + 1 : NULL;
}
