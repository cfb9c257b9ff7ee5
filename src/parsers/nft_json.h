/* The loaded ruleset as "nft -j list ruleset" prints it (libnftables' JSON schema, nft(8)
 * libnftables-json(5)): the base chains on the input hook, their policy and whether a rule
 * drops or rejects unconditionally. Pure: text in, a summary out. */
#ifndef KENSA_PARSERS_NFT_JSON_H
#define KENSA_PARSERS_NFT_JSON_H
#include <stdbool.h>
#include <stddef.h>

#define NFT_JSON_MAX_CHAINS 256

struct nft_json_chain {
	char family[16], table[64], name[64];
	bool policy_drop;
	bool drop_rule;   /* a rule drops or rejects whatever reaches it */
	size_t n_rules;
};

struct nft_json_ruleset {
	bool valid;       /* the text is nft's JSON ({"nftables": [...]}) */
	struct nft_json_chain input[NFT_JSON_MAX_CHAINS]; /* base chains on hook input */
	size_t n_input;
};

void nft_json_parse(const char *buf, size_t len, struct nft_json_ruleset *out);

#endif
