/* nft -j list ruleset, run once per live audit by main.c before the sandbox. */
#include "nft_live.h"
#include "command.h"
#include "xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NFT_JSON_MAX (8u << 20)
#define NFT_TIMEOUT_MS 5000

struct nft_live *nft_live_collect(void)
{
	if (access(NFT_PROGRAM, X_OK) != 0)
		return NULL;
	struct nft_live *n = xcalloc(1, sizeof *n);
	const char *const argv[] = { NFT_PROGRAM, "-j", "list", "ruleset", NULL };
	struct command_output out;
	char why[256];
	int rc = command_run(argv, NULL, NULL, NFT_JSON_MAX, NFT_TIMEOUT_MS, &out, why, sizeof why);
	if (rc < 0) {
		snprintf(n->note, sizeof n->note, "%s", why);
		return n;
	}
	if (out.exit_status != 0 || out.timed_out || out.truncated) {
		size_t e = out.err_len;
		while (e && (out.err[e - 1] == '\n' || out.err[e - 1] == '\r'))
			e--;
		snprintf(n->note, sizeof n->note, "exit %d%s: %.*s", out.exit_status,
			 out.timed_out ? " (timed out)" : out.truncated ? " (output too large)" : "",
			 (int)(e > 200 ? 200 : e), out.err ? out.err : "");
		command_output_free(&out);
		return n;
	}
	n->ran = true;
	n->json = out.data;
	n->len = out.len;
	out.data = NULL;
	command_output_free(&out);
	return n;
}

void nft_live_free(struct nft_live *n)
{
	if (!n)
		return;
	free(n->json);
	free(n);
}
