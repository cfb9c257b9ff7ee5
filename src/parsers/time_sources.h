/* Time source configuration of chrony (chrony.conf, conf.d/NAME.conf, sources.d/NAME.sources) and
 * ntpd/ntpsec (ntp.conf): the server/pool/peer/refclock lines that give the clock a reference.
 * Directives that pull in more files (chrony's confdir, sourcedir and include, ntpd's
 * includefile) are handed to a callback in place, so the parser stays pure. */
#ifndef KENSA_TIME_SOURCES_H
#define KENSA_TIME_SOURCES_H
#include "parse_util.h" /* struct parse_issue */
#include <stdbool.h>
#include <stddef.h>

enum ts_format {
	TS_CHRONY,         /* chrony.conf and confdir/include files */
	TS_CHRONY_SOURCES, /* sourcedir *.sources: only server, pool, peer (chrony sources.c) */
	TS_NTP,            /* ntp.conf (ntpd, ntpsec) */
};

struct ts_source {
	char *directive; /* server, pool, peer, refclock */
	char *address;
	const char *file;
	unsigned line;
	bool local_clock; /* ntpd's 127.127.1.x undisciplined local clock: no real reference */
};

enum ts_include_kind { TS_INC_CONFDIR, TS_INC_SOURCEDIR, TS_INC_INCLUDE };

struct ts_config {
	struct ts_source *sources;
	size_t n_sources, cap_sources;
	struct parse_issue *issues;
	size_t n_issues, cap_issues;
	char **files;
	size_t n_files, cap_files;
	bool has_local_stratum; /* chrony "local" or ntpd "fudge 127.127.1.0": serves its own clock */
	unsigned depth;
};

/* confdir lists up to 10 directories (args[0..n-1]); sourcedir and include have one. */
typedef void (*ts_include_fn)(void *ud, struct ts_config *cfg, enum ts_include_kind kind,
			      char *const *args, size_t n_args, const char *from_file,
			      unsigned line);

#define TS_MAX_NESTING 10
#define TS_MAX_FILES 512 /* includes fan out: a file including its own directory */

void ts_config_init(struct ts_config *cfg);
void ts_config_free(struct ts_config *cfg);
void ts_config_parse(struct ts_config *cfg, enum ts_format format, const char *file,
		     const char *buf, size_t len, ts_include_fn include, void *ud);
void ts_config_issue(struct ts_config *cfg, const char *file, unsigned line, const char *why);
/* Sources that are not ntpd's local clock. */
size_t ts_config_real_sources(const struct ts_config *cfg);

#endif
