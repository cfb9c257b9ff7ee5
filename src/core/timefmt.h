/* Dates as kensa prints them: ISO 8601, UTC, independent of the host's TZ. */
#ifndef KENSA_TIMEFMT_H
#define KENSA_TIMEFMT_H
#include <stddef.h>
#include <stdint.h>
/* days since 1970-01-01 -> "YYYY-MM-DD" */
void format_day(int64_t days, char *buf, size_t len);
/* seconds since the epoch -> "YYYY-MM-DDTHH:MM:SSZ" */
void format_time(int64_t t, char *buf, size_t len);
/* "YYYY-MM-DD" -> days since 1970-01-01; -1 when not a valid date */
int parse_day(const char *s, int64_t *days);
#endif
