/* ClamAV database headers (see clamav_cvd.h). */
#include "clamav_cvd.h"
#include "../core/civil_date.h"
#include "../core/i18n.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "06 Dec 2023 09-35 +0000" -> seconds since the epoch */
static bool parse_build_time(const char *s, int64_t *out)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int d, y, hh, mm, n = 0;
	char mon[4], sign;
	unsigned tz;
	if (sscanf(s, "%2d %3s %4d %2d-%2d %c%4u%n", &d, mon, &y, &hh, &mm, &sign, &tz, &n) != 7 ||
	    s[n] != '\0' || (sign != '+' && sign != '-'))
		return false;
	const char *m = strstr(months, mon);
	if (!m || strlen(mon) != 3 || (m - months) % 3 != 0)
		return false;
	unsigned month = (unsigned)((m - months) / 3 + 1);
	if (d < 1 || d > 31 || y < 1970 || y > 9999 || hh > 23 || mm > 59 || hh < 0 || mm < 0 ||
	    tz / 100 > 14 || tz % 100 > 59)
		return false;
	int64_t t = days_from_civil(y, month, (unsigned)d) * 86400 + hh * 3600 + mm * 60;
	int64_t off = (int64_t)(tz / 100) * 3600 + (tz % 100) * 60;
	*out = sign == '+' ? t - off : t + off;
	return true;
}

static bool parse_ulong(const char *s, unsigned long *out)
{
	if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 18)
		return false;
	*out = strtoul(s, NULL, 10);
	return true;
}

bool cvd_header_parse(const unsigned char *buf, size_t len, struct cvd_header *out,
		      const char **why)
{
	memset(out, 0, sizeof *out);
	if (len < CVD_HEADER_SIZE) {
		*why = N_("shorter than the 512-byte header");
		return false;
	}
	if (memcmp(buf, "ClamAV-VDB:", 11) != 0) {
		*why = N_("no ClamAV-VDB: magic");
		return false;
	}
	char head[CVD_HEADER_SIZE + 1];
	memcpy(head, buf, CVD_HEADER_SIZE);
	head[CVD_HEADER_SIZE] = '\0';
	for (size_t i = 0; i < CVD_HEADER_SIZE; i++)
		if (head[i] == '\0' || !isprint((unsigned char)head[i])) {
			*why = N_("control bytes in the header");
			return false;
		}
	size_t n = CVD_HEADER_SIZE;
	while (n > 0 && head[n - 1] == ' ')
		head[--n] = '\0';
	char *field[9];
	size_t nf = 0;
	char *p = head;
	while (nf < 9) {
		field[nf++] = p;
		char *c = strchr(p, ':');
		if (!c)
			break;
		*c = '\0';
		p = c + 1;
	}
	if (nf < 9) {
		*why = N_("fewer than 9 fields");
		return false;
	}
	unsigned long v, sigs, flevel, stime;
	if (!parse_ulong(field[2], &v) || !parse_ulong(field[3], &sigs) ||
	    !parse_ulong(field[4], &flevel) || flevel > 100000) {
		*why = N_("version, signature count or functionality level is not a number");
		return false;
	}
	if (strlen(field[1]) >= sizeof out->build_time) {
		*why = N_("the build time is too long");
		return false;
	}
	snprintf(out->build_time, sizeof out->build_time, "%s", field[1]);
	snprintf(out->builder, sizeof out->builder, "%.63s", field[7]);
	out->version = v;
	out->signatures = sigs;
	out->functionality_level = (unsigned)flevel;
	/* STIME, the build moment in seconds; the written time when absent or not a number */
	if (parse_ulong(field[8], &stime) && stime > 0 && stime < 253402300800UL)
		out->built = (int64_t)stime;
	else if (!parse_build_time(field[1], &out->built)) {
		*why = N_("neither STIME nor the build time is a time");
		return false;
	}
	return true;
}

bool clamav_conf_value(const char *buf, size_t len, const char *option, char *out,
		       size_t outlen, unsigned *line)
{
	const char *pos = buf, *end = buf + len;
	size_t ol = strlen(option);
	bool found = false;
	unsigned lineno = 0;
	while (pos < end) {
		const char *nl = memchr(pos, '\n', (size_t)(end - pos));
		const char *le = nl ? nl : end;
		const char *next = nl ? nl + 1 : end;
		lineno++;
		while (pos < le && (*pos == ' ' || *pos == '\t'))
			pos++;
		while (le > pos && (le[-1] == '\r' || le[-1] == ' ' || le[-1] == '\t'))
			le--;
		if ((size_t)(le - pos) > ol && memcmp(pos, option, ol) == 0 &&
		    (pos[ol] == ' ' || pos[ol] == '\t')) {
			const char *v = pos + ol;
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			size_t vl = (size_t)(le - v);
			/* a value may be quoted: DatabaseDirectory "/var/lib/clamav" */
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
				v++;
				vl -= 2;
			}
			if (vl > 0 && vl < outlen && !memchr(v, '\0', vl)) {
				memcpy(out, v, vl);
				out[vl] = '\0';
				*line = lineno;
				found = true;
			}
		}
		pos = next;
	}
	return found;
}
