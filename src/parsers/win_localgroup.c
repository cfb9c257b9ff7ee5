/* net localgroup parsing (see win_localgroup.h). */
#include "win_localgroup.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool net_localgroup_parse(const char *text, size_t len, char ***members, size_t *n, char *why,
			  size_t whylen)
{
	*members = NULL;
	*n = 0;
	/* line offsets: first the dashed line, then the last non-empty line */
	const char *end = text + len;
	const char *dash_end = NULL, *last_start = NULL;
	for (const char *p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *te = le;
		while (te > p && (te[-1] == '\r' || te[-1] == ' ' || te[-1] == '\t'))
			te--;
		size_t l = (size_t)(te - p);
		if (!dash_end && l >= 20 && strspn(p, "-") >= l)
			dash_end = nl ? nl + 1 : end;
		else if (l && dash_end)
			last_start = p;
		p = nl ? nl + 1 : end;
	}
	if (!dash_end || !last_start) {
		snprintf(why, whylen, _("no line of dashes followed by a completion line: not `net "
					"localgroup` output"));
		return false;
	}
	size_t cap = 0;
	for (const char *p = dash_end; p < last_start;) {
		const char *nl = memchr(p, '\n', (size_t)(last_start - p));
		const char *le = nl ? nl : last_start;
		const char *s = p, *te = le;
		while (s < te && (*s == ' ' || *s == '\t'))
			s++;
		while (te > s && (te[-1] == '\r' || te[-1] == ' ' || te[-1] == '\t'))
			te--;
		if (te > s) {
			XGROW(*members, *n, cap, *n + 1);
			(*members)[(*n)++] = xstrndup(s, (size_t)(te - s));
		}
		p = nl ? nl + 1 : last_start;
	}
	return true;
}

void net_localgroup_free(char **members, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(members[i]);
	free(members);
}
