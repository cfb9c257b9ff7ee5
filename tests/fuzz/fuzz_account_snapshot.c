/* libFuzzer harness: the account snapshot kept in the report directory
 * (src/core/account_state.c). A text it accepts must write back to exactly the same bytes, and
 * compare with itself as unchanged. */
#include "core/account_snapshot.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void count(void *ud, const struct account_change *c)
{
	(void)c;
	++*(size_t *)ud;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct account_state st;
	unsigned char key[32];
	if (account_snapshot_parse((const char *)data, size, &st, key) != 0)
		return 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (!fp || account_snapshot_write(fp, &st, key) != 0)
		abort();
	fclose(fp);
	if (len != size || memcmp(buf, data, size) != 0)
		abort(); /* what we accept is exactly what we write */
	size_t n = 0;
	if (account_state_compare(&st, &st, count, &n) != 0 || n != 0)
		abort();
	free(buf);
	account_state_free(&st);
	return 0;
}
