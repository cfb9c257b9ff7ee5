/* libFuzzer harness: nftables configuration (src/parsers/nft_conf.c), with an include callback
 * that feeds the same text back once, as the check's reader does for an include. */
#include "parsers/nft_conf.h"
#include <stdint.h>
#include <string.h>

static const char *g_buf;
static size_t g_len;
static int g_depth;

static void include(void *ud, struct nft_conf *c, const char *path, unsigned line)
{
	(void)ud;
	(void)path;
	(void)line;
	if (g_depth >= 2)
		return;
	g_depth++;
	nft_conf_feed(c, g_buf, g_len, "included", include, NULL);
	g_depth--;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nft_conf c;
	g_buf = (const char *)data;
	g_len = size;
	g_depth = 0;
	nft_conf_init(&c);
	nft_conf_feed(&c, g_buf, size, "/etc/nftables.conf", include, NULL);
	nft_conf_free(&c);
	return 0;
}
