/* libFuzzer harness: ClamAV database headers (src/parsers/clamav_cvd.c). */
#include "parsers/clamav_cvd.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cvd_header h;
	const char *why = NULL;
	if (!cvd_header_parse(data, size, &h, &why) && (!why || !*why))
		abort(); /* every refusal says why */
	if (cvd_header_parse(data, size, &h, &why) && (!memchr(h.build_time, '\0', sizeof h.build_time)))
		abort();
	char v[256];
	unsigned line;
	(void)clamav_conf_value((const char *)data, size, "DatabaseDirectory", v, sizeof v, &line);
	return 0;
}
