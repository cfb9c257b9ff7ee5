/* nftables configuration files (nft(8) "nft -f" input) as far as inbound default policy goes:
 * tables, chains with their hook and policy, whether a chain holds an unconditional drop or
 * reject, in both the block syntax (table inet filter { chain input { ... } }) and the command
 * syntax (add chain / add rule), flush ruleset, include directives wherever a statement may
 * stand (handed to the caller, which reads the file and feeds it back: it is parsed in the
 * block the include stands in, as nft's scanner reads it in place), and define / redefine /
 * undefine with $variables substituted (scoped to the block they are defined in). Pure:
 * buffers in, data out. */
#ifndef KENSA_PARSERS_NFT_CONF_H
#define KENSA_PARSERS_NFT_CONF_H
#include <stdbool.h>
#include <stddef.h>

#define NFT_MAX_CHAINS 1024
#define NFT_MAX_DEFINES 256   /* variables kept at once: lookups stay linear in the file */

struct nft_chain {
	char *family;       /* ip, ip6, inet, arp, bridge, netdev ("ip" when omitted) */
	char *table, *name;
	char *hook;         /* "input", "forward"...; NULL for a regular chain */
	bool policy_drop;   /* policy drop (a base chain's default is accept) */
	unsigned policy_line;
	unsigned drop_line; /* first rule that drops or rejects unconditionally, 0 when none */
	size_t n_rules;
	unsigned line;      /* where the chain was first declared */
	const char *file;   /* the caller's tag of the file it was declared in */
};

struct nft_conf {
	struct nft_chain *chains;
	size_t n, cap;
	bool truncated;          /* more than NFT_MAX_CHAINS chains: the rest were not kept */
	/* the first syntax error nft -f refuses the whole file for: 0 when none */
	unsigned bad_line;
	const char *bad_file;
	const char *bad_why;     /* a static English phrase */
	unsigned n_flushes;      /* "flush ruleset" statements seen */
	/* internal: the defines in scope, and the parser feeding now (an include is parsed in
	 * its block) */
	struct nft_define *defines;
	size_t n_defines, cap_defines;
	bool defines_truncated;  /* more than NFT_MAX_DEFINES: the rest were not substituted */
	void *active;
};

struct nft_define {
	char *name;
	char *value;     /* one word; NULL when the value is a set or several words */
	size_t depth;    /* the block nesting it was defined at: gone when that block closes */
};

/* path: the include argument as written (nft resolves relative ones against its include
 * path, /etc by default on Debian: the caller decides); line: where the include stands. */
typedef void (*nft_include_fn)(void *ud, struct nft_conf *conf, const char *path, unsigned line);

void nft_conf_init(struct nft_conf *conf);
/* Parse one file's text into conf (chains accumulate across files, as nft merges them). file is
 * kept by pointer in the chains and errors: it must outlive conf. include may be NULL. */
void nft_conf_feed(struct nft_conf *conf, const char *buf, size_t len, const char *file,
		   nft_include_fn include, void *ud);
void nft_conf_free(struct nft_conf *conf);
/* Does this rule text (tokens of one rule) drop or reject every packet that reaches it? */
bool nft_rule_unconditional_drop(char *const *tok, size_t n);

#endif
