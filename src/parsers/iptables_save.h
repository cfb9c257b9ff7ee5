/* iptables-save / ip6tables-save output (what iptables-persistent keeps in
 * /etc/iptables/rules.v4 and rules.v6 and iptables-restore loads): the filter table's INPUT
 * chain, its policy and what becomes of a packet no conditional rule took: the first
 * unconditional DROP/REJECT or ACCEPT decides, an unconditional jump (-j CHAIN) to a user chain
 * decides when that chain does and comes back after it otherwise, a goto (-g CHAIN) does not
 * come back, RETURN leaves a user chain (and INPUT for its policy). Pure. */
#ifndef KENSA_PARSERS_IPTABLES_SAVE_H
#define KENSA_PARSERS_IPTABLES_SAVE_H
#include <stdbool.h>
#include <stddef.h>

#define IPTABLES_MAX_JUMPS 16

struct iptables_input {
	bool filter_table;     /* a *filter table is present */
	char policy[16];       /* ":INPUT DROP [0:0]" -> "DROP"; "" when not declared */
	unsigned policy_line;
	unsigned drop_line;    /* the unconditional DROP/REJECT every packet no conditional rule
				* took reaches (in INPUT or a chain it jumps to), 0 when none */
	unsigned accept_line;  /* or the unconditional ACCEPT it reaches first, 0 when none */
	char decided_in[32];   /* the chain holding drop_line or accept_line */
	unsigned jump_line;    /* the INPUT rule that jumped there, 0 when INPUT itself */
	bool too_deep;         /* jumps nest deeper than IPTABLES_MAX_JUMPS: not followed */
	size_t n_rules;        /* -A/-I INPUT rules */
	unsigned bad_line;     /* first line iptables-restore refuses, 0 when none */
	const char *bad_why;   /* static English phrase */
};

void iptables_save_parse(const char *buf, size_t len, struct iptables_input *out);

#endif
