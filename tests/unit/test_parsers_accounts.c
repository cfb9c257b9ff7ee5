/* Check suite: passwd, shadow, login.defs and login-record parsers, including malformed input. */
#include "testutil.h"
#include "parsers/login_defs.h"
#include "parsers/login_records.h"
#include "parsers/passwd.h"
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

START_TEST(passwd_real_debian_line)
{
	char line[] = "alice:x:1000:1000:Alice Example,,,:/home/alice:/bin/bash";
	struct passwd_entry pw;
	const char *why;
	ck_assert_int_eq(passwd_parse_line(line, &pw, &why), 0);
	ck_assert_str_eq(pw.name, "alice");
	ck_assert_str_eq(pw.password, "x");
	ck_assert_uint_eq(pw.uid, 1000);
	ck_assert_uint_eq(pw.gid, 1000);
	ck_assert_str_eq(pw.gecos, "Alice Example,,,");
	ck_assert_str_eq(pw.home, "/home/alice");
	ck_assert_str_eq(pw.shell, "/bin/bash");
}
END_TEST

START_TEST(passwd_empty_shell_and_gecos)
{
	char line[] = "sync:x:4:65534:::";
	struct passwd_entry pw;
	const char *why;
	ck_assert_int_eq(passwd_parse_line(line, &pw, &why), 0);
	ck_assert_str_eq(pw.shell, "");
	ck_assert_str_eq(pw.home, "");
}
END_TEST

START_TEST(passwd_malformed)
{
	const char *bad[] = {
		"alice:x:1000:1000:Alice:/home/alice",          /* 6 fields */
		"alice:x:1000:1000:Alice:/home/alice:/bin/sh:x", /* 8 fields */
		"alice:x:-1:1000::/home/alice:/bin/sh",          /* negative uid */
		"alice:x:4294967295:1000::/:/bin/sh",            /* (uid_t)-1 */
		"alice:x:99999999999999999999:1::/:/bin/sh",      /* overflow */
		"alice:x:10a:1::/:/bin/sh",                      /* trailing junk */
		":x:0:0::/:/bin/sh",                             /* empty name */
		"alice:x::1::/:/bin/sh",                          /* empty uid */
		"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char line[256];
		struct passwd_entry pw;
		const char *why = NULL;
		snprintf(line, sizeof line, "%s", bad[i]);
		ck_assert_msg(passwd_parse_line(line, &pw, &why) == -1, "accepted: %s", bad[i]);
		ck_assert_ptr_nonnull(why);
	}
}
END_TEST

START_TEST(shadow_fields)
{
	char line[] = "alice:$y$j9T$abc$def:19700:0:99999:7:14:20000:";
	struct shadow_entry sp;
	const char *why;
	ck_assert_int_eq(shadow_parse_line(line, &sp, &why), 0);
	ck_assert_str_eq(sp.name, "alice");
	ck_assert_int_eq(sp.lastchg, 19700);
	ck_assert_int_eq(sp.min, 0);
	ck_assert_int_eq(sp.max, 99999);
	ck_assert_int_eq(sp.warn, 7);
	ck_assert_int_eq(sp.inactive, 14);
	ck_assert_int_eq(sp.expire, 20000);
}
END_TEST

START_TEST(shadow_empty_fields_are_unset)
{
	char line[] = "daemon:*:19000::::::";
	struct shadow_entry sp;
	const char *why;
	ck_assert_int_eq(shadow_parse_line(line, &sp, &why), 0);
	ck_assert_int_eq(sp.min, -1);
	ck_assert_int_eq(sp.max, -1);
	ck_assert_int_eq(sp.expire, -1);
	char minus[] = "x:!:-1:-1:-1:-1:-1:-1:";
	ck_assert_int_eq(shadow_parse_line(minus, &sp, &why), 0);
	ck_assert_int_eq(sp.lastchg, -1);
}
END_TEST

START_TEST(shadow_malformed)
{
	const char *bad[] = {
		"alice:!:19000:0:99999:7::",          /* 8 fields */
		"alice:!:-5:0:99999:7::::",          /* negative other than -1 */
		"alice:!:19000x:0:99999:7:::",        /* junk */
		"alice:!:99999999999999999999:0::::", /* overflow */
		"alice:!:19000:0:99999:7::::extra",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char line[256];
		struct shadow_entry sp;
		const char *why = NULL;
		snprintf(line, sizeof line, "%s", bad[i]);
		ck_assert_msg(shadow_parse_line(line, &sp, &why) == -1, "accepted: %s", bad[i]);
	}
}
END_TEST

START_TEST(login_defs_last_wins_and_numbers)
{
	const char *text = "# comment\nUID_MIN\t\t\t 1000\nUID_MAX 60000\n"
			   "ENCRYPT_METHOD SHA512\nUID_MIN 0x3e9\nPASS_MAX_DAYS\t99999\n"
			   "MAIL_DIR \"/var/mail\"\r\nBROKEN\n";
	struct login_defs defs;
	login_defs_parse(text, strlen(text), &defs);
	long v;
	ck_assert(login_defs_long(&defs, "UID_MIN", 1, &v));
	ck_assert_int_eq(v, 1001);
	ck_assert(login_defs_long(&defs, "PASS_MAX_DAYS", 1, &v));
	ck_assert_int_eq(v, 99999);
	ck_assert_str_eq(login_defs_get(&defs, "MAIL_DIR")->value, "/var/mail");
	ck_assert_str_eq(login_defs_get(&defs, "ENCRYPT_METHOD")->value, "SHA512");
	ck_assert(!login_defs_long(&defs, "ENCRYPT_METHOD", 7, &v));
	ck_assert_int_eq(v, 7);
	ck_assert(!login_defs_long(&defs, "BROKEN", 3, &v));
	ck_assert(!login_defs_long(&defs, "ABSENT", 5, &v));
	ck_assert_int_eq(v, 5);
	login_defs_free(&defs);
}
END_TEST

START_TEST(login_defs_garbage)
{
	char junk[4096];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 7919 % 256);
	struct login_defs defs;
	login_defs_parse(junk, sizeof junk, &defs); /* must not crash */
	login_defs_free(&defs);
}
END_TEST

static void put32(unsigned char *p, int32_t v)
{
	memcpy(p, &v, 4);
}

START_TEST(lastlog_record_decode)
{
	unsigned char rec[LASTLOG_RECORD_SIZE] = { 0 };
	put32(rec, 1700000000);
	memcpy(rec + 4, "pts/3", 5);
	memcpy(rec + 36, "192.0.2.9", 9);
	struct lastlog_record ll;
	lastlog_decode(rec, &ll);
	ck_assert_int_eq(ll.time, 1700000000);
	ck_assert_str_eq(ll.line, "pts/3");
	ck_assert_str_eq(ll.host, "192.0.2.9");
	/* unterminated fields and control bytes stay bounded and printable */
	memset(rec + 4, 'A', 32);
	memset(rec + 36, '\x1b', 256);
	lastlog_decode(rec, &ll);
	ck_assert_uint_eq(strlen(ll.line), 32);
	ck_assert_uint_eq(strlen(ll.host), 256);
	ck_assert(strchr(ll.host, '\x1b') == NULL);
}
END_TEST

static void make_utmp(unsigned char *rec, int16_t type, const char *user, int32_t t)
{
	memset(rec, 0, UTMP_RECORD_SIZE);
	memcpy(rec, &type, 2);
	memcpy(rec + 44, user, strlen(user));
	memcpy(rec + 8, "pts/0", 5);
	put32(rec + 340, t);
}

START_TEST(utmp_stream_reads_records_and_trailing_bytes)
{
	char *root = tu_mkroot();
	char path[4096];
	snprintf(path, sizeof path, "%s/wtmp", root);
	FILE *f = fopen(path, "wb");
	unsigned char rec[UTMP_RECORD_SIZE];
	for (int i = 0; i < 1000; i++) {
		make_utmp(rec, i % 2 ? UTMP_USER_PROCESS : UTMP_DEAD_PROCESS, "bob", 1600000000 + i);
		fwrite(rec, 1, sizeof rec, f);
	}
	make_utmp(rec, 77, "junk", 1); /* invalid type */
	fwrite(rec, 1, sizeof rec, f);
	fwrite(rec, 1, 100, f); /* truncated record */
	fclose(f);
	int fd = open(path, O_RDONLY);
	struct utmp_stream *s = malloc(sizeof *s);
	struct utmp_record r;
	utmp_stream_init(s, fd);
	int users = 0;
	int64_t last = 0;
	while (utmp_stream_next(s, &r))
		if (r.type == UTMP_USER_PROCESS) {
			users++;
			last = r.time;
			ck_assert_str_eq(r.user, "bob");
		}
	ck_assert_int_eq(users, 500);
	ck_assert_int_eq(last, 1600000999);
	ck_assert_uint_eq(s->invalid, 1);
	ck_assert_uint_eq(s->trailing_bytes, 100);
	ck_assert_int_eq(s->error, 0);
	free(s);
	close(fd);
	tu_rmtree(root);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("parsers-accounts");
	TCase *tc = tcase_create("passwd");
	tcase_add_test(tc, passwd_real_debian_line);
	tcase_add_test(tc, passwd_empty_shell_and_gecos);
	tcase_add_test(tc, passwd_malformed);
	suite_add_tcase(s, tc);
	tc = tcase_create("shadow");
	tcase_add_test(tc, shadow_fields);
	tcase_add_test(tc, shadow_empty_fields_are_unset);
	tcase_add_test(tc, shadow_malformed);
	suite_add_tcase(s, tc);
	tc = tcase_create("login.defs");
	tcase_add_test(tc, login_defs_last_wins_and_numbers);
	tcase_add_test(tc, login_defs_garbage);
	suite_add_tcase(s, tc);
	tc = tcase_create("login-records");
	tcase_add_test(tc, lastlog_record_decode);
	tcase_add_test(tc, utmp_stream_reads_records_and_trailing_bytes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
