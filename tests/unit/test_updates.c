/* Check suite for updates.pending's parsers: dpkg version order on the rules' corner cases (the
 * integration test holds it against dpkg itself on real versions), apt's list file names
 * (compared with names apt 2.6 wrote on Debian 12), the streaming Packages parser fed in every
 * chunk size, Release/InRelease fields, deb822 and one-line sources, apt.conf lookups. */
#include "testutil.h"
#include "parsers/apt_conf.h"
#include "parsers/apt_lists.h"
#include "parsers/apt_sources.h"
#include "parsers/dpkg_version.h"
#include "parsers/sudoers.h"
#include "parsers/win_localgroup.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const char *a, const char *b)
{
	int ok;
	int c = dpkg_version_compare_text(a, b, &ok);
	ck_assert_msg(ok, "%s or %s does not parse", a, b);
	return c < 0 ? -1 : c > 0;
}

START_TEST(version_order_rules)
{
	/* dpkg's own test cases (lib/dpkg/t/t-version.c) in spirit: tilde, epochs, letters. */
	ck_assert_int_eq(cmp("1.0~rc1", "1.0"), -1);
	ck_assert_int_eq(cmp("1.0~~", "1.0~"), -1);
	ck_assert_int_eq(cmp("1.0~", "1.0"), -1);
	ck_assert_int_eq(cmp("1.0", "1.0+b1"), -1);
	ck_assert_int_eq(cmp("1.0a", "1.0+"), -1); /* letters before other non-digits */
	ck_assert_int_eq(cmp("1.0", "1.0a"), -1);
	ck_assert_int_eq(cmp("1:0.1", "2.0"), 1);
	ck_assert_int_eq(cmp("0:2.0", "2.0"), 0);
	ck_assert_int_eq(cmp("2.0-1", "2.0-0"), 1);
	ck_assert_int_eq(cmp("2.0", "2.0-0"), 0);  /* an absent revision is "" and "0" == "" */
	ck_assert_int_eq(cmp("1.001", "1.1"), 0);  /* leading zeros */
	ck_assert_int_eq(cmp("1.2.3-4-5", "1.2.3-4-6"), -1); /* the revision is after the last '-' */
	ck_assert_int_eq(cmp("3.0.14-1~deb12u1", "3.0.14-1"), -1);
	ck_assert_int_eq(cmp("2.36-9+deb12u9", "2.36-9+deb12u10"), -1);
	ck_assert_int_eq(cmp("99999999999999999999.1", "99999999999999999999.2"), -1);
}
END_TEST

START_TEST(version_syntax)
{
	struct dpkg_version v;
	const char *why;
	static const char *const bad[] = { "", "  ", "1:", ":1", "a:1", "1.0-", "1 2", "1:-1",
					   "99999999999:1", NULL };
	for (size_t i = 0; bad[i]; i++) {
		ck_assert_msg(dpkg_version_parse(bad[i], &v, &why) < 0, "'%s' parsed", bad[i]);
		ck_assert_ptr_nonnull(why);
	}
	ck_assert_int_eq(dpkg_version_parse(" 1:2.0-3 ", &v, &why), 0);
	ck_assert_uint_eq(v.epoch, 1);
	ck_assert_str_eq(v.upstream, "2.0");
	ck_assert_str_eq(v.revision, "3");
	dpkg_version_free(&v);
	ck_assert_int_eq(dpkg_version_parse("abc", &v, &why), 0); /* dpkg only warns */
	dpkg_version_free(&v);
}
END_TEST

START_TEST(list_file_names_as_apt_writes_them)
{
	/* Names apt 2.6 wrote under /var/lib/apt/lists on Debian 12. */
	struct apt_sources s = { 0 };
	const char *list = "deb http://deb.debian.org/debian bookworm main contrib\n"
			   "deb [arch=amd64,i386 signed-by=/k.gpg] https://user:pw@mirror.example:8080/a_b~c/ stable main\n"
			   "deb file:/srv/repo ./\n"
			   "deb-src http://deb.debian.org/debian bookworm main\n"
			   "deb http://x\n";
	apt_sources_parse_list(list, strlen(list), &s);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_uint_eq(s.n_problems, 1);
	char *f = apt_packages_filename(&s.src[0], "main", "amd64");
	ck_assert_str_eq(f, "deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages");
	free(f);
	f = apt_release_filename(&s.src[0], true);
	ck_assert_str_eq(f, "deb.debian.org_debian_dists_bookworm_InRelease");
	free(f);
	ck_assert_uint_eq(s.src[1].n_archs, 2);
	ck_assert_str_eq(s.src[1].archs[1], "i386");
	f = apt_packages_filename(&s.src[1], "main", "i386");
	ck_assert_str_eq(f, "mirror.example:8080_a%5fb%7ec_dists_stable_main_binary-i386_Packages");
	free(f);
	f = apt_packages_filename(&s.src[2], "", "amd64");
	ck_assert_str_eq(f, "_srv_repo_._Packages");
	free(f);
	apt_sources_free(&s);
}
END_TEST

START_TEST(deb822_sources)
{
	struct apt_sources s = { 0 };
	const char *text = "Types: deb deb-src\n"
			   "URIs: http://deb.debian.org/debian\n"
			   "Suites: trixie trixie-updates\n"
			   "Components: main\n"
			   " non-free-firmware\n"
			   "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
			   "\n"
			   "# disabled\n"
			   "Types: deb\nURIs: http://x/\nSuites: s\nComponents: c\nEnabled: no\n"
			   "\n"
			   "Types: deb-src\nURIs: http://y/\nSuites: s\nComponents: c\n"
			   "\n"
			   "Types: deb\nURIs: http://z/\n";
	apt_sources_parse_deb822(text, strlen(text), &s);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_str_eq(s.src[1].suite, "trixie-updates");
	ck_assert_uint_eq(s.src[0].n_components, 2);
	ck_assert_str_eq(s.src[0].components[1], "non-free-firmware");
	ck_assert_uint_eq(s.disabled, 1);
	ck_assert_uint_eq(s.n_problems, 1);
	apt_sources_free(&s);
}
END_TEST

struct seen {
	char names[8][64];
	char versions[8][64];
	size_t n;
};

static void collect(const struct apt_stanza *st, void *arg)
{
	struct seen *s = arg;
	if (s->n < 8) {
		snprintf(s->names[s->n], 64, "%s:%s", st->package, st->arch);
		snprintf(s->versions[s->n], 64, "%s", st->version);
	}
	s->n++;
}

START_TEST(packages_stream_any_chunking)
{
	char longline[3000];
	memset(longline, 'x', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	char text[8000];
	snprintf(text, sizeof text,
		 "Package: libc6\r\nVersion: 2.36-9+deb12u9\nArchitecture: amd64\n"
		 "Depends: %s\nDescription: GNU C\n multi\n .\n line\n\n\n"
		 "Package: tzdata\nArchitecture: all\nversion: 2024b-0+deb12u1\n\n"
		 "Package: noversion\n\n"
		 "Package: %s\nVersion: 1\n\n"
		 "Package: last\nVersion: 9", longline, longline);
	size_t len = strlen(text);
	for (size_t chunk = 1; chunk <= len; chunk = chunk < 16 ? chunk + 1 : chunk * 3) {
		struct seen s = { 0 };
		struct apt_packages_parser p;
		apt_packages_init(&p, collect, &s);
		for (size_t off = 0; off < len; off += chunk)
			apt_packages_feed(&p, text + off, off + chunk > len ? len - off : chunk);
		apt_packages_finish(&p);
		ck_assert_uint_eq(s.n, 3);
		ck_assert_str_eq(s.names[0], "libc6:amd64");
		ck_assert_str_eq(s.versions[0], "2.36-9+deb12u9");
		ck_assert_str_eq(s.names[1], "tzdata:all");
		ck_assert_str_eq(s.names[2], "last:");
		ck_assert_uint_eq(p.stanzas, 5);
		ck_assert_uint_eq(p.malformed, 2);
	}
}
END_TEST

START_TEST(release_fields)
{
	const char *inrel = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n"
			    "Origin: Debian\nLabel: Debian-Security\nSuite: oldstable-security\n"
			    "Codename: bookworm-security\nDate: Mon, 24 Nov 2026 10:00:00 UTC\n"
			    "Valid-Until: Mon, 01 Dec 2026 10:00:00 UTC\nSHA256:\n 01 2 main/x\n"
			    "-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n";
	struct apt_release r;
	apt_release_parse(inrel, strlen(inrel), &r);
	ck_assert(r.found);
	ck_assert_str_eq(r.suite, "oldstable-security");
	ck_assert_str_eq(r.label, "Debian-Security");
	ck_assert(apt_release_is_security(&r));
	ck_assert_int_eq(r.date_day, 20781); /* 2026-11-24 */
	const char *rel = "Origin: Debian\nLabel: Debian Backports\nSuite: bookworm-backports\n"
			  "Date: Sat, 09 Nov 2024 10:43:33 UTC\nNotAutomatic: yes\n"
			  "ButAutomaticUpgrades: yes\n";
	apt_release_parse(rel, strlen(rel), &r);
	ck_assert(!apt_release_is_security(&r));
	ck_assert(r.not_automatic && r.but_automatic_upgrades);
	ck_assert_int_eq(apt_parse_date_day("no date"), -1);
	ck_assert_int_eq(apt_parse_date_day("Sat, 31 Feb 2024 00:00:00 UTC"), -1);
}
END_TEST

START_TEST(apt_conf_values)
{
	const char *conf = "// comment\nAPT::Periodic::Update-Package-Lists \"1\";\n"
			   "/* block\n APT::Periodic::Unattended-Upgrade \"9\"; */\n"
			   "APT { Periodic { Unattended-Upgrade \"1\"; }; };\n"
			   "# apt::periodic::unattended-upgrade \"7\";\n";
	char v[16];
	unsigned line;
	ck_assert(apt_conf_lookup(conf, strlen(conf), "APT::Periodic::Unattended-Upgrade", v,
				  sizeof v, &line));
	ck_assert_str_eq(v, "1");
	ck_assert_uint_eq(line, 5);
	const char *later = "apt::periodic::unattended-upgrade \"1\";\n"
			    "APT::Periodic::Unattended-Upgrade 0;\n";
	ck_assert(apt_conf_lookup(later, strlen(later), "APT::Periodic::Unattended-Upgrade", v,
				  sizeof v, &line));
	ck_assert_str_eq(v, "0");
	ck_assert(!apt_conf_lookup("x \"1\";", 6, "APT::Periodic::Unattended-Upgrade", v, sizeof v,
				   &line));
	/* a NUL byte once made the tokenizer stop advancing (found by fuzz_apt) */
	const char nul[] = "APT\0::Periodic { Unattended-Upgrade \"1\"; };";
	ck_assert(!apt_conf_lookup(nul, sizeof nul - 1, "APT::Periodic::Unattended-Upgrade", v,
				   sizeof v, &line));
}
END_TEST

START_TEST(sudoers_entries)
{
	const char *text = "# comment\n"
			   "Defaults\tenv_reset, !authenticate\n"
			   "Defaults:%wheel,!bob authenticate\n"
			   "User_Alias OPS = carol, #1004 : WEB = %www\n"
			   "Cmnd_Alias EVERYTHING = ALL, !/bin/su\n"
			   "%sudo\tALL=(ALL:ALL) ALL\n"
			   "OPS ALL = (root) NOPASSWD: /usr/bin/id, PASSWD: ALL : h2 = (: adm) \\\n"
			   "   /bin/ls\n"
			   "#1005 ALL = !ALL\n"
			   "#includedir /etc/sudoers.d\n"
			   "@include \"extra file\"\n"
			   "bad line without equals\n";
	struct sudoers_file f;
	sudoers_parse(text, strlen(text), &f);
	ck_assert_uint_eq(f.n_aliases, 3);
	ck_assert_str_eq(f.aliases[1].name, "WEB");
	ck_assert_str_eq(f.aliases[2].members.items[1].text, "/bin/su");
	ck_assert(f.aliases[2].members.items[1].negated);
	ck_assert_uint_eq(f.n_defaults, 2);
	ck_assert_ptr_null(f.defaults[0].binding);
	ck_assert(!f.defaults[0].authenticate);
	ck_assert_str_eq(f.defaults[1].binding, "%wheel,!bob");
	ck_assert_uint_eq(f.n_rules, 5);
	ck_assert_str_eq(f.rules[0].users.items[0].text, "%sudo");
	ck_assert(f.rules[1].nopasswd && !f.rules[2].nopasswd); /* PASSWD: ends NOPASSWD */
	ck_assert_str_eq(f.rules[1].cmnd.text, "/usr/bin/id");
	ck_assert_str_eq(f.rules[2].runas_users.items[0].text, "root"); /* carried over */
	ck_assert(f.rules[3].runas_given && f.rules[3].runas_users.n == 0); /* (: adm) */
	ck_assert_str_eq(f.rules[3].hosts.items[0].text, "h2");
	ck_assert_uint_eq(f.rules[3].line, 7);
	ck_assert_str_eq(f.rules[4].users.items[0].text, "#1005"); /* not a comment */
	ck_assert(f.rules[4].cmnd.negated);
	ck_assert_uint_eq(f.n_includes, 2);
	ck_assert_int_eq(f.includes[0].kind, SUDOERS_INCLUDEDIR);
	ck_assert_str_eq(f.includes[1].path, "extra file");
	ck_assert(f.includes[0].seq > f.rules[4].seq);
	ck_assert_uint_eq(f.n_problems, 1);
	ck_assert_uint_eq(f.problems[0].line, 12);
	sudoers_file_free(&f);
	ck_assert(sudoers_includedir_name_ok("10-bob"));
	ck_assert(!sudoers_includedir_name_ok("README.txt"));
	ck_assert(!sudoers_includedir_name_ok("old~"));
}
END_TEST

START_TEST(net_localgroup_any_language)
{
	const char *ja = "エイリアス名     Administrators\r\nコメント         x\r\n\r\nメンバー\r\n\r\n"
			 "-------------------------------------------------------------------------------\r\n"
			 "Administrator\r\nCLINIC\\Domain Admins\r\n"
			 "コマンドは正常に終了しました。\r\n\r\n";
	char **m;
	size_t n;
	char why[200];
	ck_assert(net_localgroup_parse(ja, strlen(ja), &m, &n, why, sizeof why));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(m[1], "CLINIC\\Domain Admins");
	net_localgroup_free(m, n);
	const char *empty = "Members\n\n-------------------------\nThe command completed successfully.\n";
	ck_assert(net_localgroup_parse(empty, strlen(empty), &m, &n, why, sizeof why));
	ck_assert_uint_eq(n, 0);
	net_localgroup_free(m, n);
	ck_assert(!net_localgroup_parse("garbage\n", 8, &m, &n, why, sizeof why));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("updates");
	TCase *tc = tcase_create("parsers");
	tcase_add_test(tc, version_order_rules);
	tcase_add_test(tc, version_syntax);
	tcase_add_test(tc, list_file_names_as_apt_writes_them);
	tcase_add_test(tc, deb822_sources);
	tcase_add_test(tc, packages_stream_any_chunking);
	tcase_add_test(tc, release_fields);
	tcase_add_test(tc, apt_conf_values);
	tcase_add_test(tc, sudoers_entries);
	tcase_add_test(tc, net_localgroup_any_language);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
