/* Check suite: accepted exceptions — Japan-time dates, --as-of, applying exceptions to findings
 * and statuses, their JSON form both ways — and the HTML report's escaping. */
#include "testutil.h"
#include "core/check.h"
#include "core/checklist.h"
#include "core/result.h"
#include "core/site.h"
#include "core/timefmt.h"
#include "report/exceptions_json.h"
#include "report/report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t day_of(const char *iso)
{
	int64_t d;
	ck_assert_int_eq(parse_day(iso, &d), 0);
	return d;
}

static int64_t at(const char *iso, int h, int m, int s)
{
	return day_of(iso) * 86400 + h * 3600 + m * 60 + s;
}

#define JST (9 * 3600)

/* A report's zone is a fixed offset: parsed strictly, printed back the same, days floored. */
START_TEST(report_zone_offsets)
{
	int off;
	ck_assert_int_eq(parse_utc_offset("+09:00", &off), 0);
	ck_assert_int_eq(off, JST);
	ck_assert_int_eq(parse_utc_offset("-05:30", &off), 0);
	ck_assert_int_eq(off, -(5 * 3600 + 30 * 60));
	ck_assert_int_eq(parse_utc_offset("UTC", &off), 0);
	ck_assert_int_eq(off, 0);
	ck_assert_int_eq(parse_utc_offset("Z", &off), 0);
	const char *bad[] = { "", "+9:00", "+0900", "JST", "Asia/Tokyo", "local", "+14:30", "+15:00",
			      "+09:60", "09:00", "+09:00 " };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(parse_utc_offset(bad[i], &off) == -1, "accepted '%s'", bad[i]);
	char buf[32];
	format_utc_offset(-(5 * 3600 + 30 * 60), buf, sizeof buf);
	ck_assert_str_eq(buf, "-05:30");
	/* 2026-12-02T16:00:00Z is 01:00 on 2026-12-03 in Japan */
	format_time_offset(at("2026-12-02", 16, 0, 0), JST, buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-12-03T01:00:00+09:00");
	ck_assert_int_eq(day_in_zone(at("2026-12-02", 16, 0, 0), JST), day_of("2026-12-03"));
	ck_assert_int_eq(day_in_zone(at("2026-12-02", 16, 0, 0), 0), day_of("2026-12-02"));
	format_time_offset(at("2026-12-02", 3, 0, 0), -(5 * 3600), buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-12-01T22:00:00-05:00");
	ck_assert_int_eq(day_in_zone(-1, 0), -1);
}
END_TEST

START_TEST(jst_day_turns_at_15_utc)
{
	ck_assert_int_eq(site_jst_day(at("2026-12-31", 14, 59, 59)), day_of("2026-12-31"));
	ck_assert_int_eq(site_jst_day(at("2026-12-31", 15, 0, 0)), day_of("2027-01-01"));
	ck_assert_int_eq(site_jst_day(at("2026-12-31", 15, 0, 30)), day_of("2027-01-01"));
	ck_assert_int_eq(site_jst_day(at("2026-12-31", 0, 0, 0)), day_of("2026-12-31"));
	ck_assert_int_eq(site_jst_day(at("2026-12-30", 23, 59, 59)), day_of("2026-12-31"));
	/* before the epoch the division must floor, not truncate */
	ck_assert_int_eq(site_jst_day(-9 * 3600 - 1), -1);
	ck_assert_int_eq(site_jst_day(-9 * 3600), 0);
}
END_TEST

START_TEST(as_of_day_pins_the_japan_date)
{
	int64_t now, today, jst;
	ck_assert_int_eq(site_parse_as_of("2026-12-31", JST, &now, &today, &jst), 0);
	ck_assert_int_eq(today, day_of("2026-12-31"));
	ck_assert_int_eq(jst, day_of("2026-12-31")); /* not the JST date of 23:59:59 UTC */
	ck_assert_int_eq(now, at("2026-12-31", 23, 59, 59));
}
END_TEST

START_TEST(as_of_timestamp_pins_the_moment)
{
	int64_t now, today, jst;
	ck_assert_int_eq(site_parse_as_of("2026-12-31T15:00:30Z", JST, &now, &today, &jst), 0);
	ck_assert_int_eq(now, at("2026-12-31", 15, 0, 30));
	ck_assert_int_eq(today, day_of("2026-12-31"));
	ck_assert_int_eq(jst, day_of("2027-01-01"));
	ck_assert_int_eq(site_parse_as_of("2027-01-01T00:00:30+09:00", JST, &now, &today, &jst), 0);
	ck_assert_int_eq(now, at("2026-12-31", 15, 0, 30));
	ck_assert_int_eq(jst, day_of("2027-01-01"));
	ck_assert_int_eq(site_parse_as_of("2026-12-31T23:59:59+09:00", JST, &now, &today, &jst), 0);
	ck_assert_int_eq(jst, day_of("2026-12-31"));
	ck_assert_int_eq(site_parse_as_of("2026-12-31T10:00:00-05:30", JST, &now, &today, &jst), 0);
	ck_assert_int_eq(now, at("2026-12-31", 15, 30, 0));
	ck_assert_int_eq(jst, day_of("2027-01-01"));
	const char *bad[] = { "2026-12-31T15:00:30", "2026-12-31 15:00:30Z", "2026-12-31T24:00:00Z",
			      "2026-12-31T15:60:00Z", "2026-12-31T15:00:61Z", "2026-12-32T15:00:00Z",
			      "2026-12-31T15:00:00+9:00", "2026-12-31T15:00:00+0900",
			      "2026-12-31T15:00:00Zx", "2026-12-31T1:00:00Z", "2026-12-3", "",
			      "2026-12-31T15:00:00+15:00" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(site_parse_as_of(bad[i], JST, &now, &today, &jst) == -1, "accepted '%s'", bad[i]);
}
END_TEST

static struct site *site_from(const char *text)
{
	char *root = tu_mkroot();
	tu_write(root, "site.ini", text);
	char path[4096], err[512] = "";
	snprintf(path, sizeof path, "%s/site.ini", root);
	struct site *s = NULL;
	ck_assert_msg(site_load(path, &s, err, sizeof err) == 0, "%s", err);
	tu_rmtree(root);
	return s;
}

/* A report with one accounts.stale result: alice and bob fail, erin warns, an info line. */
static void report_with_findings(struct audit_report *rep)
{
	memset(rep, 0, sizeof *rep);
	rep->lang = strdup("en");
	rep->device_class = strdup("server");
	rep->results = calloc(2, sizeof *rep->results);
	rep->n_results = 1;
	struct check_result *r = &rep->results[0];
	result_init(r, check_find("accounts.stale"));
	result_finding(r, FINDING_FAIL, "alice", "never logged in");
	result_finding(r, FINDING_FAIL, "bob", "never logged in");
	result_finding(r, FINDING_WARN, "erin", "expired, unlocked");
	result_finding(r, FINDING_INFO, "frank", "only information");
	result_finish(r);
}

static const char *const fixture_site =
	"[exception accounts.stale alice]\nreason = EHR vendor account until the system is replaced\n"
	"by = Director\nexpires = 2026-12-31\n\n"
	"[exception accounts.stale bob]\nreason = handover\nby = Manager\nexpires = 2026-10-31\n\n"
	"[exception accounts.stale alcie]\nreason = typo\nby = Manager\nexpires = 2026-12-31\n";

START_TEST(active_expired_unmatched)
{
	struct site *s = site_from(fixture_site);
	struct audit_report rep;
	report_with_findings(&rep);
	struct check_result *r = &rep.results[0];
	ck_assert_int_eq(r->status, CHECK_FAIL);
	site_apply_exceptions(s, &rep, day_of("2026-11-25"), 365);
	ck_assert_str_eq(rep.exceptions_as_of, "2026-11-25");
	ck_assert_uint_eq(rep.n_exceptions, 3);
	ck_assert_int_eq(rep.exceptions[0].state, EXCEPTION_ACTIVE);
	ck_assert_uint_eq(rep.exceptions[0].matched, 1);
	ck_assert_int_eq(rep.exceptions[1].state, EXCEPTION_EXPIRED);
	ck_assert_uint_eq(rep.exceptions[1].matched, 1);
	ck_assert_int_eq(rep.exceptions[2].state, EXCEPTION_UNMATCHED);
	ck_assert_uint_eq(rep.exceptions[2].matched, 0);
	ck_assert_ptr_nonnull(r->findings[0].accepted);
	ck_assert_str_eq(r->findings[0].accepted->expires, "2026-12-31");
	ck_assert_str_eq(r->findings[0].accepted->by, "Director");
	ck_assert_ptr_null(r->findings[0].expired);
	ck_assert_ptr_null(r->findings[1].accepted);
	ck_assert_ptr_nonnull(r->findings[1].expired);
	ck_assert_str_eq(r->findings[1].expired->expires, "2026-10-31");
	ck_assert_ptr_null(r->findings[2].accepted);
	ck_assert_int_eq(r->status, CHECK_FAIL); /* bob counts again */
	report_free(&rep);
	site_free(s);
}
END_TEST

/* The expiry day itself is covered; the next Japan-time day is not. */
START_TEST(expiry_day_boundary)
{
	struct site *s = site_from("[exception accounts.stale]\nreason = r\nby = b\nexpires = 2026-12-31\n");
	const struct {
		int64_t jst;
		enum exception_state state;
		enum check_status status;
	} cases[] = {
		{ day_of("2026-12-30"), EXCEPTION_ACTIVE, CHECK_PASS },
		{ day_of("2026-12-31"), EXCEPTION_ACTIVE, CHECK_PASS },
		{ day_of("2027-01-01"), EXCEPTION_EXPIRED, CHECK_FAIL },
		/* 2026-12-31T15:00:30Z is 2027-01-01 00:00:30 in Japan: expired */
		{ site_jst_day(at("2026-12-31", 15, 0, 30)), EXCEPTION_EXPIRED, CHECK_FAIL },
		{ site_jst_day(at("2026-12-31", 14, 59, 59)), EXCEPTION_ACTIVE, CHECK_PASS },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct audit_report rep;
		report_with_findings(&rep);
		site_apply_exceptions(s, &rep, cases[i].jst, 365);
		ck_assert_msg(rep.exceptions[0].state == cases[i].state, "case %zu: state %d", i,
			      rep.exceptions[0].state);
		ck_assert_msg(rep.results[0].status == cases[i].status, "case %zu: status %d", i,
			      rep.results[0].status);
		/* a subject-less exception covers every warn/fail finding, never an info one */
		ck_assert_uint_eq(rep.exceptions[0].matched, 3);
		ck_assert_ptr_null(rep.results[0].findings[3].accepted);
		ck_assert_ptr_null(rep.results[0].findings[3].expired);
		report_free(&rep);
	}
	site_free(s);
}
END_TEST

START_TEST(too_long_and_not_run)
{
	struct site *s = site_from(
		"[exception accounts.stale alice]\nreason = r\nby = b\n\n"
		"[exception accounts.stale bob]\nreason = r\nby = b\nexpires = 2027-11-26\n\n"
		"[exception accounts.stale erin]\nreason = r\nby = b\nexpires = 2027-11-25\n\n"
		"[exception password.hash]\nreason = r\nby = b\nexpires = 2026-12-31\n");
	struct audit_report rep;
	report_with_findings(&rep);
	site_apply_exceptions(s, &rep, day_of("2026-11-25"), 365);
	ck_assert_int_eq(rep.exceptions[0].state, EXCEPTION_TOO_LONG); /* no expiry */
	ck_assert_int_eq(rep.exceptions[1].state, EXCEPTION_TOO_LONG); /* 366 days ahead */
	ck_assert_int_eq(rep.exceptions[2].state, EXCEPTION_ACTIVE);   /* 365 days: allowed */
	ck_assert_int_eq(rep.exceptions[3].state, EXCEPTION_NOT_RUN);
	/* too long is a warning: the exceptions still apply */
	ck_assert_int_eq(rep.results[0].status, CHECK_PASS);
	ck_assert_ptr_nonnull(rep.results[0].findings[0].accepted);
	ck_assert_ptr_null(rep.results[0].findings[0].accepted->expires);
	report_free(&rep);
	site_free(s);
}
END_TEST

/* An active and an expired exception both name bob: the active one wins. A forced status
 * (error) stays forced. */
START_TEST(active_wins_and_forced_status_stays)
{
	struct site *s = site_from(
		"[exception accounts.stale bob]\nreason = old\nby = b\nexpires = 2026-01-31\n\n"
		"[exception accounts.stale]\nreason = all\nby = b\nexpires = 2026-12-31\n");
	struct audit_report rep;
	report_with_findings(&rep);
	site_apply_exceptions(s, &rep, day_of("2026-11-25"), 365);
	struct finding *bob = &rep.results[0].findings[1];
	ck_assert_ptr_nonnull(bob->accepted);
	ck_assert_str_eq(bob->accepted->reason, "all");
	ck_assert_ptr_null(bob->expired);
	ck_assert_int_eq(rep.exceptions[0].state, EXCEPTION_EXPIRED);
	ck_assert_int_eq(rep.results[0].status, CHECK_PASS);
	report_free(&rep);

	report_with_findings(&rep);
	result_error(&rep.results[0], "cannot read /etc/shadow");
	site_apply_exceptions(s, &rep, day_of("2026-11-25"), 365);
	ck_assert_int_eq(rep.results[0].status, CHECK_ERROR);
	report_free(&rep);
	site_free(s);
}
END_TEST

START_TEST(no_site_no_exceptions)
{
	struct audit_report rep;
	report_with_findings(&rep);
	site_apply_exceptions(NULL, &rep, day_of("2026-11-25"), 365);
	ck_assert_uint_eq(rep.n_exceptions, 0);
	ck_assert_str_eq(rep.exceptions_as_of, "2026-11-25");
	ck_assert_int_eq(rep.results[0].status, CHECK_FAIL);
	report_free(&rep);
}
END_TEST

START_TEST(json_round_trip)
{
	struct site *s = site_from(fixture_site);
	struct audit_report rep, back;
	report_with_findings(&rep);
	site_apply_exceptions(s, &rep, day_of("2026-11-25"), 365);
	json_t *root = json_object();
	json_object_set_new(root, "exceptions", exception_notes_to_json(&rep));
	json_object_set_new(root, "exceptions_as_of", json_string(rep.exceptions_as_of));
	json_t *alice = json_object(), *bob = json_object();
	json_object_set_new(alice, "accepted",
			    finding_exception_to_json(rep.results[0].findings[0].accepted));
	json_object_set_new(bob, "accepted", finding_exception_to_json(NULL));
	json_object_set_new(bob, "expired_exception",
			    finding_exception_to_json(rep.results[0].findings[1].expired));
	ck_assert(json_is_null(json_object_get(bob, "accepted")));

	char err[256] = "";
	memset(&back, 0, sizeof back);
	ck_assert_msg(exception_notes_from_json(root, &back, err, sizeof err) == 0, "%s", err);
	ck_assert_uint_eq(back.n_exceptions, 3);
	ck_assert_str_eq(back.exceptions_as_of, "2026-11-25");
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(back.exceptions[i].state, rep.exceptions[i].state);
		ck_assert_uint_eq(back.exceptions[i].matched, rep.exceptions[i].matched);
		ck_assert_str_eq(back.exceptions[i].subject, rep.exceptions[i].subject);
		ck_assert_str_eq(back.exceptions[i].expires, rep.exceptions[i].expires);
	}
	struct finding f1 = { 0 }, f2 = { 0 };
	ck_assert(finding_exceptions_from_json(alice, &f1, err, sizeof err) == 0);
	ck_assert(finding_exceptions_from_json(bob, &f2, err, sizeof err) == 0);
	ck_assert_str_eq(f1.accepted->reason, "EHR vendor account until the system is replaced");
	ck_assert_ptr_null(f1.expired);
	ck_assert_ptr_null(f2.accepted);
	ck_assert_str_eq(f2.expired->expires, "2026-10-31");

	/* malformed: a bad date, an unknown state, a negative count */
	const char *bad[] = {
		"{\"exceptions\": [{\"check\": \"a.b\", \"subject\": null, \"reason\": \"r\", \"by\": \"b\", \"expires\": \"2026-02-30\", \"state\": \"active\", \"matched\": 1}]}",
		"{\"exceptions\": [{\"check\": \"a.b\", \"subject\": null, \"reason\": \"r\", \"by\": \"b\", \"expires\": null, \"state\": \"waived\", \"matched\": 1}]}",
		"{\"exceptions\": [{\"check\": \"a.b\", \"subject\": null, \"reason\": \"r\", \"by\": \"b\", \"expires\": null, \"state\": \"active\", \"matched\": -1}]}",
		"{\"exceptions\": {}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *j = json_loads(bad[i], 0, NULL);
		ck_assert_ptr_nonnull(j);
		struct audit_report b2;
		memset(&b2, 0, sizeof b2);
		ck_assert_msg(exception_notes_from_json(j, &b2, err, sizeof err) == -1, "case %zu", i);
		report_free(&b2);
		json_decref(j);
	}
	json_t *badf = json_loads("{\"accepted\": {\"reason\": \"r\"}}", 0, NULL);
	struct finding f3 = { 0 };
	ck_assert(finding_exceptions_from_json(badf, &f3, err, sizeof err) == -1);
	ck_assert_ptr_null(f3.accepted);
	json_decref(badf);

	struct check_result holder;
	memset(&holder, 0, sizeof holder);
	holder.findings = calloc(2, sizeof *holder.findings);
	holder.findings[0] = f1;
	holder.findings[1] = f2;
	holder.n_findings = 2;
	result_free(&holder); /* frees the exceptions read back */
	json_decref(root);
	json_decref(alice);
	json_decref(bob);
	report_free(&back);
	report_free(&rep);
	site_free(s);
}
END_TEST

static char *render_html(struct audit_report *rep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ck_assert_int_eq(report_write_html(f, rep), 0);
	fclose(f);
	return buf;
}

/* Text from the audited system or a saved report never becomes markup. */
START_TEST(html_escapes_everything)
{
	struct audit_report rep;
	report_with_findings(&rep);
	struct check_result *r = &rep.results[0];
	free(r->findings[0].subject);
	r->findings[0].subject = strdup("<script>alert(1)</script>");
	finding_evidence(&r->findings[0], "/etc/passwd", "gecos \"&'<b id=p>x</b>\" \x01 \xff\xfe end");
	rep.host.hostname = strdup("<img src=x onerror=alert(2)>");
	rep.host.os = strdup("Debian \"12\" & 'more'");
	rep.host.root = strdup("/srv/<root>");
	rep.tool_version = strdup("0.1<i>");
	rep.profile_name = strdup("server");
	rep.edition = strdup("mhlw-r7");
	rep.edition_name = strdup("edition");
	rep.edition_published = strdup("2025-05-16");
	rep.site_name = strdup("Clinic </title><script>x</script>");
	rep.site_vendor = strdup("Vendor & Co.");
	strcpy(rep.as_of, "2026-11-25");
	struct site *s = site_from("[exception accounts.stale bob]\nreason = <script>r</script>\n"
				   "by = \"quoted\" & <b id=q>\nexpires = 2026-12-31\n");
	site_apply_exceptions(s, &rep, day_of("2026-11-25"), 365);
	struct checklist *c;
	char err[256];
	ck_assert(checklist_load("mhlw-r7", &c, err, sizeof err) == 0);
	report_count_summary(&rep);
	report_build_items(&rep, c, NULL);
	char *html = render_html(&rep);
	ck_assert_ptr_null(strstr(html, "<script"));
	ck_assert_ptr_null(strstr(html, "<img"));
	ck_assert_ptr_null(strstr(html, "<b id="));
	ck_assert_ptr_null(strstr(html, "<i>"));
	ck_assert_ptr_null(strstr(html, "<root>"));
	ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(html, "&lt;img src=x onerror=alert(2)&gt;"));
	ck_assert_ptr_nonnull(strstr(html, "gecos &quot;&amp;&#39;&lt;b id=p&gt;x&lt;/b&gt;&quot;"));
	ck_assert_ptr_nonnull(strstr(html, "&lt;script&gt;r&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(html, "&quot;quoted&quot; &amp; &lt;b id=q&gt;"));
	ck_assert_ptr_nonnull(strstr(html, "Vendor &amp; Co."));
	/* a control byte becomes a visible mark, invalid UTF-8 U+FFFD (report/sanitize.h) */
	ck_assert_ptr_nonnull(strstr(html, "\xE2\x9F\xA8U+0001\xE2\x9F\xA9 \xEF\xBF\xBD\xEF\xBF\xBD end"));
	ck_assert_ptr_null(strstr(html, "\xff"));
	/* self-contained: nothing fetched, nothing run */
	ck_assert_ptr_null(strstr(html, "http://"));
	ck_assert_ptr_null(strstr(html, "https://"));
	ck_assert_ptr_null(strstr(html, "url("));
	ck_assert_ptr_null(strstr(html, "@import"));
	ck_assert_ptr_nonnull(strstr(html, "default-src 'none'"));
	free(html);
	checklist_free(c);
	report_free(&rep);
	site_free(s);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("exceptions");
	TCase *tc = tcase_create("dates");
	tcase_add_test(tc, jst_day_turns_at_15_utc);
	tcase_add_test(tc, report_zone_offsets);
	tcase_add_test(tc, as_of_day_pins_the_japan_date);
	tcase_add_test(tc, as_of_timestamp_pins_the_moment);
	suite_add_tcase(s, tc);
	tc = tcase_create("apply");
	tcase_add_test(tc, active_expired_unmatched);
	tcase_add_test(tc, expiry_day_boundary);
	tcase_add_test(tc, too_long_and_not_run);
	tcase_add_test(tc, active_wins_and_forced_status_stays);
	tcase_add_test(tc, no_site_no_exceptions);
	tcase_add_test(tc, json_round_trip);
	suite_add_tcase(s, tc);
	tc = tcase_create("html");
	tcase_add_test(tc, html_escapes_everything);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
