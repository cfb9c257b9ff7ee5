/* libFuzzer harness: nft -j list ruleset output (src/parsers/nft_json.c). */
#include "parsers/nft_json.h"
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nft_json_ruleset *rs = malloc(sizeof *rs);
	nft_json_parse((const char *)data, size, rs);
	free(rs);
	return 0;
}
