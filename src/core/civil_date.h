/* Days since 1970-01-01 of a proleptic Gregorian date: Howard Hinnant's days_from_civil, exact
 * for any year and free of the C library's time zone. One copy for every parser that turns a
 * date it read (os-release lifecycle data, ClamAV headers, auth log lines, Windows captures)
 * into a day number; inline so each parser still builds alone (fuzz harnesses, unit tests). */
#ifndef KENSA_CIVIL_DATE_H
#define KENSA_CIVIL_DATE_H
#include <stdint.h>

static inline int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

#endif
