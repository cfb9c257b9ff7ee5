/* Check suite: modprobe.d parsing and kmod's file selection/first-match rules, modules.dep lines,
 * kernel command line splitting, /etc/default/grub shell assignments and USBGuard rules —
 * including malformed input (over-long lines, continuation at EOF, NUL bytes). */
#include "testutil.h"
#include "parsers/kernel_cmdline.h"
#include "parsers/modprobe.h"
#include "parsers/usbguard.h"
#include <stdlib.h>
#include <string.h>

static void parse(const char *text, size_t len, struct modprobe_file *f)
{
	modprobe_parse(text, len, "/etc/modprobe.d/test.conf", f);
}

START_TEST(modprobe_commands_and_underscores)
{
	static const char text[] =
		"# These are the standard aliases and dependencies.\n"
		"options snd-pcsp index=-2\n"
		"softdep uhci-hcd pre: ehci-hcd\n"
		"install usb-storage /bin/false\n"
		"blacklist\tusb-storage\n"
		"alias usb:v*p*d*dc*dsc*dp*ic08isc06ip50in* usb-storage\n"
		"remove uas /bin/true\n"
		"  blacklist uas\n";
	struct modprobe_file f;
	parse(text, sizeof text - 1, &f);
	ck_assert_uint_eq(f.n, 7);
	ck_assert_uint_eq(f.n_bad, 0);
	ck_assert_int_eq(f.directives[0].command, MODPROBE_OPTIONS);
	ck_assert_str_eq(f.directives[0].module, "snd_pcsp");
	ck_assert_str_eq(f.directives[0].argument, "index=-2"); /* options keep their dashes */
	ck_assert_uint_eq(f.directives[0].line, 2);
	ck_assert_str_eq(f.directives[1].module, "uhci_hcd");
	ck_assert_str_eq(f.directives[2].module, "usb_storage");
	ck_assert_str_eq(f.directives[2].argument, "/bin/false");
	ck_assert_int_eq(f.directives[3].command, MODPROBE_BLACKLIST);
	ck_assert_str_eq(f.directives[3].module, "usb_storage");
	ck_assert_str_eq(f.directives[4].argument, "usb_storage"); /* alias target normalised */
	ck_assert_str_eq(f.directives[6].module, "uas");
	ck_assert_uint_eq(f.directives[6].line, 8);
	modprobe_file_free(&f);
}
END_TEST

START_TEST(modprobe_continuation_and_comments)
{
	/* Backslash-newline joins lines (numbered from the first), a backslash before another
	 * character is dropped, '#' is a comment only in column 1, a trailing CR stays part of the
	 * field (so "usb_storage\r" is not usb_storage, as for kmod). */
	static const char text[] =
		"install usb-storage \\\n"
		"  /bin/false\n"
		" # indented hash: a bad line for kmod\n"
		"blacklist us\\b-storage\n"
		"blacklist uas\r\n"
		"install uas /bin/true \\";
	struct modprobe_file f;
	parse(text, sizeof text - 1, &f);
	ck_assert_uint_eq(f.n, 4);
	ck_assert_str_eq(f.directives[0].module, "usb_storage");
	ck_assert_str_eq(f.directives[0].argument, "/bin/false");
	ck_assert_uint_eq(f.directives[0].line, 1);
	ck_assert_str_eq(f.directives[1].module, "usb_storage");
	ck_assert_uint_eq(f.directives[1].line, 4);
	ck_assert_str_eq(f.directives[2].module, "uas\r");
	/* continuation at EOF: the backslash is dropped, the line still counts */
	ck_assert_str_eq(f.directives[3].argument, "/bin/true ");
	ck_assert_uint_eq(f.directives[3].line, 6);
	ck_assert_uint_eq(f.n_bad, 1);
	ck_assert_uint_eq(f.bad[0].line, 3);
	ck_assert_ptr_nonnull(strstr(f.bad[0].why, "'#'"));
	struct modprobe_hit hit;
	ck_assert(!modprobe_find_blacklist(&f, 1, "uas", &hit));
	ck_assert(modprobe_find_blacklist(&f, 1, "usb_storage", &hit));
	ck_assert_uint_eq(hit.directive->line, 4);
	modprobe_file_free(&f);
}
END_TEST

START_TEST(modprobe_malformed_input)
{
	/* NUL bytes end a logical line's text; bad and incomplete lines are reported and skipped. */
	static const char text[] = "blacklist uas\0 trailing junk\n"
				   "install usb-storage\n"
				   "frobnicate usb-storage\n"
				   "include /etc/other.conf\n"
				   "blacklist foo]bar\n"
				   "options\n"
				   "\0\n"
				   "blacklist [a-z\n";
	struct modprobe_file f;
	parse(text, sizeof text - 1, &f);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_str_eq(f.directives[0].module, "uas");
	ck_assert_uint_eq(f.n_bad, 6);
	ck_assert_uint_eq(f.bad[0].line, 2);
	ck_assert_ptr_nonnull(strstr(f.bad[1].why, "unknown command"));
	ck_assert_ptr_nonnull(strstr(f.bad[2].why, "deprecated"));
	ck_assert_uint_eq(f.bad[5].line, 8);
	modprobe_file_free(&f);

	/* An over-long line (1 MiB) is one directive, not truncated or split. */
	size_t big = 1u << 20;
	char *buf = malloc(big + 64);
	strcpy(buf, "install usb-storage /bin/false ");
	size_t l = strlen(buf);
	memset(buf + l, 'x', big);
	strcpy(buf + l + big, "\nblacklist uas\n");
	parse(buf, strlen(buf), &f);
	ck_assert_uint_eq(f.n, 2);
	ck_assert_uint_eq(strlen(f.directives[0].argument), strlen("/bin/false ") + big);
	ck_assert_uint_eq(f.directives[1].line, 2);
	modprobe_file_free(&f);
	free(buf);

	/* Empty input and a lone backslash. */
	parse("", 0, &f);
	ck_assert_uint_eq(f.n + f.n_bad, 0);
	modprobe_file_free(&f);
	parse("\\", 1, &f);
	ck_assert_uint_eq(f.n + f.n_bad, 0);
	modprobe_file_free(&f);
}
END_TEST

START_TEST(modprobe_underscores_like_kmod)
{
	char a[] = "usb-storage", b[] = "snd-[a-z]*-x", c[] = "bad]", d[] = "open[a-";
	ck_assert(modprobe_underscores(a));
	ck_assert_str_eq(a, "usb_storage");
	ck_assert(modprobe_underscores(b));
	ck_assert_str_eq(b, "snd_[a-z]*_x");
	ck_assert(!modprobe_underscores(c));
	ck_assert(!modprobe_underscores(d));
}
END_TEST

START_TEST(conf_list_override_and_order)
{
	/* /etc wins over /usr/lib for the same name; the survivors are read sorted by name;
	 * only *.conf not starting with '.' count. */
	struct modprobe_conf_list l = { 0 };
	ck_assert(modprobe_conf_list_add(&l, 0, "usb-storage.conf"));
	ck_assert(modprobe_conf_list_add(&l, 0, "00-local.conf"));
	ck_assert(!modprobe_conf_list_add(&l, 0, "README"));
	ck_assert(!modprobe_conf_list_add(&l, 0, ".hidden.conf"));
	ck_assert(!modprobe_conf_list_add(&l, 0, "x.conf.dpkg-old"));
	ck_assert(!modprobe_conf_list_add(&l, 0, ".conf"));
	ck_assert(!modprobe_conf_list_add(&l, 3, "usb-storage.conf"));
	ck_assert(modprobe_conf_list_add(&l, 3, "aliases.conf"));
	ck_assert(modprobe_conf_list_add(&l, 4, "systemd.conf"));
	ck_assert(!modprobe_conf_list_add(&l, 4, "aliases.conf")); /* /lib = /usr/lib on usrmerge */
	modprobe_conf_list_sort(&l);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_str_eq(l.entries[0].name, "00-local.conf");
	ck_assert_str_eq(l.entries[1].name, "aliases.conf");
	ck_assert_uint_eq(l.entries[1].dir, 3);
	ck_assert_str_eq(l.entries[2].name, "systemd.conf");
	ck_assert_str_eq(l.entries[3].name, "usb-storage.conf");
	ck_assert_uint_eq(l.entries[3].dir, 0);
	ck_assert_str_eq(modprobe_config_dirs[0], "/etc/modprobe.d");
	ck_assert_str_eq(modprobe_config_dirs[3], "/usr/lib/modprobe.d");
	modprobe_conf_list_free(&l);
}
END_TEST

START_TEST(first_install_wins_and_softdep)
{
	struct modprobe_file files[2];
	static const char a[] = "install usb_storage /sbin/modprobe --ignore-install usb_storage $CMDLINE_OPTS\n"
				"softdep uas pre:\n";
	static const char b[] = "install usb* /bin/false\n"
				"install uas /bin/false\n"
				"softdep usb-storage post: sd_mod\n";
	modprobe_parse(a, sizeof a - 1, "/etc/modprobe.d/00-a.conf", &files[0]);
	modprobe_parse(b, sizeof b - 1, "/etc/modprobe.d/99-b.conf", &files[1]);
	struct modprobe_hit hit;
	ck_assert(modprobe_find_install(files, 2, "usb_storage", &hit));
	ck_assert_str_eq(hit.file->path, "/etc/modprobe.d/00-a.conf");
	ck_assert(modprobe_find_install(files, 2, "usbhid", &hit)); /* glob pattern */
	ck_assert_str_eq(hit.directive->argument, "/bin/false");
	ck_assert(modprobe_find_install(&files[1], 1, "usb_storage", &hit));
	ck_assert_str_eq(hit.directive->module, "usb*");
	/* softdep without modules changes nothing; with one it disables the install command */
	ck_assert(!modprobe_find_softdep(files, 2, "uas", NULL));
	ck_assert(modprobe_find_softdep(files, 2, "usb_storage", &hit));
	ck_assert_uint_eq(hit.directive->line, 3);
	ck_assert(!modprobe_find_install(files, 2, "uas_x", NULL));
	modprobe_file_free(&files[0]);
	modprobe_file_free(&files[1]);
}
END_TEST

START_TEST(install_effects)
{
	const char *const bl[] = { "/bin/false", "/bin/true", "/usr/bin/false", "/usr/bin/true" };
	ck_assert_int_eq(modprobe_install_effect("/bin/false", bl, 4), INSTALL_BLOCKS);
	ck_assert_int_eq(modprobe_install_effect("/bin/true ", bl, 4), INSTALL_BLOCKS);
	ck_assert_int_eq(modprobe_install_effect("/bin/false\r", bl, 4), INSTALL_BLOCKS);
	ck_assert_int_eq(modprobe_install_effect("/bin/true # CIS 1.1.10", bl, 4), INSTALL_BLOCKS);
	ck_assert_int_eq(modprobe_install_effect("/bin/false; /sbin/modprobe --ignore-install usb-storage",
						 bl, 4), INSTALL_LOADS);
	ck_assert_int_eq(modprobe_install_effect("/sbin/modprobe --ignore-install usb_storage $CMDLINE_OPTS",
						 bl, 4), INSTALL_LOADS);
	ck_assert_int_eq(modprobe_install_effect("insmod /lib/modules/x/usb-storage.ko", bl, 4),
			 INSTALL_LOADS);
	ck_assert_int_eq(modprobe_install_effect("/bin/false && echo", bl, 4), INSTALL_UNKNOWN);
	ck_assert_int_eq(modprobe_install_effect("/bin/sh -c 'exit 1'", bl, 4), INSTALL_UNKNOWN);
	ck_assert_int_eq(modprobe_install_effect("/bin/echo blocked", bl, 4), INSTALL_UNKNOWN);
	ck_assert_int_eq(modprobe_install_effect("/bin/falsehood", bl, 4), INSTALL_UNKNOWN);
	ck_assert_int_eq(modprobe_install_effect("/bin/false", bl, 0), INSTALL_UNKNOWN);
}
END_TEST

START_TEST(modules_dep_lines)
{
	char name[64], deps[256];
	ck_assert(modules_dep_line("kernel/drivers/usb/storage/uas.ko: kernel/drivers/usb/storage/usb-storage.ko "
				   "kernel/drivers/scsi/scsi_mod.ko", name, sizeof name, deps, sizeof deps));
	ck_assert_str_eq(name, "uas");
	ck_assert_str_eq(deps, "usb_storage scsi_mod");
	ck_assert(modules_dep_line("kernel/drivers/scsi/scsi_common.ko:", name, sizeof name, deps,
				   sizeof deps));
	ck_assert_str_eq(name, "scsi_common");
	ck_assert_str_eq(deps, "");
	ck_assert(modules_dep_line("kernel/drivers/usb/storage/ums-realtek.ko.xz: x/usb-storage.ko.xz",
				   name, sizeof name, deps, sizeof deps));
	ck_assert_str_eq(name, "ums_realtek");
	ck_assert_str_eq(deps, "usb_storage");
	ck_assert(!modules_dep_line("no colon here", name, sizeof name, deps, sizeof deps));
	ck_assert(!modules_dep_line(": empty", name, sizeof name, deps, sizeof deps));
	ck_assert(!modules_dep_line("a b.ko: c.ko", name, sizeof name, deps, sizeof deps));
	char small[8];
	ck_assert(!modules_dep_line("a.ko: verylongname.ko", name, sizeof name, small, sizeof small));
	modprobe_path_to_modname("kernel/drivers/usb/storage/usb-storage.ko", name, sizeof name);
	ck_assert_str_eq(name, "usb_storage");
}
END_TEST

START_TEST(kernel_cmdline_split)
{
	struct kcmdline c = { 0 };
	kcmdline_parse("BOOT_IMAGE=/vmlinuz-6.1.0-56-amd64 root=UUID=1234 ro quiet "
		       "module_blacklist=usb_storage,uas \"dyndbg=file x.c +p\" modprobe.blacklist=\"usb-storage\" "
		       "usbcore.authorized-default=0 -- module_blacklist=none", &c);
	ck_assert_uint_eq(c.n, 8);
	ck_assert_str_eq(c.params[0].name, "BOOT_IMAGE");
	ck_assert_str_eq(c.params[1].value, "UUID=1234");
	ck_assert_ptr_null(c.params[2].value);
	ck_assert_str_eq(c.params[5].value, "file x.c +p");
	ck_assert_str_eq(c.params[6].value, "usb-storage");
	ck_assert_str_eq(kcmdline_last(&c, "module_blacklist"), "usb_storage,uas"); /* after -- : init's */
	ck_assert_str_eq(kcmdline_last(&c, "usbcore.authorized_default"), "0");
	ck_assert(kcmdline_name_eq("module-blacklist", "module_blacklist"));
	kcmdline_parse("module_blacklist=uas", &c); /* appended: the last value wins */
	ck_assert_str_eq(kcmdline_last(&c, "module_blacklist"), "uas");
	kcmdline_free(&c);
	kcmdline_parse("   ", &c);
	ck_assert_uint_eq(c.n, 0);
	kcmdline_parse("\"unterminated =x", &c);
	ck_assert_uint_eq(c.n, 1);
	kcmdline_free(&c);
}
END_TEST

START_TEST(grub_shell_assignments)
{
	static const char grub[] =
		"GRUB_DEFAULT=0\n"
		"GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\n"
		"GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"
		"GRUB_CMDLINE_LINUX=\"\"\n"
		"#GRUB_CMDLINE_LINUX=\"module_blacklist=x\"\n";
	static const char cfg[] =
		"GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX module_blacklist=usb_storage,uas\"\n"
		"export GRUB_CMDLINE_LINUX_DEFAULT='${GRUB_CMDLINE_LINUX_DEFAULT} splash'\n"
		"GRUB_X=\"two\n"
		"lines\"\n"
		"GRUB_CMDLINE_LINUX=\"${GRUB_CMDLINE_LINUX} audit=1\"\n"
		"GRUB_BROKEN=\"no end\n";
	struct shell_vars v = { 0 };
	struct shell_issue *issues = NULL;
	size_t n = 0;
	ck_assert_uint_eq(shell_vars_parse(&v, "/etc/default/grub", grub, sizeof grub - 1, &issues, &n), 1);
	ck_assert_str_eq(issues[0].name, "GRUB_DISTRIBUTOR");
	ck_assert_uint_eq(issues[0].line, 2);
	ck_assert_ptr_null(shell_vars_get(&v, "GRUB_DISTRIBUTOR"));
	ck_assert_uint_eq(shell_vars_parse(&v, "/etc/default/grub.d/usb.cfg", cfg, sizeof cfg - 1,
					   &issues, &n), 1);
	const struct shell_var *l = shell_vars_get(&v, "GRUB_CMDLINE_LINUX");
	ck_assert_str_eq(l->value, " module_blacklist=usb_storage,uas audit=1");
	ck_assert_str_eq(l->file, "/etc/default/grub.d/usb.cfg");
	ck_assert_uint_eq(l->line, 5);
	ck_assert_str_eq(shell_vars_get(&v, "GRUB_CMDLINE_LINUX_DEFAULT")->value,
			 "${GRUB_CMDLINE_LINUX_DEFAULT} splash"); /* single quotes: literal */
	ck_assert_str_eq(shell_vars_get(&v, "GRUB_X")->value, "two\nlines");
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(issues[1].name, "GRUB_BROKEN");
	ck_assert_uint_eq(issues[1].line, 6);
	shell_issues_free(issues, n);
	shell_vars_free(&v);
}
END_TEST

START_TEST(usbguard_daemon_conf)
{
	static const char conf[] = "# comment\n"
				   "RuleFile=/etc/usbguard/rules.conf\n"
				   "RuleFolder=/etc/usbguard/rules.d/\n"
				   "ImplicitPolicyTarget = block \n"
				   "PresentDevicePolicy=apply-policy\n"
				   "InsertedDevicePolicy=apply-policy\n"
				   "#ImplicitPolicyTarget=allow\n";
	struct usbguard_daemon_conf c;
	usbguard_parse_daemon_conf(conf, sizeof conf - 1, &c);
	ck_assert(c.rule_file.found);
	ck_assert_str_eq(c.rule_folder.value, "/etc/usbguard/rules.d/");
	ck_assert_str_eq(c.implicit_target.value, "block");
	ck_assert_uint_eq(c.implicit_target.line, 4);
	ck_assert(usbguard_target_blocks("reject"));
	ck_assert(!usbguard_target_blocks("allow"));
	usbguard_parse_daemon_conf("", 0, &c);
	ck_assert(!c.rule_file.found);
}
END_TEST

START_TEST(usbguard_rules)
{
	char why[128];
	/* generate-policy output: pinned to one device */
	ck_assert_int_eq(usbguard_rule_storage("allow id 1d6b:0002 serial \"0000:00:14.0\" name \"xHCI Host "
		"Controller\" hash \"jEP/6WzviqdJ5VSeTUY8PatCNBKeaREvo2OqdplND/o=\" with-interface 09:00:00 "
		"with-connect-type \"\"", why, sizeof why), USBGUARD_NO_MATCH);
	ck_assert_int_eq(usbguard_rule_storage("allow", why, sizeof why), USBGUARD_ALLOWS);
	ck_assert_int_eq(usbguard_rule_storage("allow with-interface equals { 08:*:* }", why, sizeof why),
			 USBGUARD_ALLOWS);
	ck_assert_int_eq(usbguard_rule_storage("allow with-interface 08:06:50", why, sizeof why),
			 USBGUARD_ALLOWS);
	ck_assert_int_eq(usbguard_rule_storage("allow with-interface one-of { 03:00:01 03:01:01 }", why,
					       sizeof why), USBGUARD_NO_MATCH);
	ck_assert_int_eq(usbguard_rule_storage("allow with-interface none-of { 08:*:* }", why, sizeof why),
			 USBGUARD_NO_MATCH);
	ck_assert_int_eq(usbguard_rule_storage("allow with-interface none-of { 03:*:* }", why, sizeof why),
			 USBGUARD_ALLOWS);
	ck_assert_int_eq(usbguard_rule_storage("allow id *:* with-interface all-of { 08:06:* }", why,
					       sizeof why), USBGUARD_ALLOWS);
	ck_assert_int_eq(usbguard_rule_storage("block with-interface equals { 08:*:* }", why, sizeof why),
			 USBGUARD_BLOCKS);
	ck_assert_int_eq(usbguard_rule_storage("reject with-interface one-of { 08:*:* 03:*:* }", why,
					       sizeof why), USBGUARD_BLOCKS);
	ck_assert_int_eq(usbguard_rule_storage("block with-interface 08:*:* if !rule-applied", why,
					       sizeof why), USBGUARD_NO_MATCH);
	ck_assert_int_eq(usbguard_rule_storage("allow if localtime(08:00-17:00)", why, sizeof why),
			 USBGUARD_ALLOWS);
	ck_assert_int_eq(usbguard_rule_storage("allow via-port \"1-2\"", why, sizeof why), USBGUARD_ALLOWS);
	ck_assert_int_eq(usbguard_rule_storage("  # comment", why, sizeof why), USBGUARD_NO_MATCH);
	ck_assert_int_eq(usbguard_rule_storage("", why, sizeof why), USBGUARD_NO_MATCH);
	ck_assert_int_eq(usbguard_rule_storage("permit", why, sizeof why), USBGUARD_MALFORMED);
	ck_assert_int_eq(usbguard_rule_storage("allow with-interface { 08:*:*", why, sizeof why),
			 USBGUARD_MALFORMED);
	ck_assert_int_eq(usbguard_rule_storage("allow name \"open", why, sizeof why), USBGUARD_MALFORMED);
	ck_assert_int_eq(usbguard_rule_storage("allow with-interface 8:6", why, sizeof why),
			 USBGUARD_MALFORMED);
	ck_assert_int_eq(usbguard_rule_storage("allow colour blue", why, sizeof why), USBGUARD_MALFORMED);
	ck_assert_ptr_nonnull(strstr(why, "colour"));
	ck_assert_int_eq(usbguard_rule_storage("allow if allowed-matches(with-interface 03:00:01", why,
					       sizeof why), USBGUARD_MALFORMED);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("modprobe");
	TCase *tc = tcase_create("modprobe.d");
	tcase_add_test(tc, modprobe_commands_and_underscores);
	tcase_add_test(tc, modprobe_continuation_and_comments);
	tcase_add_test(tc, modprobe_malformed_input);
	tcase_add_test(tc, modprobe_underscores_like_kmod);
	tcase_add_test(tc, conf_list_override_and_order);
	tcase_add_test(tc, first_install_wins_and_softdep);
	tcase_add_test(tc, install_effects);
	tcase_add_test(tc, modules_dep_lines);
	suite_add_tcase(s, tc);
	tc = tcase_create("cmdline");
	tcase_add_test(tc, kernel_cmdline_split);
	tcase_add_test(tc, grub_shell_assignments);
	suite_add_tcase(s, tc);
	tc = tcase_create("usbguard");
	tcase_add_test(tc, usbguard_daemon_conf);
	tcase_add_test(tc, usbguard_rules);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
