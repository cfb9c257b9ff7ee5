/* libFuzzer harness: chrony.conf, chrony .sources and ntp.conf (src/parsers/time_sources.c). Every format over the same bytes. */
#include "parsers/time_sources.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The parsers that take a C string get the input NUL-terminated, as the checks pass it. */
static char *cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void on_include(void *ud, struct ts_config *cfg, enum ts_include_kind kind,
		       char *const *args, size_t n_args, const char *from_file, unsigned line)
{
	(void)ud; (void)kind; (void)args; (void)n_args; (void)from_file; (void)line;
	static const char inc[] = "server ntp.example.jp iburst\n";
	ts_config_parse(cfg, TS_CHRONY_SOURCES, "/etc/chrony/sources.d/x.sources", inc,
			sizeof inc - 1, NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char *s = cstr(data, size);
	(void)buf;
	for (int fmt = TS_CHRONY; fmt <= TS_NTP; fmt++) {
		struct ts_config cfg;
		ts_config_init(&cfg);
		ts_config_parse(&cfg, (enum ts_format)fmt, "/etc/chrony/chrony.conf", buf, size,
				on_include, NULL);
		if (ts_config_real_sources(&cfg) > cfg.n_sources)
			abort();
		ts_config_free(&cfg);
	}
	free(s);
	return 0;
}
