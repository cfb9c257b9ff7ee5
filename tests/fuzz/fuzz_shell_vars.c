/* libFuzzer harness: KEY=value files (src/parsers/shell_vars.c). */
#include "parsers/shell_vars.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char v[16];
	unsigned line;
	shell_var_get((const char *)data, size, "IPV6", v, sizeof v, &line);
	shell_var_get((const char *)data, size, "DEFAULT_INPUT_POLICY", v, sizeof v, &line);
	shell_var_get((const char *)data, size, "A", v, 1, &line);
	return 0;
}
