/* /etc/passwd and /etc/shadow parsing: exactly 7 and 9 colon-separated fields, numeric fields
 * checked for range (shadow-utils rejects such lines; so do we, and say which). */
#include "passwd.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int split_fields(char *line, char **fields, int want)
{
	int n = 0;
	char *p = line;
	for (;;) {
		if (n == want)
			return -1;
		fields[n++] = p;
		char *colon = strchr(p, ':');
		if (!colon)
			break;
		*colon = '\0';
		p = colon + 1;
	}
	return n == want ? 0 : -1;
}

static int parse_id(const char *s, uint32_t *out)
{
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > 4294967294ULL) /* (uid_t)-1 is never a valid id */
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Empty means unset (-1); shadow-utils also accepts an explicit -1. */
static int parse_shadow_number(const char *s, long long *out)
{
	if (!*s) {
		*out = -1;
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || (v < 0 && v != -1) || v > 1000000000LL)
		return -1;
	*out = v;
	return 0;
}

int passwd_line_is_blank(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '\0' || *line == '#';
}

int passwd_parse_line(char *line, struct passwd_entry *out, const char **why)
{
	char *f[7];
	if (split_fields(line, f, 7) != 0) {
		*why = "not 7 colon-separated fields";
		return -1;
	}
	if (!*f[0]) {
		*why = "empty account name";
		return -1;
	}
	if (parse_id(f[2], &out->uid) != 0) {
		*why = "UID is not a number from 0 to 4294967294";
		return -1;
	}
	if (parse_id(f[3], &out->gid) != 0) {
		*why = "GID is not a number from 0 to 4294967294";
		return -1;
	}
	out->name = f[0];
	out->password = f[1];
	out->gecos = f[4];
	out->home = f[5];
	out->shell = f[6];
	return 0;
}

int shadow_parse_line(char *line, struct shadow_entry *out, const char **why)
{
	char *f[9];
	if (split_fields(line, f, 9) != 0) {
		*why = "not 9 colon-separated fields";
		return -1;
	}
	if (!*f[0]) {
		*why = "empty account name";
		return -1;
	}
	long long *nums[] = { &out->lastchg, &out->min, &out->max, &out->warn, &out->inactive,
			      &out->expire };
	for (int i = 0; i < 6; i++)
		if (parse_shadow_number(f[2 + i], nums[i]) != 0) {
			*why = "a date or day-count field is not a valid number";
			return -1;
		}
	out->name = f[0];
	out->password = f[1];
	return 0;
}
