/* libFuzzer harness: iptables-save files (src/parsers/iptables_save.c). */
#include "parsers/iptables_save.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iptables_input in;
	iptables_save_parse((const char *)data, size, &in);
	return 0;
}
