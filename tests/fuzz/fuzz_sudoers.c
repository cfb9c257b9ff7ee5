/* libFuzzer harness: sudoers (src/parsers/sudoers.c). */
#include "parsers/sudoers.h"
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sudoers_file f;
	sudoers_parse((const char *)data, size, &f);
	for (size_t i = 0; i < f.n_rules; i++)
		if (!f.rules[i].cmnd.text)
			abort();
	sudoers_file_free(&f);
	return 0;
}
