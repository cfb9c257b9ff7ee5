/* libFuzzer harness: Windows account policy (src/parsers/win_policy.c): a secedit /export INF
 * and `net accounts` output, over the same bytes. */
#include "parsers/win_policy.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* winsource hands the parsers its decoded UTF-8 text NUL-terminated; so does this */
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	char why[256];
	long long days;
	struct win_account_policy p;
	memset(&p, 0, sizeof p);
	if (secedit_parse(text, size, &p, why, sizeof why))
		(void)win_policy_max_age(&p, &days);
	memset(&p, 0, sizeof p);
	if (net_accounts_parse(text, size, &p, why, sizeof why))
		(void)win_policy_max_age(&p, &days);
	free(text);
	return 0;
}
