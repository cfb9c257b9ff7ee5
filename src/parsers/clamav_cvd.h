/* The 512-byte header of a ClamAV database file (daily.cvd / daily.cld, main.cvd):
 *   ClamAV-VDB:BUILD TIME:VERSION:SIGNATURES:FUNCTIONALITY LEVEL:MD5:DSIG:BUILDER:STIME
 * padded with spaces to 512 bytes. BUILD TIME is "DD Mon YYYY HH-MM +ZZZZ" (a '-' between hours
 * and minutes: ':' separates the fields); STIME is the build time in seconds since the epoch.
 * Pure: a buffer in, the fields out. */
#ifndef KENSA_PARSERS_CLAMAV_CVD_H
#define KENSA_PARSERS_CLAMAV_CVD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CVD_HEADER_SIZE 512

struct cvd_header {
	char build_time[64]; /* as written: "06 Dec 2023 09-35 +0000" */
	unsigned long version;
	unsigned long signatures;
	unsigned functionality_level;
	char builder[64];
	int64_t built;       /* seconds since the epoch: STIME, else the parsed build time */
};

/* Parses the first CVD_HEADER_SIZE bytes of BUF (fewer is malformed). False with *why (a static
 * English phrase marked N_(): translate it with _()) when it is not a ClamAV database header. */
bool cvd_header_parse(const unsigned char *buf, size_t len, struct cvd_header *out,
		      const char **why);

/* The value of OPTION in a ClamAV configuration file (clamd.conf / freshclam.conf: "Option
 * value" lines, '#' comments, the option name case-sensitive as ClamAV's parser has it, the last
 * one winning) into out; *line gets its line number. False when absent or longer than outlen. */
bool clamav_conf_value(const char *buf, size_t len, const char *option, char *out,
		       size_t outlen, unsigned *line);

#endif
