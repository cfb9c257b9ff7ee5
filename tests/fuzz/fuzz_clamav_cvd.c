/* libFuzzer harness: ClamAV database headers (src/parsers/clamav_cvd.c) and Security Center's
 * product list (src/parsers/win_avproduct.c), antimalware.active's two parsers. */
#include "parsers/clamav_cvd.h"
#include "parsers/win_avproduct.h"
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
	static struct av_product p[AV_PRODUCTS_MAX];
	size_t n, dropped;
	char w[256] = "";
	if (!av_products_parse((const char *)data, size, p, &n, &dropped, w, sizeof w) && !w[0])
		abort();
	return 0;
}
