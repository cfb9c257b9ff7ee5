/* Check suite for the nine-rules checks' parsers: the support-lifecycle data (the shipped
 * profiles/os-lifecycle.ini itself and malformed variants), os-release as Debian, RHEL and
 * Ubuntu write it, and the judgement at the edges of each period; ClamAV database headers and
 * Security Center's product list for antimalware.active. */
#include "testutil.h"
#include "parsers/clamav_cvd.h"
#include "parsers/os_lifecycle.h"
#include "parsers/win_avproduct.h"
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
	ck_assert_ptr_nonnull(os_lifecycle_find_linux(&db, "ubuntu", "22.04"));
	ck_assert_ptr_null(os_lifecycle_find_linux(&db, "ubuntu", "22"));     /* not for 22.10 */
	ck_assert_ptr_null(os_lifecycle_find_linux(&db, "ubuntu", "22.10"));
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

static size_t pad(unsigned char *buf, const char *head)
{
	size_t n = strlen(head);
	memcpy(buf, head, n);
	memset(buf + n, ' ', CVD_HEADER_SIZE - n);
	memcpy(buf + CVD_HEADER_SIZE, "\x1f\x8b", 2);
	return CVD_HEADER_SIZE + 2;
}

START_TEST(cvd_headers)
{
	/* the layout of a real daily.cvd header (ClamAV 1.0's sigtool), md5/dsig shortened */
	unsigned char buf[CVD_HEADER_SIZE + 2];
	struct cvd_header h;
	const char *why = NULL;
	size_t len = pad(buf, "ClamAV-VDB:06 Dec 2023 09-35 +0000:27114:2050237:90:"
			      "0123456789abcdef0123456789abcdef:AbCd:raynman:1701855317");
	ck_assert_msg(cvd_header_parse(buf, len, &h, &why), "%s", why);
	ck_assert_uint_eq(h.version, 27114);
	ck_assert_uint_eq(h.signatures, 2050237);
	ck_assert_uint_eq(h.functionality_level, 90);
	ck_assert_str_eq(h.build_time, "06 Dec 2023 09-35 +0000");
	ck_assert_str_eq(h.builder, "raynman");
	ck_assert_int_eq(h.built, 1701855317);
	/* no STIME: the written time, with its offset */
	len = pad(buf, "ClamAV-VDB:06 Dec 2023 04-35 -0500:27114:2050237:90:x:y:raynman:");
	ck_assert_msg(cvd_header_parse(buf, len, &h, &why), "%s", why);
	ck_assert_int_eq(h.built, 1701855300);
	/* malformed */
	ck_assert(!cvd_header_parse(buf, 100, &h, &why));                  /* short */
	len = pad(buf, "ClamAV-VDX:06 Dec 2023 09-35 +0000:1:2:90:x:y:z:1");
	ck_assert(!cvd_header_parse(buf, len, &h, &why));
	len = pad(buf, "ClamAV-VDB:06 Dec 2023 09-35 +0000:1:2:90:x:y");
	ck_assert(!cvd_header_parse(buf, len, &h, &why));
	ck_assert_str_eq(why, "fewer than 9 fields");
	len = pad(buf, "ClamAV-VDB:06 Dec 2023 09-35 +0000:v1:2:90:x:y:z:1");
	ck_assert(!cvd_header_parse(buf, len, &h, &why));
	len = pad(buf, "ClamAV-VDB:31 Foo 2023 09-35 +0000:1:2:90:x:y:z:");
	ck_assert(!cvd_header_parse(buf, len, &h, &why));                  /* no time at all */
	len = pad(buf, "ClamAV-VDB:06 Dec 2023 09-35 +0000:1:2:90:x:y:z:1");
	buf[40] = '\n';
	ck_assert(!cvd_header_parse(buf, len, &h, &why));
}
END_TEST

START_TEST(clamav_conf)
{
	/* Debian 12's freshclam.conf (written by the package's debconf) in part */
	const char *conf = "# Automatically created by the clamav-freshclam postinst\n"
			   "DatabaseOwner clamav\nUpdateLogFile /var/log/clamav/freshclam.log\n"
			   "DatabaseDirectory /var/lib/clamav\n#DatabaseDirectory /nope\n"
			   "DatabaseMirror database.clamav.net\n  DatabaseDirectory \"/srv/clamav\"\r\n";
	char v[64];
	unsigned line;
	ck_assert(clamav_conf_value(conf, strlen(conf), "DatabaseDirectory", v, sizeof v, &line));
	ck_assert_str_eq(v, "/srv/clamav"); /* the last one wins, quotes removed */
	ck_assert_uint_eq(line, 7);
	ck_assert(clamav_conf_value(conf, strlen(conf), "DatabaseOwner", v, sizeof v, &line));
	ck_assert_str_eq(v, "clamav");
	ck_assert(!clamav_conf_value(conf, strlen(conf), "Database", v, sizeof v, &line));
	ck_assert(!clamav_conf_value(conf, strlen(conf), "databasedirectory", v, sizeof v, &line));
	ck_assert(!clamav_conf_value(conf, strlen(conf), "DatabaseMirror", v, 4, &line)); /* long */
	ck_assert(!clamav_conf_value("DatabaseDirectory\n", 18, "DatabaseDirectory", v, sizeof v,
				     &line));
}
END_TEST

START_TEST(security_center_products)
{
	/* ConvertTo-Csv as PowerShell 5.1 writes it: a #TYPE line, CRLF, quoted fields */
	const char *csv = "#TYPE Selected.Microsoft.Management.Infrastructure.CimInstance\r\n"
			  "\"displayName\",\"productState\",\"timestamp\"\r\n"
			  "\"Windows Defender\",\"397568\",\"Tue, 24 Nov 2026 21:14:03 GMT\"\r\n"
			  "\"ESET \"\"Security\"\"\",\"266240\",\"\"\r\n"
			  "\"Old AV\",\"397584\",\"x\"\r\n"
			  "\"Off AV\",\"393472\",\"x\"\r\n";
	struct av_product p[AV_PRODUCTS_MAX];
	size_t n, dropped;
	char why[256] = "";
	ck_assert_msg(av_products_parse(csv, strlen(csv), p, &n, &dropped, why, sizeof why), "%s",
		      why);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(p[1].name, "ESET \"Security\"");
	ck_assert_uint_eq(p[0].line, 3);
	ck_assert(av_product_enabled(p[0].state) && !av_product_outdated(p[0].state));
	ck_assert(av_product_enabled(p[1].state) && !av_product_outdated(p[1].state));
	ck_assert(av_product_enabled(p[2].state) && av_product_outdated(p[2].state));
	ck_assert(!av_product_enabled(p[3].state));
	const char *bad = "\"displayName\",\"productState\"\r\n\"X\",\"on\"\r\n";
	ck_assert(!av_products_parse(bad, strlen(bad), p, &n, &dropped, why, sizeof why));
	bad = "\"name\",\"state\"\r\n";
	ck_assert(!av_products_parse(bad, strlen(bad), p, &n, &dropped, why, sizeof why));
	ck_assert(!av_products_parse("", 0, p, &n, &dropped, why, sizeof why));
	/* more products than kept: counted */
	char big[8192] = "displayName,productState\n";
	for (int i = 0; i < AV_PRODUCTS_MAX + 3; i++)
		strcat(big, "a,397568\n");
	ck_assert(av_products_parse(big, strlen(big), p, &n, &dropped, why, sizeof why));
	ck_assert_uint_eq(n, AV_PRODUCTS_MAX);
	ck_assert_uint_eq(dropped, 3);
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
	TCase *am = tcase_create("antimalware");
	tcase_add_test(am, cvd_headers);
	tcase_add_test(am, clamav_conf);
	tcase_add_test(am, security_center_products);
	suite_add_tcase(s, am);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
