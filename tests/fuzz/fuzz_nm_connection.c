/* libFuzzer harness: NetworkManager keyfiles and ifcfg files (src/parsers/nm_connection.c). */
#include "parsers/nm_connection.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nm_connection c;
	nm_keyfile_parse((const char *)data, size, &c);
	nm_ifcfg_parse((const char *)data, size, &c);
	return 0;
}
