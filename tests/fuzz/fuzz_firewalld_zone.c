/* libFuzzer harness: firewalld zone files (src/parsers/firewalld_zone.c). */
#include "parsers/firewalld_zone.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct firewalld_zone z;
	firewalld_zone_parse((const char *)data, size, &z);
	return 0;
}
