/* Dates as kensa prints them: ISO 8601, independent of the host's TZ and of tzdata. A report's
 * dates are taken in one fixed UTC offset (the profile's [reports] time_zone, +09:00 by
 * default): Japan has no daylight saving, and a fixed offset needs no zone database on the
 * audited host, nor a TZ that cron and an interactive shell would set differently. */
#ifndef KENSA_TIMEFMT_H
#define KENSA_TIMEFMT_H
#include <stddef.h>
#include <stdint.h>
/* days since 1970-01-01 -> "YYYY-MM-DD" */
void format_day(int64_t days, char *buf, size_t len);
/* seconds since the epoch -> "YYYY-MM-DDTHH:MM:SSZ" */
void format_time(int64_t t, char *buf, size_t len);
/* seconds since the epoch, UTC offset in seconds -> "YYYY-MM-DDTHH:MM:SS+HH:MM" (local time at
 * that offset) */
void format_time_offset(int64_t t, int offset, char *buf, size_t len);
/* "YYYY-MM-DD" -> days since 1970-01-01; -1 when not a valid date */
int parse_day(const char *s, int64_t *days);
/* The calendar day (days since 1970-01-01) of moment t at a UTC offset (seconds). */
int64_t day_in_zone(int64_t t, int offset);
/* A fixed UTC offset: "+HH:MM" / "-HH:MM" (up to 14:00), "Z" or "UTC" -> seconds east of UTC.
 * 0, or -1 when malformed. */
int parse_utc_offset(const char *s, int *offset);
/* The offset as "+HH:MM" (buf of 7 bytes or more). */
void format_utc_offset(int offset, char *buf, size_t len);
#endif
