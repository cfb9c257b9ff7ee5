/* The running host's loaded nftables ruleset, read with "/usr/sbin/nft -j list ruleset" (a read:
 * nothing is changed) before the audit's sandbox closes, since the sandboxed child may not run
 * programs. Optional: absent nft, no privilege or a failure is a note, never an error. */
#ifndef KENSA_NFT_LIVE_H
#define KENSA_NFT_LIVE_H
#include <stdbool.h>
#include <stddef.h>

#define NFT_PROGRAM "/usr/sbin/nft"

struct nft_live {
	bool ran;      /* the program ran and exited 0: json holds its output */
	char *json;
	size_t len;
	char note[300]; /* why not, when !ran */
};

/* NULL when there is no /usr/sbin/nft on the host. */
struct nft_live *nft_live_collect(void);
void nft_live_free(struct nft_live *n);

#endif
