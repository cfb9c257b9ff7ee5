/* libFuzzer harness: logrotate.conf (src/parsers/logrotate_conf.c). An include re-parses a small fixed file, as the check does for /etc/logrotate.d. */
#include "parsers/logrotate_conf.h"
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

static void on_include(void *ud, struct logrotate_config *cfg, const char *path,
		       const char *from_file, unsigned line)
{
	(void)ud; (void)path; (void)line;
	static const char inc[] = "/var/log/syslog {\n\trotate 4\n\tweekly\n}\n";
	if (cfg->depth < 3)
		logrotate_parse(cfg, from_file, inc, sizeof inc - 1, NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char *s = cstr(data, size);
	(void)buf;
	struct logrotate_config cfg;
	logrotate_init(&cfg);
	logrotate_parse(&cfg, "/etc/logrotate.conf", buf, size, on_include, NULL);
	for (size_t i = 0; i < cfg.n_blocks; i++) {
		struct lr_retention r;
		logrotate_retention(&cfg.blocks[i].opt, &r);
		(void)logrotate_criterion_name(cfg.blocks[i].opt.criterion);
	}
	(void)logrotate_find(&cfg, "/var/log/auth.log");
	(void)logrotate_taboo(&cfg, "rsyslog.dpkg-old");
	logrotate_free(&cfg);
	free(s);
	return 0;
}
