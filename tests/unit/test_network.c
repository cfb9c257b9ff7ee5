/* Check suite: the parsers network.access_control stands on (nftables configuration,
 * iptables-save, KEY=value files, firewalld zones), malformed input included, and
 * sshd_effective's order (Include in place, first value wins, Match blocks) on scratch roots. */
#include "testutil.h"
#include "core/context.h"
#include "core/rootfs.h"
#include "core/sshd_effective.h"
#include "parsers/firewalld_zone.h"
#include "parsers/iptables_save.h"
#include "parsers/nft_conf.h"
#include "parsers/nft_json.h"
#include "parsers/shell_vars.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct nft_chain *chain(const struct nft_conf *c, const char *family,
				     const char *table, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->chains[i].family, family) && !strcmp(c->chains[i].table, table) &&
		    !strcmp(c->chains[i].name, name))
			return &c->chains[i];
	return NULL;
}

static void nft(struct nft_conf *c, const char *text)
{
	nft_conf_init(c);
	nft_conf_feed(c, text, strlen(text), "/etc/nftables.conf", NULL, NULL);
}

/* Debian's /usr/share/doc/nftables/examples/workstation.nft, verbatim */
static const char workstation[] =
	"#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n\tchain input {\n"
	"\t\ttype filter hook input priority 0;\n\n\t\t# accept any localhost traffic\n"
	"\t\tiif lo accept\n\n\t\t# accept traffic originated from us\n"
	"\t\tct state established,related accept\n\n"
	"\t\t# activate the following line to accept common local services\n"
	"\t\t#tcp dport { 22, 80, 443 } ct state new accept\n\n"
	"\t\t# ICMPv6 packets which must not be dropped, see https://tools.ietf.org/html/rfc4890#section-4.4.1\n"
	"\t\tmeta nfproto ipv6 icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, "
	"parameter-problem, echo-reply, echo-request, nd-router-solicit, nd-router-advert, "
	"nd-neighbor-solicit, nd-neighbor-advert, 148, 149 } accept\n"
	"\t\tip6 saddr fe80::/10 icmpv6 type { 130, 131, 132, 143, 151, 152, 153 } accept\n\n"
	"\t\t# count and drop any other traffic\n\t\tcounter drop\n\t}\n}\n";

START_TEST(nft_block_syntax)
{
	struct nft_conf c;
	nft(&c, workstation);
	ck_assert_uint_eq(c.bad_line, 0);
	ck_assert_uint_eq(c.n, 1);
	const struct nft_chain *in = chain(&c, "inet", "filter", "input");
	ck_assert_ptr_nonnull(in);
	ck_assert_str_eq(in->hook, "input");
	ck_assert(!in->policy_drop);
	ck_assert_uint_eq(in->n_rules, 5);
	ck_assert_uint_eq(in->drop_line, 23);
	nft_conf_free(&c);

	/* policy on the same line as the type, several tables, sets and a named set block */
	nft(&c, "table ip filter {\n set admins { type ipv4_addr; elements = { 192.0.2.1, 192.0.2.2 } }\n"
		" chain INPUT { type filter hook input priority filter; policy drop;\n"
		"  ip saddr @admins tcp dport 22 accept\n }\n chain fwd { type filter hook forward "
		"priority 0; policy accept; }\n}\ntable ip6 filter {\n chain input {\n"
		"  type filter hook input priority 0\n  policy accept\n  tcp dport 22 drop\n }\n}\n");
	ck_assert_uint_eq(c.bad_line, 0);
	in = chain(&c, "ip", "filter", "INPUT");
	ck_assert(in && in->policy_drop && in->policy_line == 3 && in->n_rules == 1);
	ck_assert_str_eq(chain(&c, "ip", "filter", "fwd")->hook, "forward");
	in = chain(&c, "ip6", "filter", "input");
	ck_assert(in && !in->policy_drop && in->drop_line == 0 && in->n_rules == 1);
	nft_conf_free(&c);
}
END_TEST

START_TEST(nft_command_syntax_and_flush)
{
	struct nft_conf c;
	nft(&c, "add table inet f\nadd chain inet f input { type filter hook input priority 0 ; }\n"
		"add rule inet f input ct state established accept\n"
		"add rule inet f input counter packets 0 bytes 0 log prefix \"in: \" reject with icmpx type "
		"admin-prohibited comment \"default\"\n"
		"add chain filter input { type filter hook input priority 0 ; }\n"
		"insert rule filter input position 3 drop\n");
	ck_assert_uint_eq(c.bad_line, 0);
	const struct nft_chain *in = chain(&c, "inet", "f", "input");
	ck_assert(in && in->n_rules == 2 && in->drop_line == 4);
	in = chain(&c, "ip", "filter", "input"); /* family omitted: ip */
	ck_assert(in && in->drop_line == 6);
	nft_conf_free(&c);

	nft(&c, "table inet f {\n chain input { type filter hook input priority 0; policy drop; }\n}\n"
		"flush ruleset\ntable inet f {\n chain input { type filter hook input priority 0; }\n}\n");
	in = chain(&c, "inet", "f", "input");
	ck_assert(in && !in->policy_drop && c.n_flushes == 1);
	nft_conf_free(&c);

	nft(&c, "table inet f {\n chain input { type filter hook input priority 0; drop; }\n}\n"
		"flush chain inet f input\n");
	ck_assert_uint_eq(chain(&c, "inet", "f", "input")->drop_line, 0);
	nft_conf_free(&c);

	/* a rule for a chain that was never added: nft refuses the file */
	nft(&c, "add rule inet nowhere input drop\n");
	ck_assert_uint_eq(c.bad_line, 1);
	nft_conf_free(&c);
}
END_TEST

START_TEST(nft_conditional_is_not_a_default_deny)
{
	static const char *const rules[][2] = {
		{ "drop", "1" },
		{ "counter drop", "1" },
		{ "log prefix x level warn counter reject with tcp reset", "1" },
		{ "reject comment x", "1" },
		{ "tcp dport 22 drop", "0" },
		{ "ip saddr 10.0.0.0/8 drop", "0" },
		{ "limit rate 10/second drop", "0" },
		{ "accept", "0" },
		{ "counter", "0" },
		{ "drop accept", "0" },
		{ "jump x", "0" },
	};
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
		char *copy = strdup(rules[i][0]), *save = NULL, *tok[16];
		size_t n = 0;
		for (char *t = strtok_r(copy, " ", &save); t; t = strtok_r(NULL, " ", &save))
			tok[n++] = t;
		ck_assert_msg(nft_rule_unconditional_drop(tok, n) == (rules[i][1][0] == '1'), "%s",
			      rules[i][0]);
		free(copy);
	}
}
END_TEST

static unsigned n_includes;
static void on_include(void *ud, struct nft_conf *c, const char *path, unsigned line)
{
	(void)ud;
	ck_assert_str_eq(path, "/etc/nftables.d/*.nft");
	ck_assert_uint_eq(line, 2);
	n_includes++;
	static const char inc[] = "add rule inet f input drop\n";
	nft_conf_feed(c, inc, strlen(inc), "/etc/nftables.d/10.nft", NULL, NULL);
}

START_TEST(nft_include_in_place_and_malformed)
{
	struct nft_conf c;
	nft_conf_init(&c);
	const char *t = "table inet f { chain input { type filter hook input priority 0; } }\n"
			"include \"/etc/nftables.d/*.nft\"\n";
	nft_conf_feed(&c, t, strlen(t), "/etc/nftables.conf", on_include, NULL);
	ck_assert_uint_eq(n_includes, 1);
	ck_assert_uint_eq(chain(&c, "inet", "f", "input")->drop_line, 1);
	nft_conf_free(&c);

	static const struct {
		const char *text;
		unsigned line;
	} bad[] = {
		{ "table inet f {\n chain input {\n", 3 },
		{ "}\n", 1 },
		{ "table inet f {\n chain input { comment \"open\n } }\n", 2 },
		{ "{ }\n", 1 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		nft(&c, bad[i].text);
		ck_assert_msg(c.bad_line == bad[i].line, "%s: %u", bad[i].text, c.bad_line);
		nft_conf_free(&c);
	}
	/* nesting far deeper than any real file: refused, no overflow */
	char deep[4096] = "";
	for (int i = 0; i < 1000; i++)
		strcat(deep, "{");
	nft(&c, deep);
	ck_assert_uint_ne(c.bad_line, 0);
	nft_conf_free(&c);
}
END_TEST

START_TEST(iptables_save_input)
{
	struct iptables_input in;
	const char *v4 = "# Generated by iptables-save v1.8.9 on Thu Dec  3 04:00:00 2026\n*nat\n"
			 ":INPUT ACCEPT [0:0]\n-A INPUT -j DROP\nCOMMIT\n*filter\n:INPUT ACCEPT [12:345]\n"
			 ":FORWARD DROP [0:0]\n-A INPUT -i lo -j ACCEPT\n"
			 "[0:0] -A INPUT -m comment --comment \"deny the rest\" -j REJECT --reject-with "
			 "icmp-port-unreachable\nCOMMIT\n";
	iptables_save_parse(v4, strlen(v4), &in);
	ck_assert_uint_eq(in.bad_line, 0);
	ck_assert(in.filter_table);
	ck_assert_str_eq(in.policy, "ACCEPT");
	ck_assert_uint_eq(in.n_rules, 2);
	ck_assert_uint_eq(in.drop_line, 10); /* not the nat table's line 4 */
	const char *v6 = "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j DROP\nCOMMIT\n";
	iptables_save_parse(v6, strlen(v6), &in);
	ck_assert_str_eq(in.policy, "DROP");
	ck_assert_uint_eq(in.drop_line, 0);
	const char *bad = "*filter\n:INPUT DROP [0:0]\n";
	iptables_save_parse(bad, strlen(bad), &in);
	ck_assert_uint_eq(in.bad_line, 2);
	bad = "-A INPUT -j DROP\n";
	iptables_save_parse(bad, strlen(bad), &in);
	ck_assert_uint_eq(in.bad_line, 1);
}
END_TEST

START_TEST(shell_vars_and_zone)
{
	char v[32];
	unsigned line = 0;
	const char *t = "# c\nIPV6=yes\nDEFAULT_INPUT_POLICY=\"DROP\" # x\nexport A='b c'\nIPV6=no\n";
	ck_assert(shell_var_get(t, strlen(t), "IPV6", v, sizeof v, &line));
	ck_assert_str_eq(v, "no");
	ck_assert_uint_eq(line, 5);
	ck_assert(shell_var_get(t, strlen(t), "DEFAULT_INPUT_POLICY", v, sizeof v, &line));
	ck_assert_str_eq(v, "DROP");
	ck_assert(shell_var_get(t, strlen(t), "A", v, sizeof v, &line));
	ck_assert_str_eq(v, "b c");
	ck_assert(!shell_var_get(t, strlen(t), "IPV", v, sizeof v, &line));

	struct firewalld_zone z;
	const char *x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- <zone target=\"ACCEPT\"> -->\n"
			"<zone target = 'DROP'>\n  <short>Drop</short>\n  <service name=\"ssh\"/>\n"
			"  <source address=\"192.0.2.0/24\"/>\n  <rule family=\"ipv4\"><accept/></rule>\n"
			"  <port port=\"443\" protocol=\"tcp\"/>\n</zone>\n";
	firewalld_zone_parse(x, strlen(x), &z);
	ck_assert(z.zone_found);
	ck_assert_str_eq(z.target, "DROP");
	ck_assert(z.n_services == 1 && z.n_sources == 1 && z.n_rules == 1 && z.n_ports == 1);
	firewalld_zone_parse("<zone>", 6, &z);
	ck_assert_str_eq(z.target, "default");
	firewalld_zone_parse("<zonex target=\"ACCEPT\"><!--", 27, &z);
	ck_assert(!z.zone_found);
}
END_TEST

/* nft 1.0.6 (bookworm) "nft -j list ruleset" in a network namespace that loaded Debian's
 * workstation.nft and an ip table accepting by default: tests/data/nft/. */
START_TEST(nft_json_loaded_ruleset)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/data/nft/list-ruleset-workstation.json",
		 getenv("KENSA_SOURCE_ROOT") ? getenv("KENSA_SOURCE_ROOT") : "..");
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	struct nft_json_ruleset *rs = malloc(sizeof *rs);
	nft_json_parse(buf, n, rs);
	ck_assert(rs->valid);
	ck_assert_uint_eq(rs->n_input, 2);
	ck_assert_str_eq(rs->input[0].family, "inet");
	ck_assert(!rs->input[0].policy_drop && rs->input[0].drop_rule);
	ck_assert_uint_eq(rs->input[0].n_rules, 5);
	ck_assert_str_eq(rs->input[1].name, "INPUT");
	ck_assert(!rs->input[1].policy_drop && !rs->input[1].drop_rule);
	nft_json_parse("{\"nftables\": 3}", 15, rs);
	ck_assert(!rs->valid);
	nft_json_parse("not json", 8, rs);
	ck_assert(!rs->valid);
	const char *pol = "{\"nftables\": [{\"chain\": {\"family\": \"ip6\", \"table\": \"t\", "
			  "\"name\": \"in\", \"hook\": \"input\", \"policy\": \"drop\"}}, {\"rule\": "
			  "{\"family\": \"ip6\", \"table\": \"t\", \"chain\": \"in\", \"expr\": "
			  "[{\"log\": null}, {\"reject\": null, \"x\": 1}]}}]}";
	nft_json_parse(pol, strlen(pol), rs);
	ck_assert(rs->valid && rs->n_input == 1 && rs->input[0].policy_drop);
	ck_assert(!rs->input[0].drop_rule); /* a statement with two keys is not one we know */
	free(rs);
}
END_TEST

static void load(const char *root, struct sshd_effective *e)
{
	struct rootfs *fs;
	ck_assert_int_eq(rootfs_open(root, &fs), 0);
	struct audit_context ctx;
	memset(&ctx, 0, sizeof ctx);
	ctx.root = fs;
	sshd_effective_load(&ctx, e, NULL);
	rootfs_close(fs);
}

START_TEST(sshd_effective_order)
{
	char *root = tu_mkroot();
	struct sshd_effective e;
	load(root, &e);
	ck_assert(!e.present && e.n == 0);
	sshd_effective_free(&e);
	tu_write(root, "etc/ssh/sshd_config",
		 "Include sshd_config.d/*.conf\nPermitRootLogin yes\nAllowUsers alice\n"
		 "ListenAddress 192.0.2.5\nMatch User bob\n  PasswordAuthentication yes\n"
		 "Match all\nAllowUsers carol@192.0.2.0/24\n");
	tu_write(root, "etc/ssh/sshd_config.d/20-b.conf", "PermitRootLogin no\n");
	tu_write(root, "etc/ssh/sshd_config.d/10-a.conf", "passwordauthentication=no\n");
	load(root, &e);
	ck_assert(e.present && !e.fatal_why);
	const struct sshd_setting *s = sshd_effective_first(&e, "permitrootlogin");
	ck_assert_str_eq(s->value, "no");
	ck_assert_str_eq(s->file, "/etc/ssh/sshd_config.d/20-b.conf");
	s = sshd_effective_first(&e, "passwordauthentication");
	ck_assert_str_eq(s->file, "/etc/ssh/sshd_config.d/10-a.conf");
	size_t from = 0, allow = 0;
	s = sshd_effective_next_match(&e, "passwordauthentication", &from);
	ck_assert(s && !strcmp(s->match, "User bob") && s->line == 6);
	ck_assert_ptr_null(sshd_effective_next_match(&e, "passwordauthentication", &from));
	for (size_t i = 0; i < e.n; i++)
		allow += !e.s[i].match && !strcmp(e.s[i].keyword, "allowusers");
	ck_assert_uint_eq(allow, 2); /* "Match all" returns to global scope */
	char where[300];
	sshd_setting_where(sshd_effective_first(&e, "listenaddress"), "ListenAddress", where,
			   sizeof where);
	ck_assert_str_eq(where, "/etc/ssh/sshd_config:4: ListenAddress 192.0.2.5");
	sshd_effective_free(&e);

	/* sshd refuses: an unterminated quote, an Include of itself */
	tu_write(root, "etc/ssh/sshd_config.d/10-a.conf", "Banner \"/etc/issue\n");
	load(root, &e);
	ck_assert_str_eq(e.fatal_why, "malformed line");
	ck_assert_str_eq(e.fatal_file, "/etc/ssh/sshd_config.d/10-a.conf");
	sshd_effective_free(&e);
	tu_write(root, "etc/ssh/sshd_config.d/10-a.conf", "Include /etc/ssh/sshd_config\n");
	load(root, &e);
	ck_assert_str_eq(e.fatal_why, "Include recursion");
	sshd_effective_free(&e);
	tu_rmtree(root);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("network");
	TCase *t = tcase_create("parsers");
	tcase_add_test(t, nft_block_syntax);
	tcase_add_test(t, nft_command_syntax_and_flush);
	tcase_add_test(t, nft_conditional_is_not_a_default_deny);
	tcase_add_test(t, nft_include_in_place_and_malformed);
	tcase_add_test(t, iptables_save_input);
	tcase_add_test(t, shell_vars_and_zone);
	tcase_add_test(t, sshd_effective_order);
	tcase_add_test(t, nft_json_loaded_ruleset);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
