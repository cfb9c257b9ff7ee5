/* Check suite for the nine-rules checks' parsers: the support-lifecycle data (the shipped
 * profiles/os-lifecycle.ini itself and malformed variants), os-release as Debian, RHEL and
 * Ubuntu write it, and the judgement at the edges of each period. */
#include "testutil.h"
#include "parsers/os_lifecycle.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t day(const char *s)
{
	int64_t d;
	ck_assert_msg(os_lifecycle_date(s, &d), "%s", s);
	return d;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s", path);
	char *buf = malloc(1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void load_shipped(struct os_lifecycle *db)
{
	const char *dir = getenv("KENSA_DATADIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/profiles/os-lifecycle.ini", dir ? dir : ".");
	size_t len;
	char *buf = slurp(path, &len);
	char err[512] = "";
	ck_assert_msg(os_lifecycle_parse(buf, len, path, db, err, sizeof err) == 0, "%s", err);
	free(buf);
}

START_TEST(dates)
{
	ck_assert_int_eq(day("1970-01-01"), 0);
	ck_assert_int_eq(day("2026-12-03"), 20790);
	ck_assert_int_eq(day("2028-02-29"), day("2028-02-28") + 1);
	ck_assert_int_eq(day("2028-03-01"), day("2028-02-29") + 1);
	int64_t d;
	ck_assert(!os_lifecycle_date("2026-02-29", &d)); /* not a leap year */
	ck_assert(!os_lifecycle_date("2100-02-29", &d));
	ck_assert(os_lifecycle_date("2000-02-29", &d));
	ck_assert(!os_lifecycle_date("2026-13-01", &d));
	ck_assert(!os_lifecycle_date("2026-1-01", &d));
	ck_assert(!os_lifecycle_date("2026-01-01x", &d));
	ck_assert(!os_lifecycle_date("", &d));
}
END_TEST

START_TEST(shipped_data_lookups)
{
	struct os_lifecycle db;
	load_shipped(&db);
	const struct os_release_entry *e = os_lifecycle_find_linux(&db, "debian", "12");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->period[OS_SUPPORT_LTS].end_text, "2028-06-30");
	e = os_lifecycle_find_linux(&db, "debian", "11");
	ck_assert_str_eq(e->period[OS_SUPPORT_REGULAR].end_text, "2024-08-14");
	ck_assert_str_eq(e->period[OS_SUPPORT_LTS].end_text, "2026-08-31");
	ck_assert_ptr_nonnull(os_lifecycle_find_linux(&db, "debian", "13"));
	ck_assert_ptr_nonnull(os_lifecycle_find_linux(&db, "rhel", "9"));
	ck_assert_ptr_nonnull(os_lifecycle_find_linux(&db, "rocky", "8"));
	ck_assert_ptr_null(os_lifecycle_find_linux(&db, "debian", "14"));   /* not known yet */
	ck_assert_ptr_null(os_lifecycle_find_linux(&db, "debian", "1"));    /* no prefix match */
	ck_assert_ptr_null(os_lifecycle_find_linux(&db, "windows", "19045")); /* editions set */
	ck_assert_ptr_null(os_lifecycle_find_linux(&db, "", "12"));
	/* Windows: build + edition group; LTSC before Enterprise*, Server by EditionID */
	e = os_lifecycle_find_windows(&db, "19045", "Professional");
	ck_assert_str_eq(e->period[OS_SUPPORT_REGULAR].end_text, "2025-10-14");
	e = os_lifecycle_find_windows(&db, "26100", "professional"); /* case-insensitive */
	ck_assert_str_eq(e->period[OS_SUPPORT_REGULAR].end_text, "2026-10-13");
	e = os_lifecycle_find_windows(&db, "26100", "Enterprise");
	ck_assert_str_eq(e->period[OS_SUPPORT_REGULAR].end_text, "2027-10-12");
	e = os_lifecycle_find_windows(&db, "26100", "EnterpriseS");
	ck_assert_str_eq(e->period[OS_SUPPORT_REGULAR].end_text, "2029-10-09");
	e = os_lifecycle_find_windows(&db, "26100", "ServerStandard");
	ck_assert_str_eq(e->period[OS_SUPPORT_LTS].end_text, "2034-11-14");
	e = os_lifecycle_find_windows(&db, "19044", "IoTEnterpriseS");
	ck_assert_str_eq(e->period[OS_SUPPORT_LTS].end_text, "2032-01-13");
	e = os_lifecycle_find_windows(&db, "17763", "ServerDatacenter");
	ck_assert_str_eq(e->name, "Windows Server 2019");
	ck_assert_ptr_null(os_lifecycle_find_windows(&db, "26100", "SomethingNew")); /* no guess */
	ck_assert_ptr_null(os_lifecycle_find_windows(&db, "26100", NULL));
	ck_assert_ptr_null(os_lifecycle_find_windows(&db, "99999", "Professional"));
	ck_assert_ptr_null(os_lifecycle_find_windows(&db, "2610", "Professional"));
	/* every release names a source and the date it was read */
	for (size_t i = 0; i < db.n; i++)
		for (int k = 0; k < 2; k++)
			if (db.entries[i].period[k].set)
				ck_assert_msg(db.entries[i].period[k].source &&
					      db.entries[i].period[k].checked, "%s", db.entries[i].key);
	os_lifecycle_free(&db);
}
END_TEST

START_TEST(judgement_edges)
{
	struct os_lifecycle db;
	load_shipped(&db);
	const struct os_release_entry *e = os_lifecycle_find_linux(&db, "debian", "12");
	enum os_support_kind k;
	ck_assert_int_eq(os_lifecycle_judge(e, day("2026-06-10"), 180, &k), OS_SUPPORTED);
	ck_assert_int_eq(k, OS_SUPPORT_REGULAR);
	ck_assert_int_eq(os_lifecycle_judge(e, day("2026-06-11"), 180, &k), OS_SUPPORTED_LTS);
	ck_assert_int_eq(k, OS_SUPPORT_LTS);
	/* 180 days before the last day: still fine; 179: warn */
	ck_assert_int_eq(os_lifecycle_judge(e, day("2028-06-30") - 180, 180, &k), OS_SUPPORTED_LTS);
	ck_assert_int_eq(os_lifecycle_judge(e, day("2028-06-30") - 179, 180, &k), OS_ENDING);
	ck_assert_int_eq(os_lifecycle_judge(e, day("2028-06-30"), 180, &k), OS_ENDING);
	ck_assert_int_eq(os_lifecycle_judge(e, day("2028-07-01"), 180, &k), OS_ENDED);
	ck_assert_int_eq(k, OS_SUPPORT_LTS);
	ck_assert_int_eq(os_lifecycle_judge(e, day("2028-06-30"), 0, &k), OS_SUPPORTED_LTS);
	/* no LTS: the regular end is the last */
	e = os_lifecycle_find_windows(&db, "19045", "Core");
	ck_assert_int_eq(os_lifecycle_judge(e, day("2025-10-15"), 0, &k), OS_ENDED);
	ck_assert_int_eq(k, OS_SUPPORT_REGULAR);
	os_lifecycle_free(&db);
}
END_TEST

static int parse(const char *text, char *err, size_t errlen)
{
	struct os_lifecycle db;
	int rc = os_lifecycle_parse(text, strlen(text), "t.ini", &db, err, errlen);
	os_lifecycle_free(&db);
	return rc;
}

START_TEST(malformed_data)
{
	char err[512];
	ck_assert_int_eq(parse("[debian 12]\nname = x\nregular_end = 2026-06-10\n", err, sizeof err),
			 0);
	ck_assert_int_eq(parse("[debian 12]\nname = x\n", err, sizeof err), -1);
	ck_assert_msg(strstr(err, "needs regular_end"), "%s", err);
	ck_assert_int_eq(parse("[debian 12]\nregular_end = 2026-06-10\n", err, sizeof err), -1);
	ck_assert_int_eq(parse("[debian 12]\nname = x\nregular_end = 2026-06-31\n", err, sizeof err),
			 -1);
	ck_assert_msg(strstr(err, "t.ini:3"), "%s", err);
	ck_assert_int_eq(parse("[debian 12]\nname = x\nregular_end = 2026-06-10\n"
			       "lts_end = 2025-01-01\n", err, sizeof err), -1);
	ck_assert_int_eq(parse("[debian]\nname = x\nregular_end = 2026-06-10\n", err, sizeof err),
			 -1);
	ck_assert_int_eq(parse("[debian 12]\nname = x\nregular_end = 2026-06-10\n[debian 12]\n",
			       err, sizeof err), -1);
	ck_assert_int_eq(parse("[debian 12]\nname = x\nname = y\nregular_end = 2026-06-10\n", err,
			       sizeof err), -1);
	ck_assert_int_eq(parse("[debian 12]\nname = x\nregular_end = 2026-06-10\nfoo = 1\n", err,
			       sizeof err), -1);
	ck_assert_int_eq(parse("[debian 12]\nname = x\nregular_end = 2026-06-10\nunverified = x\n",
			       err, sizeof err), -1);
	ck_assert_int_eq(parse("[debian 12]\nname = x\nregular_end += 2026-06-10\n", err,
			       sizeof err), -1);
	ck_assert_int_eq(parse("", err, sizeof err), 0);
}
END_TEST

START_TEST(os_release_files)
{
	/* Debian 12's /usr/lib/os-release */
	const char *deb = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
			  "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\n"
			  "ID=debian\nHOME_URL=\"https://www.debian.org/\"\n";
	struct os_release r;
	ck_assert(os_release_parse(deb, strlen(deb), &r));
	ck_assert_str_eq(r.id, "debian");
	ck_assert_str_eq(r.version_id, "12");
	ck_assert_str_eq(r.pretty_name, "Debian GNU/Linux 12 (bookworm)");
	os_release_free(&r);
	/* RHEL 9: quoted ID, a minor version */
	const char *rhel = "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.4 (Plow)\"\nID=\"rhel\"\n"
			   "ID_LIKE=\"fedora\"\nVERSION_ID=\"9.4\"\r\n";
	ck_assert(os_release_parse(rhel, strlen(rhel), &r));
	ck_assert_str_eq(r.id, "rhel");
	ck_assert_str_eq(r.version_id, "9.4");
	ck_assert_str_eq(r.id_like, "fedora");
	char major[16];
	ck_assert(os_version_major(r.version_id, major, sizeof major));
	ck_assert_str_eq(major, "9");
	os_release_free(&r);
	/* Debian testing: no VERSION_ID; single quotes and escapes; comments */
	const char *t = "# comment\nPRETTY_NAME='Debian GNU/Linux trixie/sid'\nID=debian\n"
			"NAME=\"a \\\"b\\\"\"\n";
	ck_assert(os_release_parse(t, strlen(t), &r));
	ck_assert_ptr_null(r.version_id);
	ck_assert_str_eq(r.pretty_name, "Debian GNU/Linux trixie/sid");
	os_release_free(&r);
	ck_assert(!os_version_major("trixie/sid", major, sizeof major));
	ck_assert(!os_version_major("", major, sizeof major));
	ck_assert(!os_version_major("12345678901234567890", major, sizeof major));
	ck_assert(!os_release_parse("ID=a\0b", 6, &r));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("os-lifecycle");
	tcase_add_test(tc, dates);
	tcase_add_test(tc, shipped_data_lookups);
	tcase_add_test(tc, judgement_edges);
	tcase_add_test(tc, malformed_data);
	tcase_add_test(tc, os_release_files);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
