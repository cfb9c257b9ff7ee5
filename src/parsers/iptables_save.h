/* iptables-save / ip6tables-save output (what iptables-persistent keeps in
 * /etc/iptables/rules.v4 and rules.v6 and iptables-restore loads): the filter table's INPUT
 * chain, its policy and whether a rule drops or rejects every packet that reaches it. Pure. */
#ifndef KENSA_PARSERS_IPTABLES_SAVE_H
#define KENSA_PARSERS_IPTABLES_SAVE_H
#include <stdbool.h>
#include <stddef.h>

struct iptables_input {
	bool filter_table;     /* a *filter table is present */
	char policy[16];       /* ":INPUT DROP [0:0]" -> "DROP"; "" when not declared */
	unsigned policy_line;
	unsigned drop_line;    /* first "-A INPUT -j DROP|REJECT" without a match, 0 when none */
	size_t n_rules;        /* -A/-I INPUT rules */
	unsigned bad_line;     /* first line iptables-restore refuses, 0 when none */
	const char *bad_why;   /* static English phrase */
};

void iptables_save_parse(const char *buf, size_t len, struct iptables_input *out);

#endif
