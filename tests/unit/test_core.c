/* Check suite: profiles, the INI reader, checklist editions, item verdicts, dates and the
 * account classification helpers. */
#include "testutil.h"
#include "core/sha256.h"
#include "core/accounts.h"
#include "core/check.h"
#include "core/checklist.h"
#include "core/ini.h"
#include "core/profile.h"
#include "core/result.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "report/report.h"
#include "report/rows.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *write_profile(const char *root, const char *name, const char *text)
{
	tu_write(root, name, text);
	char *path = malloc(4096);
	snprintf(path, 4096, "%s/%s", root, name);
	return path;
}

START_TEST(profile_shipped_server_and_terminal_load)
{
	struct profile *p;
	char err[512];
	ck_assert_msg(profile_load("server", &p, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(profile_int(p, "accounts", "stale_days"), 90);
	ck_assert_str_eq(profile_string(p, "checklist", "device_class"), "server");
	ck_assert(profile_list_contains(profile_list(p, "accounts", "exempt"), "root"));
	profile_free(p);
	ck_assert_msg(profile_load("terminal", &p, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(profile_string(p, "checklist", "device_class"), "terminal");
	ck_assert_int_eq(profile_int(p, "accounts", "stale_days"), 90);
	profile_free(p);
}
END_TEST

START_TEST(profile_include_overrides_one_value)
{
	char *root = tu_mkroot();
	char *path = write_profile(root, "site.ini",
				   "# site profile\ninclude = server\n\n[accounts]\nstale_days = 30\n"
				   "exempt += backup\nnologin_shells -= /usr/bin/git-shell\n");
	struct profile *p;
	char err[512];
	ck_assert_msg(profile_load(path, &p, err, sizeof err) == 0, "%s", err);
	ck_assert_int_eq(profile_int(p, "accounts", "stale_days"), 30);
	ck_assert_int_eq(profile_int(p, "accounts", "never_logged_in_grace_days"), 30);
	const struct profile_list *ex = profile_list(p, "accounts", "exempt");
	ck_assert(profile_list_contains(ex, "root"));
	ck_assert(profile_list_contains(ex, "backup"));
	ck_assert(!profile_list_contains(profile_list(p, "accounts", "nologin_shells"),
					 "/usr/bin/git-shell"));
	ck_assert_str_eq(profile_name(p), "site");
	profile_free(p);
	free(path);
	tu_rmtree(root);
}
END_TEST

static void expect_profile_error(const char *text, const char *needle)
{
	char *root = tu_mkroot();
	char *path = write_profile(root, "bad.ini", text);
	struct profile *p = NULL;
	char err[512] = "";
	ck_assert_int_eq(profile_load(path, &p, err, sizeof err), -1);
	ck_assert_msg(strstr(err, needle) != NULL, "error '%s' lacks '%s'", err, needle);
	free(path);
	tu_rmtree(root);
}

START_TEST(profile_errors_name_file_and_line)
{
	expect_profile_error("include = server\n[accounts]\nstale_dayz = 3\n", "bad.ini:3: unknown key 'stale_dayz'");
	expect_profile_error("include = server\n[accounts]\n\nstale_days = -3\n", "bad.ini:4: [accounts] stale_days must be");
	expect_profile_error("include = server\n[accounts]\nstale_days = 12abc\n", "bad.ini:3:");
	expect_profile_error("include = server\n[accounts\n", "bad.ini:2: malformed section");
	expect_profile_error("include = server\n[accounts]\njust words\n", "bad.ini:3: expected");
	expect_profile_error("[accounts]\nstale_days = 3\n", "no value for [");
	expect_profile_error("include = nosuchprofile\n", "bad.ini:1: included profile 'nosuchprofile' not found");
	expect_profile_error("include = bad.ini\n", "nested deeper");
	expect_profile_error("include = server\n[accounts]\nstale_days += 3\n", "not a list");
	expect_profile_error("include = server\n[nosuch]\nkey = 1\n", "unknown key 'key' in [nosuch]");
}
END_TEST

START_TEST(profile_nul_bytes_rejected)
{
	char *root = tu_mkroot();
	tu_write_bytes(root, "nul.ini", "include = server\n\0\n", 19);
	char path[4096];
	snprintf(path, sizeof path, "%s/nul.ini", root);
	struct profile *p;
	char err[512];
	ck_assert_int_eq(profile_load(path, &p, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "NUL"));
	tu_rmtree(root);
}
END_TEST

START_TEST(checklist_shipped_editions_are_valid)
{
	struct checklist *c;
	char err[512];
	ck_assert_msg(checklist_load("mhlw-r7", &c, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(c->id, "mhlw-r7");
	/* every R7 item is present once, in order */
	const char *ids[] = { "1-1", "2-1", "2-2", "2-3", "2-4", "2-5", "2-6", "2-7", "2-8",
			      "2-9", "2-10", "2-11", "2-12", "2-13", "3-1", "3-2", "3-3", "4-1" };
	ck_assert_uint_eq(c->n_items, sizeof ids / sizeof ids[0]);
	for (size_t i = 0; i < c->n_items; i++) {
		ck_assert_str_eq(c->items[i].id, ids[i]);
		for (size_t k = 0; k < c->items[i].n_checks; k++)
			ck_assert_ptr_nonnull(check_find(c->items[i].checks[k]));
	}
	checklist_free(c);
	ck_assert_msg(checklist_load("latest", &c, err, sizeof err) == 0, "%s", err);
	ck_assert_str_eq(c->id, "mhlw-r7"); /* the newest published edition shipped */
	checklist_free(c);
	/* R6: one row per device class in section 2, 18 rows in all */
	ck_assert_msg(checklist_load("mhlw-r6", &c, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(c->n_items, 18);
	size_t server_rows = 0;
	for (size_t i = 0; i < c->n_items; i++)
		server_rows += checklist_item_applies(&c->items[i], "server");
	ck_assert_uint_eq(server_rows, 1 + 3 + 5 + 3);
	checklist_free(c);
}
END_TEST

/* Which form each row is on: R6 and R7 put sections 1-2 on both forms, 3 (and R7's 4) on the
 * institution's only; an item's own "forms" overrides its section's. */
START_TEST(checklist_forms_of_shipped_editions)
{
	const char *editions[] = { "mhlw-r6", "mhlw-r7" };
	for (size_t e = 0; e < 2; e++) {
		struct checklist *c;
		char err[512];
		ck_assert_msg(checklist_load(editions[e], &c, err, sizeof err) == 0, "%s", err);
		size_t vendor_rows = 0;
		for (size_t i = 0; i < c->n_items; i++) {
			unsigned f = checklist_item_forms(c, &c->items[i]);
			bool early = c->items[i].section[0] == '1' || c->items[i].section[0] == '2';
			ck_assert_uint_eq(f, early ? (CHECKLIST_FORM_INSTITUTION | CHECKLIST_FORM_VENDOR)
						   : CHECKLIST_FORM_INSTITUTION);
			vendor_rows += (f & CHECKLIST_FORM_VENDOR) != 0;
		}
		/* R6: 1 + 14 rows; R7: 1 + 13 */
		ck_assert_uint_eq(vendor_rows, e == 0 ? 15 : 14);
		checklist_free(c);
	}
	ck_assert_uint_eq(checklist_form_from_name("vendor"), CHECKLIST_FORM_VENDOR);
	ck_assert_uint_eq(checklist_form_from_name("institution"), CHECKLIST_FORM_INSTITUTION);
	ck_assert_uint_eq(checklist_form_from_name("Vendor"), 0);
	ck_assert_uint_eq(checklist_form_from_name(""), 0);
	ck_assert_str_eq(checklist_form_name(CHECKLIST_FORM_VENDOR), "vendor");
	ck_assert_ptr_null(checklist_form_name(CHECKLIST_FORM_INSTITUTION | CHECKLIST_FORM_VENDOR));
}
END_TEST

START_TEST(checklist_forms_validated)
{
	char *root = tu_mkroot();
	const char *head = "[edition]\nid = t\nname_ja = t\nname_en = t\npublished = 2025-01-01\n";
	const char *item = "[item 2-1]\nlabel = 2-1\nsection = 2\ntitle_ja = a\ntitle_en = b\n"
			   "classes = server\n";
	const char *bodies[] = {
		/* line 7: an unknown form name */
		"[section 2]\ntitle_ja = a\ntitle_en = b\nforms = institution, vendr\n",
		/* no forms at all */
		"[section 2]\ntitle_ja = a\ntitle_en = b\n",
		/* an empty list */
		"[section 2]\ntitle_ja = a\ntitle_en = b\nforms = ,\n",
		/* twice */
		"[section 2]\ntitle_ja = a\ntitle_en = b\nforms = vendor\nforms = vendor\n",
	};
	const char *expect[] = { "e0.ini:9: unknown form 'vendr'", "[section 2] needs forms",
				 "e2.ini:9: 'forms' names no form", "e3.ini:10: 'forms' given twice" };
	for (int i = 0; i < 4; i++) {
		char name[16], text[1024], path[4096], err[512] = "";
		struct checklist *c;
		snprintf(name, sizeof name, "e%d.ini", i);
		snprintf(text, sizeof text, "%s%s%s", head, bodies[i], item);
		tu_write(root, name, text);
		snprintf(path, sizeof path, "%s/%s", root, name);
		ck_assert_int_eq(checklist_load(path, &c, err, sizeof err), -1);
		ck_assert_msg(strstr(err, expect[i]), "'%s' lacks '%s'", err, expect[i]);
	}
	/* an item's own forms override its section's */
	char text[1024], path[4096], err[512] = "";
	snprintf(text, sizeof text, "%s[section 2]\ntitle_ja = a\ntitle_en = b\nforms = institution\n"
		 "%sforms = vendor, institution\n[item 2-2]\nlabel = 2-2\nsection = 2\n"
		 "title_ja = a\ntitle_en = b\nclasses = server\n", head, item);
	tu_write(root, "ok.ini", text);
	snprintf(path, sizeof path, "%s/ok.ini", root);
	struct checklist *c;
	ck_assert_msg(checklist_load(path, &c, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(checklist_item_forms(c, &c->items[0]),
			  CHECKLIST_FORM_INSTITUTION | CHECKLIST_FORM_VENDOR);
	ck_assert_uint_eq(checklist_item_forms(c, &c->items[1]), CHECKLIST_FORM_INSTITUTION);
	checklist_free(c);
	tu_rmtree(root);
}
END_TEST

START_TEST(checklist_rejects_unknown_check_and_class)
{
	char *root = tu_mkroot();
	const char *head = "[edition]\nid = t\nname_ja = t\nname_en = t\npublished = 2025-01-01\n"
			   "[section 2]\ntitle_ja = a\ntitle_en = b\n";
	char text[1024];
	snprintf(text, sizeof text, "%s[item 2-5]\nlabel = 2-5\nsection = 2\ntitle_ja = a\n"
		 "title_en = b\nclasses = server\nchecks = accounts.nosuch\n", head);
	tu_write(root, "e1.ini", text);
	snprintf(text, sizeof text, "%s[item 2-5]\nlabel = 2-5\nsection = 2\ntitle_ja = a\n"
		 "title_en = b\nclasses = mainframe\n", head);
	tu_write(root, "e2.ini", text);
	snprintf(text, sizeof text, "%s[item 2-5]\nlabel = 2-5\nsection = 9\ntitle_ja = a\n"
		 "title_en = b\nclasses = server\n", head);
	tu_write(root, "e3.ini", text);
	const char *expect[] = { "no check has the id 'accounts.nosuch'", "unknown device class",
				 "names section 9" };
	for (int i = 0; i < 3; i++) {
		char path[4096], err[512] = "";
		struct checklist *c;
		snprintf(path, sizeof path, "%s/e%d.ini", root, i + 1);
		ck_assert_int_eq(checklist_load(path, &c, err, sizeof err), -1);
		ck_assert_msg(strstr(err, expect[i]), "'%s' lacks '%s'", err, expect[i]);
	}
	tu_rmtree(root);
}
END_TEST

static struct item_verdict *row(struct audit_report *rep, const char *id)
{
	for (size_t i = 0; i < rep->n_items; i++)
		if (strcmp(rep->items[i].id, id) == 0)
			return &rep->items[i];
	return NULL;
}

/* One result for accounts.stale with the given status, rolled into the R7 rows. */
static void build(struct audit_report *rep, struct checklist **c, enum check_status status,
		  const struct site *site)
{
	char err[512];
	ck_assert(checklist_load("mhlw-r7", c, err, sizeof err) == 0);
	memset(rep, 0, sizeof *rep);
	rep->device_class = strdup("server");
	rep->lang = strdup("en");
	rep->results = calloc(1, sizeof *rep->results);
	rep->n_results = 1;
	result_init(&rep->results[0], check_find("accounts.stale"));
	if (status == CHECK_ERROR)
		result_error(&rep->results[0], "cannot read /etc/shadow");
	else if (status == CHECK_FAIL)
		result_finding(&rep->results[0], FINDING_FAIL, "alice", "stale");
	else if (status == CHECK_WARN)
		result_finding(&rep->results[0], FINDING_WARN, "erin", "expired, unlocked");
	result_finish(&rep->results[0]);
	report_build_items(rep, *c, site);
}

/* The vendor's form keeps sections 1-2 of R7, in order; a check whose only row drops off is
 * noted as off the form, not unmapped; a vendor's report cannot become the institution's, and a
 * row that does not say its forms (an old report of an unknown edition) cannot be placed. */
START_TEST(report_select_form_keeps_the_forms_rows)
{
	struct audit_report rep;
	struct checklist *c;
	char err[512] = "";
	build(&rep, &c, CHECK_FAIL, NULL);
	size_t all = rep.n_items;
	ck_assert_uint_eq(all, 18); /* R7 server rows (2-13 applies to servers too) */
	ck_assert_int_eq(report_select_form(&rep, CHECKLIST_FORM_INSTITUTION, err, sizeof err), 0);
	ck_assert_uint_eq(rep.n_items, all);
	ck_assert_int_eq(report_select_form(&rep, CHECKLIST_FORM_VENDOR, err, sizeof err), 0);
	ck_assert_uint_eq(rep.form, CHECKLIST_FORM_VENDOR);
	ck_assert_uint_eq(rep.n_items, 14); /* 1-1, 2-1 ... 2-13 */
	for (size_t i = 0; i < rep.n_items; i++)
		ck_assert(rep.items[i].section[0] == '1' || rep.items[i].section[0] == '2');
	ck_assert_str_eq(rep.items[rep.n_items - 1].id, "2-13");
	ck_assert_uint_eq(rep.n_off_form, 0); /* accounts.stale is on 2-5 */
	ck_assert_ptr_nonnull(row(&rep, "2-5"));
	ck_assert_int_eq(report_select_form(&rep, CHECKLIST_FORM_INSTITUTION, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "--form institution"));
	report_free(&rep);
	checklist_free(c);

	/* accounts.stale moved to 3-2: off the vendor's form, and no unmapped result */
	build(&rep, &c, CHECK_FAIL, NULL);
	struct item_verdict *v25 = row(&rep, "2-5"), *v32 = row(&rep, "3-2");
	v32->results = realloc(v32->results, sizeof *v32->results);
	v32->results[0] = v25->results[0];
	v32->n_results = 1;
	v25->n_results = 0;
	ck_assert_int_eq(report_select_form(&rep, CHECKLIST_FORM_VENDOR, err, sizeof err), 0);
	ck_assert_uint_eq(rep.n_off_form, 1);
	ck_assert_ptr_eq(rep.off_form[0], &rep.results[0]);
	ck_assert(report_result_off_form(&rep, &rep.results[0]));
	report_free(&rep);
	checklist_free(c);

	build(&rep, &c, CHECK_PASS, NULL);
	rep.items[3].forms = 0;
	rep.edition = strdup("mhlw-r99");
	ck_assert_int_eq(report_select_form(&rep, CHECKLIST_FORM_VENDOR, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "mhlw-r99"));
	ck_assert_uint_eq(rep.n_items, 18); /* nothing dropped on error */
	report_free(&rep);
	checklist_free(c);
}
END_TEST

/* Evidence two findings carry moves to the check once; the findings refer to it; the check's own
 * evidence is reused; a finding's unique evidence stays with it. Twice changes nothing. */
START_TEST(evidence_is_shown_once_per_check)
{
	struct check_result r;
	result_init(&r, NULL);
	result_evidence(&r, NULL, "pam_unix.so: minlen = 6");
	const char *subjects[] = { "letters", "digits", "symbols" };
	for (int i = 0; i < 3; i++) {
		struct finding *f = result_finding(&r, FINDING_FAIL, "passwd", "%s", subjects[i]);
		finding_evidence(f, "/etc/pam.d/common-password", "minlen = 8");
		finding_evidence(f, NULL, "pam_unix.so: minlen = 6");
		finding_evidence(f, "/etc/pam.d/common-password", "dcredit = 0");
		if (i == 1)
			finding_evidence(f, "/etc/security/pwquality.conf", "only mine");
		finding_evidence(f, "/etc/pam.d/common-password", "minlen = 8"); /* twice in one */
	}
	result_share_evidence(&r);
	ck_assert_uint_eq(r.n_evidence, 3);
	ck_assert_str_eq(r.evidence[0].value, "pam_unix.so: minlen = 6");
	ck_assert_str_eq(r.evidence[1].value, "minlen = 8");
	ck_assert_str_eq(r.evidence[1].source, "/etc/pam.d/common-password");
	ck_assert_str_eq(r.evidence[2].value, "dcredit = 0");
	for (int i = 0; i < 3; i++) {
		const struct finding *f = &r.findings[i];
		ck_assert_uint_eq(f->n_evidence, i == 1 ? 1 : 0);
		ck_assert_uint_eq(f->n_evidence_refs, 3);
		ck_assert_uint_eq(f->evidence_refs[0], 1); /* in the finding's own order */
		ck_assert_uint_eq(f->evidence_refs[1], 0);
		ck_assert_uint_eq(f->evidence_refs[2], 2);
	}
	ck_assert_str_eq(r.findings[1].evidence[0].value, "only mine");
	result_share_evidence(&r);
	ck_assert_uint_eq(r.n_evidence, 3);
	ck_assert_uint_eq(r.findings[0].n_evidence_refs, 3);
	result_free(&r);
}
END_TEST

/* The remediation is composed from the findings that count; the static text stays as fallback. */
START_TEST(remedy_is_composed_from_findings)
{
	struct check_result r;
	result_init(&r, NULL);
	r.remediation = strdup("Generic: edit /etc/logrotate.d/rsyslog.");
	struct finding *a = result_finding(&r, FINDING_FAIL, "/var/log/wtmp", "short");
	finding_remedy(a, "Keep %s longer.", "/var/log/wtmp");
	struct finding *b = result_finding(&r, FINDING_WARN, "journal", "bounded");
	finding_remedy(b, "Bound the journal.");
	struct finding *c = result_finding(&r, FINDING_FAIL, "/var/log/btmp", "short");
	finding_remedy(c, "Keep %s longer.", "/var/log/wtmp"); /* same text: once */
	struct finding *d = result_finding(&r, FINDING_INFO, "x", "info");
	finding_remedy(d, "Not for an info.");
	result_finish(&r);
	result_compose_remedy(&r);
	ck_assert_str_eq(r.remediation, "Keep /var/log/wtmp longer. Bound the journal.");
	result_free(&r);
	/* a counting finding without a remedy keeps the static text after the composed ones */
	result_init(&r, NULL);
	r.remediation = strdup("Generic.");
	finding_remedy(result_finding(&r, FINDING_FAIL, "a", "x"), "Specific.");
	result_finding(&r, FINDING_WARN, "b", "y");
	result_compose_remedy(&r);
	ck_assert_str_eq(r.remediation, "Specific. Generic.");
	result_free(&r);
	/* no finding says more: the static text alone */
	result_init(&r, NULL);
	r.remediation = strdup("Generic.");
	result_finding(&r, FINDING_FAIL, "a", "x");
	result_compose_remedy(&r);
	ck_assert_str_eq(r.remediation, "Generic.");
	result_free(&r);
}
END_TEST

static char *hex(const unsigned char *d, size_t n)
{
	static char buf[2 * 64 + 1];
	for (size_t i = 0; i < n; i++)
		snprintf(buf + 2 * i, 3, "%02x", d[i]);
	return buf;
}

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf"), the million-'a' vector, and RFC 4231's HMAC cases. */
/* Japanese columns line up without a locale (a static kensa on a bare host, cron's C locale):
 * the same widths glibc's wcwidth gives in a UTF-8 locale. This suite runs in the C locale. */
START_TEST(display_width_needs_no_locale)
{
	ck_assert_uint_eq(display_width("abc"), 3);
	ck_assert_uint_eq(display_width("未確認（はい 0、いいえ 1）"), 26);
	ck_assert_uint_eq(display_width("2-⑤"), 3);
	ck_assert_uint_eq(display_width("Ｈｅｌｌｏ"), 10);
	ck_assert_uint_eq(display_width("한국어"), 6);
	ck_assert_uint_eq(display_width("e\xcc\x81"), 1); /* e + combining acute */
	ck_assert_uint_eq(display_width("\xff\xfe"), 2);  /* not UTF-8: a column each */
}
END_TEST

START_TEST(sha256_known_answers)
{
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256("abc", 3, d);
	ck_assert_str_eq(hex(d, 32), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256("", 0, d);
	ck_assert_str_eq(hex(d, 32), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256(two, strlen(two), d);
	ck_assert_str_eq(hex(d, 32), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	struct sha256 s;
	sha256_init(&s);
	char a[1100];
	memset(a, 'a', sizeof a);
	for (size_t left = 1000000, piece = 1; left; piece = piece % 997 + 61) { /* uneven pieces */
		size_t n = piece < left ? piece : left;
		sha256_update(&s, a, n);
		left -= n;
	}
	sha256_final(&s, d);
	ck_assert_str_eq(hex(d, 32), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* RFC 4231 test case 1 and 2, and case 6 (a key longer than a block) */
	struct hmac_sha256 h;
	unsigned char key[131];
	memset(key, 0x0b, 20);
	hmac_sha256_init(&h, key, 20);
	hmac_sha256_update(&h, "Hi There", 8);
	hmac_sha256_final(&h, d);
	ck_assert_str_eq(hex(d, 32), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	hmac_sha256_init(&h, "Jefe", 4);
	hmac_sha256_update(&h, "what do ya want ", 16);
	hmac_sha256_update(&h, "for nothing?", 12);
	hmac_sha256_final(&h, d);
	ck_assert_str_eq(hex(d, 32), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(key, 0xaa, sizeof key);
	hmac_sha256_init(&h, key, sizeof key);
	const char *msg = "Test Using Larger Than Block-Size Key - Hash Key First";
	hmac_sha256_update(&h, msg, strlen(msg));
	hmac_sha256_final(&h, d);
	ck_assert_str_eq(hex(d, 32), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}
END_TEST

START_TEST(verdict_error_never_rolls_up_to_yes)
{
	struct audit_report rep;
	struct checklist *c;
	build(&rep, &c, CHECK_ERROR, NULL);
	ck_assert_int_eq(row(&rep, "2-5")->status, CHECK_ERROR);
	/* kensa looked and could not decide: to review, with the check's reason */
	ck_assert_int_eq(row(&rep, "2-5")->answer, ANSWER_REVIEW);
	ck_assert_ptr_nonnull(strstr(row(&rep, "2-5")->reason, "cannot read /etc/shadow"));
	ck_assert_int_eq(row(&rep, "1-1")->status, CHECK_MANUAL);
	ck_assert_int_eq(row(&rep, "1-1")->answer, ANSWER_UNCHECKED);
	/* R7 tags 2-13 for network devices; kensa answers it for hosts too
	 * (network.access_control), and a check that did not run leaves it to review */
	ck_assert_ptr_nonnull(row(&rep, "2-13"));
	ck_assert_int_eq(row(&rep, "2-13")->answer, ANSWER_REVIEW);
	report_free(&rep);
	checklist_free(c);
}
END_TEST

START_TEST(verdict_answers_follow_checks)
{
	/* only a fail is いいえ; a warn is 要確認 with the warning as its reason */
	const enum check_status in[] = { CHECK_PASS, CHECK_FAIL, CHECK_WARN };
	const enum item_answer want[] = { ANSWER_YES, ANSWER_NO, ANSWER_REVIEW };
	for (int i = 0; i < 3; i++) {
		struct audit_report rep;
		struct checklist *c;
		build(&rep, &c, in[i], NULL);
		ck_assert_int_eq(row(&rep, "2-5")->answer, want[i]);
		if (in[i] == CHECK_WARN)
			ck_assert_ptr_nonnull(strstr(row(&rep, "2-5")->reason, "expired, unlocked"));
		/* the other checks of 2-7 did not run: to review, never yes */
		ck_assert_int_eq(row(&rep, "2-7")->answer, ANSWER_REVIEW);
		ck_assert_ptr_nonnull(strstr(row(&rep, "2-7")->reason, "password.policy"));
		const char *ids[4];
		ck_assert_uint_eq(report_items_of_result(&rep, &rep.results[0], ids, 4), 1);
		ck_assert_str_eq(ids[0], "2-5");
		report_free(&rep);
		checklist_free(c);
	}
}
END_TEST

/* An accepted fail keeps the row いいえ and notes the exception; an accepted warn leaves it 要確認. */
START_TEST(verdict_accepted_exception_keeps_no)
{
	char err[512];
	for (int warn = 0; warn < 2; warn++) {
		struct audit_report rep;
		struct checklist *c;
		ck_assert(checklist_load("mhlw-r7", &c, err, sizeof err) == 0);
		memset(&rep, 0, sizeof rep);
		rep.device_class = strdup("server");
		rep.lang = strdup("en");
		rep.results = calloc(1, sizeof *rep.results);
		rep.n_results = 1;
		result_init(&rep.results[0], check_find("password.history"));
		struct finding *f = result_finding(&rep.results[0], warn ? FINDING_WARN : FINDING_FAIL,
						   "passwd", "reuse is possible");
		finding_set_exception(f, true, "replaced in spring", "Dr. Yamada", "2027-03-31");
		struct finding *g = result_finding(&rep.results[0], warn ? FINDING_WARN : FINDING_FAIL,
						   "other", "reuse is possible");
		finding_set_exception(g, true, "replaced in spring", "Dr. Yamada", "2027-01-31");
		result_finish(&rep.results[0]);
		ck_assert_int_eq(rep.results[0].status, CHECK_PASS); /* the exit status ignores it */
		report_build_items(&rep, c, NULL);
		const struct item_verdict *v = row(&rep, "2-8");
		ck_assert_int_eq(v->answer, warn ? ANSWER_REVIEW : ANSWER_NO);
		ck_assert_uint_eq(v->accepted, 2);
		ck_assert_str_eq(v->accepted_expires, "2027-01-31");
		char *note = item_exception_note(v);
		ck_assert_str_eq(note, "accepted exception (until 2027-01-31)");
		free(note);
		ck_assert_ptr_null(item_exception_note(row(&rep, "2-5")));
		report_free(&rep);
		checklist_free(c);
	}
}
END_TEST

static struct site *site_from(const char *text, char *err, size_t errlen)
{
	char *root = tu_mkroot();
	tu_write(root, "site.ini", text);
	char path[4096];
	snprintf(path, sizeof path, "%s/site.ini", root);
	struct site *s = NULL;
	if (site_load(path, &s, err, errlen) != 0)
		s = NULL;
	tu_rmtree(root);
	return s;
}

START_TEST(site_answers_fill_manual_rows)
{
	char err[512] = "";
	struct site *s = site_from("[site]\nname = さくらクリニック\n\n[answer 1-1]\nanswer = はい\n"
				   "by = 院長 山田\ndate = 2026-11-20\nnote = 辞令 2024-04-01\n\n"
				   "[answer 3-3]\nanswer = no\nby = 事務長\ndate = 2026-11-20\n"
				   "target_date = 2027-03-31\n", err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	struct audit_report rep;
	struct checklist *c;
	build(&rep, &c, CHECK_PASS, s);
	struct item_verdict *v = row(&rep, "1-1");
	ck_assert_int_eq(v->answer, ANSWER_YES);
	ck_assert_str_eq(v->answered_by, "院長 山田");
	ck_assert_str_eq(v->note, "辞令 2024-04-01");
	v = row(&rep, "3-3");
	ck_assert_int_eq(v->answer, ANSWER_NO);
	ck_assert_str_eq(v->target_date, "2027-03-31");
	ck_assert_int_eq(row(&rep, "3-1")->answer, ANSWER_UNCHECKED);
	report_free(&rep);
	checklist_free(c);
	site_free(s);
}
END_TEST

/* [vendor]: who answers the vendor's form, for which system */
START_TEST(site_vendor_section)
{
	char err[512] = "";
	struct site *s = site_from("[site]\nname = さくらクリニック\nvendor = 旧社名\n[vendor]\n"
				   "company = 例示システムズ\nperson = 鈴木\nsystem = 電子カルテ\n",
				   err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_str_eq(s->vendor_company, "例示システムズ");
	ck_assert_str_eq(s->vendor_person, "鈴木");
	ck_assert_str_eq(s->vendor_system, "電子カルテ");
	ck_assert_str_eq(s->vendor, "旧社名");
	site_free(s);
	s = site_from("[vendor]\nperson = 鈴木\n", err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_ptr_null(s->vendor_company);
	ck_assert_ptr_null(s->vendor_system);
	site_free(s);
}
END_TEST

START_TEST(site_errors_name_the_line)
{
	const char *cases[][2] = {
		{ "[answer 1-1]\nanswer = maybe\n", "site.ini:2: answer must be yes or no" },
		{ "[answer 1-1]\nanswer = yes\ndate = 2026-11-31\n", "site.ini:3: '2026-11-31' is not a date" },
		{ "[answer 1-1]\nanswer = yes\nby = x\n", "site.ini:1: [answer 1-1] needs 'date'" },
		{ "[answer 1-1]\nanswer = yes\nby = x\ndate = 2026-01-01\nwho = y\n", "site.ini:5: unknown key 'who'" },
		{ "[answer one]\nanswer = yes\n", "site.ini:2: 'one' is not an item id" },
		{ "[answer 1-1]\nanswer = yes\nby = x\ndate = 2026-01-01\n[answer 1-1]\nanswer = no\n", "site.ini:6: item 1-1 answered twice" },
		{ "[answer 1-1]\nanswer = yes\nby = x\ndate = 2026-01-01\ntarget_date = 2026-02-01\n", "has a target_date but the answer is yes" },
		{ "[exception nosuch.check]\nreason = r\n", "site.ini:2: no check has the id 'nosuch.check'" },
		{ "[exception accounts.stale alice]\nreason = r\n", "[exception accounts.stale] needs 'by'" },
		{ "[siet]\nname = x\n", "site.ini:2: unknown section [siet]" },
		{ "[vendor]\ncompany = A\nphone = 1\n", "site.ini:3: unknown key 'phone' in [vendor]" },
		{ "[vendor]\nperson = a\nperson = b\n", "site.ini:3: 'person' given twice" },
		{ "[vendor]\nsystem =\n", "site.ini:2: 'system' is empty" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char err[512] = "";
		struct site *s = site_from(cases[i][0], err, sizeof err);
		ck_assert_msg(s == NULL, "case %zu accepted", i);
		ck_assert_msg(strstr(err, cases[i][1]), "case %zu: '%s' lacks '%s'", i, err, cases[i][1]);
	}
}
END_TEST

START_TEST(result_status_from_findings)
{
	struct check_result r;
	result_init(&r, NULL);
	result_finding(&r, FINDING_INFO, "x", "info only");
	result_finish(&r);
	ck_assert_int_eq(r.status, CHECK_PASS);
	result_finding(&r, FINDING_WARN, "y", "weak");
	result_finish(&r);
	ck_assert_int_eq(r.status, CHECK_WARN);
	result_finding(&r, FINDING_FAIL, "z", "bad");
	result_finish(&r);
	ck_assert_int_eq(r.status, CHECK_FAIL);
	result_not_applicable(&r, "offline");
	result_finish(&r);
	ck_assert_int_eq(r.status, CHECK_NOT_APPLICABLE);
	result_free(&r);
}
END_TEST

START_TEST(dates_round_trip)
{
	int64_t d;
	char buf[32];
	ck_assert_int_eq(parse_day("1970-01-01", &d), 0);
	ck_assert_int_eq(d, 0);
	ck_assert_int_eq(parse_day("2026-11-25", &d), 0);
	ck_assert_int_eq(d, 20782);
	format_day(d, buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-11-25");
	ck_assert_int_eq(parse_day("2024-02-29", &d), 0);
	ck_assert_int_eq(parse_day("2023-02-29", &d), -1);
	ck_assert_int_eq(parse_day("2026-13-01", &d), -1);
	ck_assert_int_eq(parse_day("2026-1-01", &d), -1);
	ck_assert_int_eq(parse_day("2026-01-01x", &d), -1);
	ck_assert_int_eq(parse_day("", &d), -1);
	format_time(1795564800 + 3661, buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-11-25T01:01:01Z");
}
END_TEST

static enum password_state state_of(const char *pw, bool shadow)
{
	struct account a = { .password = (char *)pw, .has_shadow = shadow };
	return account_password_state(&a);
}

START_TEST(password_states)
{
	ck_assert_int_eq(state_of("$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7", true), PASSWORD_USABLE);
	ck_assert_int_eq(state_of("$6$salt$hash", true), PASSWORD_USABLE);
	ck_assert_int_eq(state_of("!$6$salt$hash", true), PASSWORD_LOCKED);
	ck_assert_int_eq(state_of("!!", true), PASSWORD_LOCKED);
	ck_assert_int_eq(state_of("!", true), PASSWORD_LOCKED);
	ck_assert_int_eq(state_of("*", true), PASSWORD_DISABLED);
	ck_assert_int_eq(state_of("", true), PASSWORD_EMPTY);
	ck_assert_int_eq(state_of("x", false), PASSWORD_DISABLED);
	ck_assert_int_eq(state_of("abJnggxhB/yWI", true), PASSWORD_USABLE); /* DES */
	ck_assert_int_eq(state_of("NP", true), PASSWORD_DISABLED);
	ck_assert_int_eq(state_of("$6$", true), PASSWORD_DISABLED);
	ck_assert_int_eq(state_of("abJnggx*B/yWI", true), PASSWORD_DISABLED);
}
END_TEST

START_TEST(expiry_follows_pam_unix)
{
	struct account a = { .expire = -1, .lastchg = 20000, .max = -1, .inactive = -1 };
	ck_assert(!account_expired(&a, 30000));
	a.expire = 20417;
	ck_assert(account_expired(&a, 20417)); /* the expiry day itself is expired */
	ck_assert(!account_expired(&a, 20416));
	a.expire = 0; /* pam_unix: 0 is a date in 1970, so expired */
	ck_assert(account_expired(&a, 1));
	a.max = 90;
	a.inactive = 10;
	ck_assert(!account_password_inactive(&a, 20100));
	ck_assert(account_password_inactive(&a, 20101));
	a.lastchg = 0; /* must change at next login: not inactive */
	ck_assert(!account_password_inactive(&a, 30000));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("profiles");
	tcase_add_test(tc, profile_shipped_server_and_terminal_load);
	tcase_add_test(tc, profile_include_overrides_one_value);
	tcase_add_test(tc, profile_errors_name_file_and_line);
	tcase_add_test(tc, profile_nul_bytes_rejected);
	suite_add_tcase(s, tc);
	tc = tcase_create("checklists");
	tcase_add_test(tc, checklist_shipped_editions_are_valid);
	tcase_add_test(tc, checklist_rejects_unknown_check_and_class);
	tcase_add_test(tc, checklist_forms_of_shipped_editions);
	tcase_add_test(tc, checklist_forms_validated);
	tcase_add_test(tc, verdict_error_never_rolls_up_to_yes);
	tcase_add_test(tc, verdict_answers_follow_checks);
	tcase_add_test(tc, verdict_accepted_exception_keeps_no);
	tcase_add_test(tc, site_answers_fill_manual_rows);
	tcase_add_test(tc, site_errors_name_the_line);
	suite_add_tcase(s, tc);
	tc = tcase_create("results");
	tcase_add_test(tc, result_status_from_findings);
	tcase_add_test(tc, evidence_is_shown_once_per_check);
	tcase_add_test(tc, report_select_form_keeps_the_forms_rows);
	tcase_add_test(tc, site_vendor_section);
	tcase_add_test(tc, remedy_is_composed_from_findings);
	tcase_add_test(tc, sha256_known_answers);
	tcase_add_test(tc, display_width_needs_no_locale);
	tcase_add_test(tc, dates_round_trip);
	tcase_add_test(tc, password_states);
	tcase_add_test(tc, expiry_follows_pam_unix);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
