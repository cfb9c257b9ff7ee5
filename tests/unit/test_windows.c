/* Check suite: the Windows layer — Cygwin's registry name encoding and value bytes, the
 * case-insensitive key walk with CurrentControlSet via Select\Current, secedit INF and
 * `net accounts` / `net user` / Get-LocalUser CSV parsing (English and Japanese), Windows dates,
 * OEM/UTF-16 decoding, and command_run (absolute path, bound, deadline, the root refusal). */
#include "testutil.h"
#include "core/command.h"
#include "core/rootfs.h"
#include "core/winreg.h"
#include "core/winsource.h"
#include "parsers/csv_table.h"
#include "parsers/win_accounts.h"
#include "parsers/win_policy.h"
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- registry names and values -------------------------------------------------------------- */

START_TEST(regname_encoding_matches_cygwin)
{
	char b[64];
	bool is_val;
	ck_assert(winreg_encode_name("text/plain", b, sizeof b));
	ck_assert_str_eq(b, "text%2fplain");
	ck_assert(winreg_encode_name("C:\\x%y", b, sizeof b));
	ck_assert_str_eq(b, "C%3a%5cx%25y");
	ck_assert(winreg_encode_name("", b, sizeof b));
	ck_assert_str_eq(b, "@");
	ck_assert(winreg_encode_name("@", b, sizeof b));
	ck_assert_str_eq(b, "%40");
	ck_assert(winreg_encode_name(".", b, sizeof b));
	ck_assert_str_eq(b, "%2e");
	ck_assert(winreg_encode_name("..", b, sizeof b));
	ck_assert_str_eq(b, "%2e.");
	ck_assert(winreg_encode_name(".txt", b, sizeof b)); /* only "." and ".." are escaped */
	ck_assert_str_eq(b, ".txt");
	ck_assert(!winreg_encode_name("abcdef", b, 4));

	ck_assert(winreg_decode_name("text%2Fplain", b, sizeof b, &is_val));
	ck_assert_str_eq(b, "text/plain");
	ck_assert(!is_val);
	ck_assert(winreg_decode_name("Start%val", b, sizeof b, &is_val));
	ck_assert_str_eq(b, "Start");
	ck_assert(is_val);
	ck_assert(winreg_decode_name("@", b, sizeof b, &is_val));
	ck_assert_str_eq(b, "");
	ck_assert(winreg_decode_name("%40", b, sizeof b, &is_val));
	ck_assert_str_eq(b, "@");
	ck_assert(!winreg_decode_name("%41", b, sizeof b, &is_val)); /* 'A' is never escaped */
	ck_assert(!winreg_decode_name("ab%2", b, sizeof b, &is_val));
	ck_assert(!winreg_decode_name("%zz", b, sizeof b, &is_val));
}
END_TEST

static bool num(const void *data, size_t len, uint64_t max, int64_t *out, enum winreg_num_kind *k)
{
	struct winreg_value v = { .data = (unsigned char *)data, .len = len };
	return winreg_value_number(&v, max, out, k);
}

START_TEST(value_numbers_dword_qword_and_strings)
{
	int64_t n;
	enum winreg_num_kind k;
	ck_assert(num("\x04\x00\x00\x00", 4, 4, &n, &k));
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(k, WINREG_NUM_DWORD);
	ck_assert(num("\xff\xff\xff\xff", 4, 1, &n, &k)); /* Retention: do not overwrite */
	ck_assert_int_eq(n, 4294967295LL);
	ck_assert(num("\x00\x00\x00\x40\x00\x00\x00\x00", 8, UINT64_MAX, &n, &k));
	ck_assert_int_eq(n, 0x40000000LL);
	ck_assert_int_eq(k, WINREG_NUM_QWORD);
	ck_assert(num("0", 2, 1, &n, &k)); /* "0\0": a policy written as REG_SZ */
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(k, WINREG_NUM_STRING);
	ck_assert(num("-1", 3, 1, &n, &k));
	ck_assert_int_eq(n, -1);
	/* "255\0" is 4 bytes: a DWORD would be 3487026, implausible for NoDriveTypeAutoRun */
	ck_assert(num("255", 4, 255, &n, &k));
	ck_assert_int_eq(n, 255);
	ck_assert_int_eq(k, WINREG_NUM_STRING);
	ck_assert(num("255", 4, UINT32_MAX, &n, &k)); /* plausible as a size: the DWORD stands */
	ck_assert_int_eq(k, WINREG_NUM_DWORD);
	ck_assert_int_eq(n, 0x00353532);
	ck_assert(num("1234", 4, 9999, &n, &k)); /* no NUL: binary */
	ck_assert_int_eq(k, WINREG_NUM_DWORD);
	ck_assert(!num("\x04\x00\x00", 3, 4, &n, &k));
	ck_assert(!num("yes", 4, 1, &n, &k)); /* REG_SZ "yes": text, not 0x00736579 */
	ck_assert(num("yes", 4, UINT32_MAX, &n, &k)); /* as a size it could be a DWORD */
	ck_assert_int_eq(n, 0x00736579);
	ck_assert(num("\x01\x00\x00\x00", 4, 1, &n, &k)); /* 1 with NULs after: a DWORD */
	ck_assert_int_eq(n, 1);
	ck_assert(!num("on", 3, 1, &n, &k));
	ck_assert(!num("", 0, 1, &n, &k));

	struct winreg_value s = { .data = (unsigned char *)"txtfile", .len = 8 };
	ck_assert_str_eq(winreg_value_string(&s), "txtfile");
	struct winreg_value m = { .data = (unsigned char *)"a\0b\0", .len = 5 };
	ck_assert_ptr_null(winreg_value_string(&m)); /* REG_MULTI_SZ */
}
END_TEST

START_TEST(key_walk_case_insensitive_and_control_set)
{
	char *dir = tu_mkroot();
	const char *base = "proc/registry/HKEY_LOCAL_MACHINE/SYSTEM";
	char path[512];
	snprintf(path, sizeof path, "%s/Select/Current", base);
	tu_write_bytes(dir, path, "\x02\x00\x00\x00", 4);
	snprintf(path, sizeof path, "%s/ControlSet002/Services/USBSTOR/Start", base);
	tu_write_bytes(dir, path, "\x04\x00\x00\x00", 4);
	snprintf(path, sizeof path, "%s/ControlSet001/Services/USBSTOR/Start", base);
	tu_write_bytes(dir, path, "\x03\x00\x00\x00", 4);
	/* a subkey and a value of the same name: the value carries %val */
	snprintf(path, sizeof path, "%s/ControlSet002/Services/Tcpip/Parameters/x", base);
	tu_write(dir, path, "");
	snprintf(path, sizeof path, "%s/ControlSet002/Services/Tcpip/Parameters%%val", base);
	tu_write_bytes(dir, path, "v\0", 2);
	snprintf(path, sizeof path, "%s/ControlSet002/Services/Tcpip/a%%2fb", base);
	tu_write_bytes(dir, path, "\x07\x00\x00\x00", 4);
	struct rootfs *root;
	ck_assert_int_eq(rootfs_open(dir, &root), 0);
	int64_t n;
	char *src;
	ck_assert_int_eq(winreg_read_number(root, "hklm\\system\\currentcontrolset\\services\\usbstor",
					    "START", 4, &n, &src), 0);
	ck_assert_int_eq(n, 4); /* ControlSet002, as Select\Current says */
	ck_assert_str_eq(src, "/proc/registry/HKEY_LOCAL_MACHINE/SYSTEM/ControlSet002/Services/USBSTOR/Start");
	free(src);
	struct winreg_value v;
	ck_assert_int_eq(winreg_read(root, "HKLM\\SYSTEM\\ControlSet002\\Services\\Tcpip",
				     "Parameters", &v), 0);
	ck_assert_str_eq(winreg_value_string(&v), "v");
	winreg_value_free(&v);
	ck_assert_int_eq(winreg_read_number(root, "HKLM\\SYSTEM\\ControlSet002\\Services\\Tcpip",
					    "a/b", 9, &n, NULL), 0);
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(winreg_read(root, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\UASPStor",
				     "Start", &v), -ENOENT);
	ck_assert_int_eq(winreg_read(root, "HKLM\\SOFTWARE", "x", &v), -ENOENT);
	/* a key is not a value, a value is not a key */
	ck_assert_int_eq(winreg_read(root, "HKLM\\SYSTEM\\ControlSet002\\Services", "USBSTOR", &v),
			 -ENOENT);
	char *kp;
	ck_assert_int_eq(winreg_key_path(root, "HKLM\\SYSTEM\\ControlSet002\\Services\\USBSTOR\\Start",
					 &kp), -ENOENT);
	rootfs_close(root);
	tu_rmtree(dir);
}
END_TEST

/* ---- policy -------------------------------------------------------------------------------- */

START_TEST(secedit_utf16_inf)
{
	static const char inf[] =
		"[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMinimumPasswordAge = 1\r\n"
		"MaximumPasswordAge = -1\r\nMinimumPasswordLength = 12\r\nPasswordComplexity = 1\r\n"
		"PasswordHistorySize = 24\r\nNewAdministratorName = \"kanri\"\r\n"
		"[Registry Values]\r\n"
		"MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\ScForceOption=4,1\r\n"
		"[Version]\r\nsignature=\"$CHICAGO$\"\r\n";
	/* as secedit writes it: UTF-16LE with a BOM */
	size_t n = sizeof inf - 1;
	char *u16 = malloc(2 + 2 * n);
	u16[0] = (char)0xFF;
	u16[1] = (char)0xFE;
	for (size_t i = 0; i < n; i++) {
		u16[2 + 2 * i] = inf[i];
		u16[3 + 2 * i] = 0;
	}
	char why[256];
	size_t len;
	char *text = win_text_decode(u16, 2 + 2 * n, "CP932", &len, why, sizeof why);
	ck_assert_ptr_nonnull(text);
	struct win_account_policy p;
	ck_assert(secedit_parse(text, len, &p, why, sizeof why));
	ck_assert_int_eq(p.min_length.value, 12);
	ck_assert_uint_eq(p.min_length.line, 6);
	ck_assert_int_eq(p.complexity.value, 1);
	ck_assert_int_eq(p.history.value, 24);
	ck_assert_str_eq(p.admin_name, "kanri");
	ck_assert(p.sc_force.set && p.sc_force.value == 1);
	long long days;
	ck_assert(!win_policy_max_age(&p, &days)); /* -1: never */
	ck_assert(!secedit_parse("[Version]\nx=1\n", 14, &p, why, sizeof why));
	ck_assert(!secedit_parse("[System Access]\nPasswordComplexity = 1\n", 39, &p, why, sizeof why));
	free(text);
	free(u16);
}
END_TEST

START_TEST(net_accounts_english_and_japanese)
{
	static const char en[] =
		"Force user logoff how long after time expires?:       Never\r\n"
		"Minimum password age (days):                          0\r\n"
		"Maximum password age (days):                          Unlimited\r\n"
		"Minimum password length:                              7\r\n"
		"Length of password history maintained:                None\r\n"
		"Lockout threshold:                                    Never\r\n"
		"Lockout duration (minutes):                           30\r\n"
		"Lockout observation window (minutes):                 30\r\n"
		"Computer role:                                        SERVER\r\n"
		"The command completed successfully.\r\n";
	struct win_account_policy p;
	char why[256];
	ck_assert(net_accounts_parse(en, sizeof en - 1, &p, why, sizeof why));
	ck_assert_uint_eq(p.n_known_labels, 9);
	ck_assert_int_eq(p.min_length.value, 7);
	ck_assert_uint_eq(p.min_length.line, 4);
	ck_assert(p.history.never);
	long long days;
	ck_assert(!win_policy_max_age(&p, &days));
	ck_assert_str_eq(p.computer_role, "SERVER");
	/* CP932 bytes as net.exe writes them on Japanese Windows */
	static const char ja_utf8[] =
		"強制ログオフまでの時間 (分):                          しない\r\n"
		"パスワードの最短有効期間 (日):                        1\r\n"
		"パスワードの最長有効期間 (日):                        42\r\n"
		"最小パスワード長:                                     8\r\n"
		"使用できない旧パスワード数:                           5\r\n"
		"ロックアウトしきい値:                                 なし\r\n"
		"ロックアウト期間 (分):                                30\r\n"
		"ロックアウト監視ウィンドウ (分):                      30\r\n"
		"コンピューターの役割:                                 WORKSTATION\r\n"
		"コマンドは正常に終了しました。\r\n";
	/* the bytes net.exe writes: the text in CP932 (encoded here with iconv the other way) */
	iconv_t cd = iconv_open("CP932", "UTF-8");
	ck_assert(cd != (iconv_t)-1);
	char cp932[2048], *in = (char *)ja_utf8, *o = cp932;
	size_t inleft = sizeof ja_utf8 - 1, outleft = sizeof cp932;
	ck_assert(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	size_t len;
	char *text = win_text_decode(cp932, (size_t)(o - cp932), "CP932", &len, why, sizeof why);
	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, ja_utf8);
	ck_assert(net_accounts_parse(text, len, &p, why, sizeof why));
	ck_assert_uint_eq(p.n_known_labels, 9); /* the labels real Japanese Windows prints */
	ck_assert(win_policy_max_age(&p, &days));
	ck_assert_int_eq(days, 42);
	ck_assert_int_eq(p.history.value, 5);
	ck_assert_int_eq(p.min_age.value, 1);
	ck_assert_int_eq(p.min_length.value, 8);
	ck_assert(p.lockout_threshold.never);
	free(text);
	/* lines out of place (length and history swapped): an error, never 5 read as the length */
	static const char swapped[] =
		"強制ログオフまでの時間 (分):                          しない\r\n"
		"パスワードの最短有効期間 (日):                        1\r\n"
		"パスワードの最長有効期間 (日):                        42\r\n"
		"使用できない旧パスワード数:                           5\r\n"
		"最小パスワード長:                                     8\r\n"
		"ロックアウトしきい値:                                 なし\r\n"
		"ロックアウト期間 (分):                                30\r\n"
		"ロックアウト監視ウィンドウ (分):                      30\r\n"
		"コンピューターの役割:                                 WORKSTATION\r\n"
		"コマンドは正常に終了しました。\r\n";
	ck_assert(!net_accounts_parse(swapped, sizeof swapped - 1, &p, why, sizeof why));
	ck_assert_msg(strstr(why, "line 4: '使用できない旧パスワード数' is line 5") != NULL, "%s", why);
	/* a language kensa has no labels for (de-DE) is still read by position */
	static const char de[] =
		"Abmeldung erzwingen nach Ablauf der Zeit?:           Nie\r\n"
		"Minimales Kennwortalter (Tage):                      0\r\n"
		"Maximales Kennwortalter (Tage):                      42\r\n"
		"Minimale Kennwortlänge:                              12\r\n"
		"Länge der Kennwortchronik:                           24\r\n"
		"Sperrschwelle:                                       Nie\r\n"
		"Sperrdauer (Minuten):                                30\r\n"
		"Zurücksetzungsdauer des Sperrzählers (Minuten):      30\r\n"
		"Computerrolle:                                       ARBEITSSTATION\r\n"
		"Der Befehl wurde erfolgreich ausgeführt.\r\n";
	ck_assert(net_accounts_parse(de, sizeof de - 1, &p, why, sizeof why));
	ck_assert_uint_eq(p.n_known_labels, 0);
	ck_assert_int_eq(p.min_length.value, 12);
	ck_assert(!net_accounts_parse("System error 5 has occurred.\r\n\r\nAccess is denied.\r\n",
				      53, &p, why, sizeof why));
	ck_assert(!net_accounts_parse(en, 200, &p, why, sizeof why)); /* cut short */
}
END_TEST

START_TEST(oem_decoding)
{
	/* "なし" in CP932 is 82 C8 82 B5 */
	char why[128];
	size_t len;
	char *t = win_text_decode("\x82\xc8\x82\xb5\r\n", 6, "CP932", &len, why, sizeof why);
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t, "なし\r\n");
	free(t);
	t = win_text_decode("\xef\xbb\xbfok", 5, "CP932", &len, why, sizeof why);
	ck_assert_str_eq(t, "ok");
	free(t);
	t = win_text_decode("\x82", 1, "CP932", &len, why, sizeof why); /* a lead byte alone */
	ck_assert_ptr_null(t);
	t = win_text_decode("x", 1, "NO-SUCH-CODEPAGE", &len, why, sizeof why);
	ck_assert_ptr_nonnull(t); /* ASCII is UTF-8: the code page is not needed */
	free(t);
	t = win_text_decode("\xff", 1, "NO-SUCH-CODEPAGE", &len, why, sizeof why);
	ck_assert_ptr_null(t);
	ck_assert(strstr(why, "unknown to iconv") != NULL);
}
END_TEST

/* ---- accounts -------------------------------------------------------------------------------- */

START_TEST(dates_in_windows_formats)
{
	int64_t t;
	ck_assert(win_date_parse("2024-11-05T00:12:33.0000000Z", &t));
	ck_assert_int_eq(t, 1730765553);
	ck_assert(win_date_parse("2024-11-05T09:12:33.1234567+09:00", &t));
	ck_assert_int_eq(t, 1730765553);
	ck_assert(win_date_parse("2024/11/05 0:12:33", &t)); /* ja-JP */
	ck_assert_int_eq(t, 1730765553);
	ck_assert(win_date_parse("11/5/2024 12:12:33 AM", &t)); /* en-US: 12 AM is 0 h */
	ck_assert_int_eq(t, 1730765553);
	ck_assert(win_date_parse("11/5/2024 1:00:00 PM", &t));
	ck_assert_int_eq(t, 1730811600);
	ck_assert(win_date_parse("11/05/2024 00:12:33", &t)); /* invariant culture */
	ck_assert_int_eq(t, 1730765553);
	ck_assert(win_date_parse("2024/02/29", &t));
	ck_assert(!win_date_parse("2023/02/29 1:00:00", &t));
	ck_assert(!win_date_parse("13/45/2024 1:00:00", &t));
	ck_assert(!win_date_parse("11/5/2024 13:00:00 PM", &t));
	ck_assert(!win_date_parse("Never", &t));
	ck_assert(!win_date_parse("2024-11-05 garbage", &t));
	ck_assert(win_never_word("なし") && win_never_word("never") && !win_never_word("Yes"));
}
END_TEST

START_TEST(localuser_csv)
{
	static const char csv[] =
		"\xef\xbb\xbf\"Name\",\"Enabled\",\"LastLogon\",\"PasswordLastSet\",\"PasswordExpires\","
		"\"PasswordRequired\",\"SID\"\r\n"
		"\"Administrator\",\"False\",\"\",\"2024-01-02T03:04:05.0000000Z\",\"\",\"True\","
		"\"S-1-5-21-1-2-3-500\"\r\n"
		"\"a, \"\"b\"\"\",\"True\",\"2024-11-05T00:12:33.0000000Z\",\"\",\"\",\"False\","
		"\"S-1-5-21-1-2-3-1001\"\r\n";
	struct win_user *u;
	size_t n;
	char why[256];
	ck_assert(localuser_csv_parse(csv, sizeof csv - 1, &u, &n, why, sizeof why));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(u[0].name, "Administrator");
	ck_assert_int_eq(u[0].enabled, 0);
	ck_assert_int_eq(u[0].last_logon, WIN_NEVER);
	ck_assert_int_eq(win_sid_rid(u[0].sid), 500);
	ck_assert_uint_eq(u[0].line, 2);
	ck_assert_str_eq(u[1].name, "a, \"b\"");
	ck_assert_int_eq(u[1].last_logon, 1730765553);
	ck_assert_int_eq(u[1].password_required, 0);
	free(u);
	ck_assert(!localuser_csv_parse("\"Name\",\"Enabled\"\r\n", 19, &u, &n, why, sizeof why));
	static const char open_quote[] = "\"Name\",\"Enabled\",\"SID\"\r\n\"x,\"True\",\"S-1\r\n";
	ck_assert(!localuser_csv_parse(open_quote, sizeof open_quote - 1, &u, &n, why, sizeof why));
	static const char short_row[] = "\"Name\",\"Enabled\",\"SID\"\r\n\"x\",\"True\"\r\n";
	ck_assert(!localuser_csv_parse(short_row, sizeof short_row - 1, &u, &n, why, sizeof why));
	ck_assert_int_eq(win_sid_rid("S-1-5-21-1-2-3-501"), 501);
	ck_assert_int_eq(win_sid_rid("Administrator"), -1);
}
END_TEST

START_TEST(net_user_list_and_detail)
{
	static const char list[] =
		"\r\nUser accounts for \\\\CLINIC-PC01\r\n\r\n"
		"-------------------------------------------------------------------------------\r\n"
		"Administrator            DefaultAccount           Guest                    \r\n"
		"dr suzuki                WDAGUtilityAccount       \r\n"
		"The command completed successfully.\r\n\r\n";
	char **names;
	size_t n;
	char why[256];
	ck_assert(net_user_list_parse(list, sizeof list - 1, &names, &n, why, sizeof why));
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(names[0], "Administrator");
	ck_assert_str_eq(names[3], "dr suzuki"); /* a name may hold one blank */
	ck_assert_str_eq(names[4], "WDAGUtilityAccount");
	win_names_free(names, n);
	ck_assert(!net_user_list_parse("Access is denied.\r\n", 19, &names, &n, why, sizeof why));

	static const char detail[] =
		"User name                    taro\r\n"
		"Full Name                    Taro Yamada\r\n"
		"Comment                      \r\n"
		"User's comment               \r\n"
		"Country/region code          000 (System Default)\r\n"
		"Account active               Yes\r\n"
		"Account expires              Never\r\n\r\n"
		"Password last set            11/5/2024 9:12:33 AM\r\n"
		"Password expires             Never\r\n"
		"Password changeable          11/5/2024 9:12:33 AM\r\n"
		"Password required            No\r\n"
		"User may change password     Yes\r\n\r\n"
		"Workstations allowed         All\r\n"
		"Logon script                 \r\n"
		"User profile                 \r\n"
		"Home directory               \r\n"
		"Last logon                   Never\r\n\r\n"
		"Logon hours allowed          All\r\n\r\n"
		"Local Group Memberships      *Users\r\n"
		"Global Group memberships     *None\r\n"
		"The command completed successfully.\r\n\r\n";
	struct win_user u;
	struct win_locale us_utc = { WIN_ORDER_MDY, { .known = true } };
	ck_assert(net_user_detail_parse(detail, sizeof detail - 1, "TARO", &us_utc, &u, why,
					sizeof why));
	ck_assert_int_eq(u.enabled, 1);
	ck_assert_int_eq(u.password_required, 0);
	ck_assert_int_eq(u.password_last_set, 1730797953);
	ck_assert_int_eq(u.password_expires, WIN_NEVER);
	ck_assert_int_eq(u.last_logon, WIN_NEVER);
	ck_assert(!net_user_detail_parse(detail, sizeof detail - 1, "jiro", &us_utc, &u, why,
					 sizeof why));
	ck_assert(!net_user_detail_parse(detail, 300, "taro", &us_utc, &u, why, sizeof why));
	/* the same capture from a PC whose date order is unknown: 11/5 is ambiguous, an error for
	 * the account (date_error), never a US reading */
	struct win_locale unknown = { WIN_ORDER_UNKNOWN, { .known = true } };
	ck_assert(net_user_detail_parse(detail, sizeof detail - 1, "taro", &unknown, &u, why,
					sizeof why));
	ck_assert_int_eq(u.password_last_set, WIN_UNKNOWN);
	ck_assert_str_eq(u.password_last_set_raw, "11/5/2024 9:12:33 AM");
	ck_assert(strstr(u.date_error, "could each be the month") != NULL);
	/* Windows 10's LEFT-TO-RIGHT MARKs in dates (UTF-16 captures keep them; the OEM code page
	 * turns them into '?'): the date is the same */
	static const char *const marked[] = {
		"Password last set            \xe2\x80\x8e" "11/\xe2\x80\x8e" "5/\xe2\x80\x8e" "2024 9:12:33 AM\r\n",
		"Password last set            ?11/?5/?2024 9:12:33 AM\r\n",
	};
	for (size_t i = 0; i < 2; i++) {
		char text[2048];
		const char *cut = strstr(detail, "Password last set");
		const char *next = strchr(cut, '\n') + 1;
		snprintf(text, sizeof text, "%.*s%s%s", (int)(cut - detail), detail, marked[i], next);
		ck_assert(net_user_detail_parse(text, strlen(text), "taro", &us_utc, &u, why,
						sizeof why));
		ck_assert_int_eq(u.password_last_set, 1730797953);
		ck_assert_str_eq(u.password_last_set_raw, "11/5/2024 9:12:33 AM");
	}
}
END_TEST

/* issue 15, items 9-10: net user dates in the PC's order and time zone */
static const struct win_timezone tz_gb = {
	.known = true, .bias = 0, .standard_bias = 0, .daylight_bias = -60, .has_dst = true,
	.standard_start = { 0, 10, 0, 5, 2, 0 }, .daylight_start = { 0, 3, 0, 5, 1, 0 },
};
static const struct win_timezone tz_us_eastern = {
	.known = true, .bias = 300, .standard_bias = 0, .daylight_bias = -60, .has_dst = true,
	.standard_start = { 0, 11, 0, 1, 2, 0 }, .daylight_start = { 0, 3, 0, 2, 2, 0 },
};
static const struct win_timezone tz_tokyo = { .known = true, .bias = -540, .daylight_bias = -60 };

START_TEST(local_dates_follow_the_pcs_order_and_time_zone)
{
	int64_t t;
	char why[256];
	struct win_locale gb = { WIN_ORDER_DMY, tz_gb };
	ck_assert_int_eq(win_local_date_parse("11/01/2022 09:03:12", &gb, &t, why, sizeof why), 1);
	ck_assert_int_eq(t, 1641891792); /* 11 January, GMT */
	ck_assert_int_eq(win_local_date_parse("11/08/2022 09:03:12", &gb, &t, why, sizeof why), 1);
	ck_assert_int_eq(t, 1660204992); /* 11 August, BST: 08:03:12 UTC */
	struct win_locale ja = { WIN_ORDER_YMD, tz_tokyo };
	ck_assert_int_eq(win_local_date_parse("2022/11/01 9:03:12", &ja, &t, why, sizeof why), 1);
	ck_assert_int_eq(t, 1667260992); /* 9:03 in Tokyo is 0:03 UTC */
	struct win_locale us = { WIN_ORDER_MDY, tz_us_eastern };
	ck_assert_int_eq(win_local_date_parse("7/4/2024 1:00:00 PM", &us, &t, why, sizeof why), 1);
	ck_assert_int_eq(t, 1720112400); /* EDT */
	ck_assert_int_eq(win_local_date_parse("12/4/2024 1:00:00 PM", &us, &t, why, sizeof why), 1);
	ck_assert_int_eq(t, 1733335200); /* EST */
	/* 10 March 2024, the second Sunday: clocks go from 2:00 EST to 3:00 EDT */
	ck_assert_int_eq(win_local_date_parse("3/10/2024 1:59:00 AM", &us, &t, why, sizeof why), 1);
	ck_assert_int_eq(t, 1710053940);
	ck_assert_int_eq(win_local_date_parse("3/10/2024 3:30:00 AM", &us, &t, why, sizeof why), 1);
	ck_assert_int_eq(t, 1710055800);
	/* order unknown: deduced only when a field cannot be the month */
	struct win_locale unknown = { WIN_ORDER_UNKNOWN, tz_tokyo };
	ck_assert_int_eq(win_local_date_parse("11/01/2022 09:03:12", &unknown, &t, why, sizeof why), -1);
	ck_assert(strstr(why, "11 and 1 could each be the month") != NULL);
	ck_assert_int_eq(win_local_date_parse("13/01/2022 09:00:00", &unknown, &t, why, sizeof why), 1);
	ck_assert_int_eq(win_local_date_parse("01/13/2022 09:00:00", &unknown, &t, why, sizeof why), 1);
	ck_assert_int_eq(win_local_date_parse("05/05/2022 09:00:00", &unknown, &t, why, sizeof why), 1);
	ck_assert_int_eq(win_local_date_parse("2022/11/01 9:03:12", &unknown, &t, why, sizeof why), 1);
	/* time zone unknown: no silent UTC */
	struct win_locale no_tz = { WIN_ORDER_YMD, { .known = false } };
	ck_assert_int_eq(win_local_date_parse("2022/11/01 9:03:12", &no_tz, &t, why, sizeof why), -1);
	ck_assert(strstr(why, "time zone is unknown") != NULL);
	ck_assert_int_eq(win_local_date_parse("Never", &ja, &t, why, sizeof why), 0);
	ck_assert_int_eq(win_local_date_parse("31/02/2022 1:00:00", &gb, &t, why, sizeof why), 0);
	ck_assert_int_eq(win_local_date_parse("1/1/2022 13:00:00 PM", &us, &t, why, sizeof why), 0);
	/* sShortDate patterns as Windows stores them */
	ck_assert_int_eq(win_short_date_order("M/d/yyyy"), WIN_ORDER_MDY);
	ck_assert_int_eq(win_short_date_order("dd/MM/yyyy"), WIN_ORDER_DMY);
	ck_assert_int_eq(win_short_date_order("yyyy/MM/dd"), WIN_ORDER_YMD);
	ck_assert_int_eq(win_short_date_order("dd.MM.yyyy"), WIN_ORDER_DMY);
	ck_assert_int_eq(win_short_date_order("yyyy'年'M'月'd'日'"), WIN_ORDER_YMD);
	ck_assert_int_eq(win_short_date_order("'d'MM/yyyy"), WIN_ORDER_UNKNOWN);
	ck_assert_int_eq(win_short_date_order(""), WIN_ORDER_UNKNOWN);
}
END_TEST

/* ---- command_run ------------------------------------------------------------------------------ */

START_TEST(command_run_rules)
{
	struct command_output out;
	char why[256];
	const char *echo[] = { "/bin/echo", "a b", NULL };
	ck_assert_int_eq(command_run(echo, NULL, NULL, 1024, 5000, &out, why, sizeof why), 0);
	ck_assert_str_eq(out.data, "a b\n"); /* one argument, no shell splitting */
	ck_assert_int_eq(out.exit_status, 0);
	command_output_free(&out);
	const char *rel[] = { "echo", "x", NULL };
	ck_assert_int_eq(command_run(rel, NULL, NULL, 1024, 5000, &out, why, sizeof why), -EINVAL);
	const char *missing[] = { "/nonexistent/net.exe", NULL };
	ck_assert_int_eq(command_run(missing, NULL, NULL, 1024, 5000, &out, why, sizeof why), -ENOENT);
	const char *fail[] = { "/bin/false", NULL };
	ck_assert_int_eq(command_run(fail, NULL, NULL, 1024, 5000, &out, why, sizeof why), 0);
	ck_assert_int_ne(out.exit_status, 0);
	command_output_free(&out);
	const char *sleep5[] = { "/bin/sleep", "5", NULL };
	ck_assert_int_eq(command_run(sleep5, NULL, NULL, 1024, 200, &out, why, sizeof why), 0);
	ck_assert(out.timed_out);
	command_output_free(&out);
	const char *big[] = { "/usr/bin/head", "-c", "100000", "/dev/zero", NULL };
	ck_assert_int_eq(command_run(big, NULL, NULL, 1000, 5000, &out, why, sizeof why), 0);
	ck_assert(out.truncated);
	ck_assert_uint_eq(out.len, 1000);
	command_output_free(&out);

	/* a program inside the audited root never runs, even through a link */
	char *dir = tu_mkroot();
	tu_write(dir, "bin/net.exe", "");
	char *prog = NULL;
	ck_assert_int_ne(asprintf(&prog, "%s/bin/net.exe", dir), -1);
	const char *inside[] = { prog, NULL };
	ck_assert_int_eq(command_run(inside, NULL, dir, 1024, 5000, &out, why, sizeof why), -EPERM);
	ck_assert_int_eq(command_path_in_root("/bin/echo", dir), 0);
	ck_assert_int_eq(command_path_in_root("/bin/echo", "/"), 0); /* a live audit */
	free(prog);
	tu_rmtree(dir);
	char d[128];
	const char *desc[] = { "/cygdrive/c/Windows/System32/net.exe", "user", "taro", NULL };
	command_describe(desc, d, sizeof d);
	ck_assert_str_eq(d, "net.exe user taro");
}
END_TEST

/* The Windows captures' CSV tables, by column name (parsers/csv_table.c): Get-HotFix exported
 * with all its columns (HotFixID is the 17th), quoted line breaks, "#TYPE", a BOM, short and
 * unterminated records. */
START_TEST(csv_table_by_column_name)
{
	static const char full[] =
		"\xEF\xBB\xBF#TYPE System.Management.ManagementObject#root\\cimv2\\Win32_QuickFixEngineering\r\n"
		"\"PSComputerName\",\"InstalledOn\",\"__GENUS\",\"__CLASS\",\"__SUPERCLASS\",\"__DYNASTY\","
		"\"__RELPATH\",\"__PROPERTY_COUNT\",\"__DERIVATION\",\"__SERVER\",\"__NAMESPACE\",\"__PATH\","
		"\"Caption\",\"CSName\",\"Description\",\"FixComments\",\"HotFixID\",\"InstallDate\","
		"\"InstalledBy\",\"Name\",\"ServicePackInEffect\",\"Status\"\r\n"
		"\"PC01\",\"11/12/2026 12:00:00 AM\",\"2\",\"Win32_QuickFixEngineering\",\"CIM_LogicalElement\","
		"\"CIM_ManagedSystemElement\",\"Win32_QuickFixEngineering.HotFixID=\"\"KB5046613\"\",ServicePackInEffect=\"\"\"\"\","
		"\"22\",\"System.String[]\",\"PC01\",\"root\\cimv2\",\"\\\\PC01\\root\",\"http://support.microsoft.com/?kbid=5046613\","
		"\"PC01\",\"Security Update\",\"line one\r\nline two\",\"KB5046613\",,\"NT AUTHORITY\\SYSTEM\",,,\r\n"
		"\r\n"
		"\"PC01\",\"\",\"2\"\r\n";
	static const char *const names[] = { "HotFixID", "InstalledOn", "Nowhere" };
	struct csv_table t;
	ck_assert_int_eq(csv_table_open(&t, full, sizeof full - 1, names, 3, 2), CSV_TABLE_OK);
	ck_assert_int_eq(t.line, 2);
	ck_assert_uint_eq(t.n_columns, 22);
	ck_assert_int_eq(t.col[0], 16);
	ck_assert_int_eq(t.col[1], 1);
	ck_assert_int_eq(t.col[2], -1);
	char id[16], on[64], none[8];
	char *const out[] = { id, on, none };
	static const size_t lens[] = { sizeof id, sizeof on, sizeof none };
	ck_assert_int_eq(csv_table_next(&t, out, lens), 1);
	ck_assert_int_eq(t.line, 3);
	ck_assert_str_eq(id, "KB5046613");
	ck_assert_str_eq(on, "11/12/2026 12:00:00 AM");
	ck_assert_str_eq(none, "");
	ck_assert_uint_eq(t.record_fields, 22);
	/* the quoted line break was one field; the blank line is skipped; a short record */
	ck_assert_int_eq(csv_table_next(&t, out, lens), -1);
	ck_assert_int_eq(t.line, 6);
	ck_assert_int_eq(csv_table_next(&t, out, lens), 0);

	static const char unterminated[] = "HotFixID,InstalledOn\nKB1,\"11/12/2026\nKB2,x\n";
	ck_assert_int_eq(csv_table_open(&t, unterminated, sizeof unterminated - 1, names, 2, 2),
			 CSV_TABLE_OK);
	ck_assert_int_eq(csv_table_next(&t, out, lens), -2);
	ck_assert_int_eq(t.line, 2);

	static const char missing[] = "#TYPE x\n\nName,InstalledOn\n";
	ck_assert_int_eq(csv_table_open(&t, missing, sizeof missing - 1, names, 2, 2),
			 CSV_TABLE_MISSING_COLUMN);
	ck_assert_int_eq(t.line, 3);
	ck_assert_int_eq(csv_table_open(&t, "\r\n\n", 3, names, 2, 2), CSV_TABLE_EMPTY);
	/* a cut field stays within its buffer */
	static const char longer[] = "HotFixID,InstalledOn\nKB0123456789012345678901234567,x\n";
	ck_assert_int_eq(csv_table_open(&t, longer, sizeof longer - 1, names, 2, 2), CSV_TABLE_OK);
	ck_assert_int_eq(csv_table_next(&t, out, lens), 1);
	ck_assert_str_eq(id, "KB0123456789012");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("windows");
	TCase *tc = tcase_create("registry");
	tcase_add_test(tc, regname_encoding_matches_cygwin);
	tcase_add_test(tc, value_numbers_dword_qword_and_strings);
	tcase_add_test(tc, key_walk_case_insensitive_and_control_set);
	suite_add_tcase(s, tc);
	tc = tcase_create("policy");
	tcase_add_test(tc, secedit_utf16_inf);
	tcase_add_test(tc, net_accounts_english_and_japanese);
	tcase_add_test(tc, oem_decoding);
	suite_add_tcase(s, tc);
	tc = tcase_create("accounts");
	tcase_add_test(tc, dates_in_windows_formats);
	tcase_add_test(tc, localuser_csv);
	tcase_add_test(tc, net_user_list_and_detail);
	tcase_add_test(tc, local_dates_follow_the_pcs_order_and_time_zone);
	suite_add_tcase(s, tc);
	tc = tcase_create("command");
	tcase_add_test(tc, command_run_rules);
	suite_add_tcase(s, tc);
	tc = tcase_create("csv");
	tcase_add_test(tc, csv_table_by_column_name);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
