/* Calendar arithmetic without the C library's time zone state (see timefmt.h). */
#include "timefmt.h"
#include "civil_date.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Howard Hinnant's days_from_civil / civil_from_days. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void format_day(int64_t days, char *buf, size_t len)
{
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04lld-%02u-%02u", (long long)y, m, d);
}

void format_time(int64_t t, char *buf, size_t len)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d,
		 (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

int parse_day(const char *s, int64_t *days)
{
	unsigned y, m, d;
	char tail;
	if (strlen(s) != 10 || sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 || s[4] != '-' ||
	    s[7] != '-')
		return -1;
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1)
		return -1;
	static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned max = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > max)
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int64_t day_in_zone(int64_t t, int offset)
{
	return floor_div(t + offset, 86400);
}

void format_utc_offset(int offset, char *buf, size_t len)
{
	int a = offset < 0 ? -offset : offset;
	snprintf(buf, len, "%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

void format_time_offset(int64_t t, int offset, char *buf, size_t len)
{
	int64_t local = t + offset;
	int64_t days = floor_div(local, 86400);
	int64_t secs = local - days * 86400;
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	char zone[8];
	format_utc_offset(offset, zone, sizeof zone);
	snprintf(buf, len, "%04lld-%02u-%02uT%02u:%02u:%02u%s", (long long)y, m, d,
		 (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60), (unsigned)(secs % 60), zone);
}

static bool digits2(const char *p, unsigned max, unsigned *out)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return false;
	*out = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
	return *out <= max;
}

int parse_utc_offset(const char *s, int *offset)
{
	unsigned h, m;
	if (!strcmp(s, "Z") || !strcmp(s, "UTC")) {
		*offset = 0;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 6 || s[3] != ':' || !digits2(s + 1, 14, &h) ||
	    !digits2(s + 4, 59, &m) || (h == 14 && m))
		return -1;
	*offset = (int)(h * 3600 + m * 60) * (s[0] == '-' ? -1 : 1);
	return 0;
}
