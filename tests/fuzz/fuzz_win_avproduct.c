/* libFuzzer harness: Security Center's anti-virus product list as ConvertTo-Csv writes it
 * (src/parsers/win_avproduct.c). */
#include "parsers/win_avproduct.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct av_product p[AV_PRODUCTS_MAX];
	size_t n, dropped;
	char why[256] = "";
	if (!av_products_parse((const char *)data, size, p, &n, &dropped, why, sizeof why)) {
		if (!why[0])
			abort(); /* every refusal says why */
		return 0;
	}
	if (n > AV_PRODUCTS_MAX)
		abort();
	for (size_t i = 0; i < n; i++)
		if (!memchr(p[i].name, '\0', sizeof p[i].name))
			abort();
	return 0;
}
