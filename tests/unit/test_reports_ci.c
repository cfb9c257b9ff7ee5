/* Check suite: the JSON report reader (round trip and strictness), report comparison, the JUnit
 * writer's escaping and report-directory names. */
#include "testutil.h"
#include "core/result.h"
#include "report/diff.h"
#include "report/report.h"
#include "report/report_dir.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dupstr(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A report shaped like a real one: two checks, three rows (one answered by hand). */
static void make_report(struct audit_report *rep, bool stale_bob, bool accept_carol)
{
	memset(rep, 0, sizeof *rep);
	rep->tool_version = dupstr("0.1.0");
	rep->sandboxed = true;
	rep->host.hostname = dupstr("clinic-ehr01");
	rep->host.os = dupstr("Debian GNU/Linux 12 (bookworm)");
	rep->host.platform = dupstr("linux");
	rep->host.root = dupstr("/srv/images/golden");
	rep->profile_name = dupstr("server");
	rep->profile_files = calloc(1, sizeof *rep->profile_files);
	rep->profile_files[0] = dupstr("/usr/share/kensa/profiles/server.ini");
	rep->n_profile_files = 1;
	rep->edition = dupstr("mhlw-r7");
	rep->edition_name = dupstr("医療機関におけるサイバーセキュリティ対策チェックリスト");
	rep->edition_published = dupstr("2025-05-14");
	rep->device_class = dupstr("server");
	rep->site_name = dupstr("さくら診療所");
	rep->lang = dupstr("ja");
	memcpy(rep->as_of, "2026-11-25", 11);
	rep->duration_ms = 12.5;
	rep->n_results = 2;
	rep->results = calloc(2, sizeof *rep->results);

	struct check_result *r = &rep->results[0];
	result_init(r, NULL);
	r->id = dupstr("accounts.stale");
	r->title = dupstr("不要なアカウントの削除・無効化");
	r->remediation = dupstr("usermod -L -e 1 NAME");
	struct finding *f = result_finding(r, FINDING_FAIL, "alice", "not used for %d days", 200);
	finding_evidence(f, "/var/log/wtmp", "pts/0 from 192.0.2.10 <&\"'>");
	finding_evidence(f, NULL, "derived");
	if (stale_bob)
		result_finding(r, FINDING_FAIL, "bob", "never logged in");
	f = result_finding(r, FINDING_WARN, "carol", "expired on 2025-01-01");
	if (accept_carol)
		finding_set_exception(f, true, "vendor account, kept until the migration", "IT vendor",
				      "2027-03-31");
	result_finding(r, FINDING_INFO, "root", "exempt by profile");
	result_evidence(r, "/etc/passwd", "20 accounts");
	result_reason(r, "%s", "9 of 20 accounts can log in");
	result_finish(r);
	r->duration_ms = 0.25;

	r = &rep->results[1];
	result_init(r, NULL);
	r->id = dupstr("password.hash");
	r->title = dupstr("Password hashes");
	r->remediation = dupstr("passwd NAME");
	result_not_applicable(r, "no shadow file");
	result_finish(r);

	rep->n_items = 3;
	rep->items = calloc(3, sizeof *rep->items);
	const char *ids[] = { "2-5", "2-6", "1-1" }, *labels[] = { "2-⑤", "2-⑥", "1-①" };
	for (size_t i = 0; i < 3; i++) {
		struct item_verdict *v = &rep->items[i];
		v->id = dupstr(ids[i]);
		v->label = dupstr(labels[i]);
		v->title = dupstr("項目");
		v->section = dupstr(i < 2 ? "2" : "1");
		v->reason = dupstr("why");
	}
	rep->items[0].n_check_ids = 1;
	rep->items[0].check_ids = calloc(1, sizeof(char *));
	rep->items[0].check_ids[0] = dupstr("accounts.stale");
	rep->items[0].results = calloc(1, sizeof(void *));
	rep->items[0].results[0] = &rep->results[0];
	rep->items[0].n_results = 1;
	rep->items[0].status = rep->results[0].status;
	rep->items[0].answer = rep->results[0].status == CHECK_PASS ? ANSWER_YES : ANSWER_NO;
	rep->items[1].n_check_ids = 2;
	rep->items[1].check_ids = calloc(2, sizeof(char *));
	rep->items[1].check_ids[0] = dupstr("password.hash");
	rep->items[1].check_ids[1] = dupstr("password.defaults"); /* did not run */
	rep->items[1].results = calloc(2, sizeof(void *));
	rep->items[1].results[0] = &rep->results[1];
	rep->items[1].n_results = 1;
	rep->items[1].status = CHECK_NOT_APPLICABLE;
	rep->items[1].answer = ANSWER_UNCHECKED;
	rep->items[2].status = CHECK_MANUAL;
	rep->items[2].answer = ANSWER_YES;
	rep->items[2].answered_by = dupstr("院長");
	rep->items[2].answered_on = dupstr("2026-04-01");
	rep->items[2].target_date = dupstr("2026-12-31");
	rep->unmapped = calloc(1, sizeof(void *));
	for (size_t i = 0; i < 3; i++) /* as report_build_items() derives it */
		report_item_accepted(&rep->items[i], NULL, NULL);
	report_count_summary(rep);
}

static char *to_json(const struct audit_report *rep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	ck_assert_int_eq(report_write_json(m, rep), 0);
	fclose(m);
	return buf;
}

START_TEST(reader_round_trip_is_identical)
{
	struct audit_report rep, back;
	make_report(&rep, true, true);
	char *first = to_json(&rep);
	char err[512];
	ck_assert_msg(report_read_json_buffer(first, strlen(first), "r.json", &back, err, sizeof err) == 0,
		      "%s", err);
	char *second = to_json(&back);
	ck_assert_str_eq(first, second);
	/* the model, not only the text: rows point at results, exceptions are back */
	ck_assert_ptr_eq(back.items[0].results[0], &back.results[0]);
	ck_assert_uint_eq(back.items[1].n_results, 1);
	ck_assert_ptr_nonnull(back.results[0].findings[2].accepted);
	ck_assert_str_eq(back.results[0].findings[2].accepted->by, "IT vendor");
	ck_assert_ptr_null(back.results[0].findings[0].evidence[1].source);
	ck_assert_str_eq(back.items[2].answered_by, "院長");
	ck_assert_ptr_null(back.items[2].note);
	ck_assert_int_eq(back.results[1].status, CHECK_NOT_APPLICABLE);
	ck_assert_uint_eq(back.n_unmapped, 0);
	ck_assert_uint_eq(back.items[0].accepted, rep.items[0].accepted);
	free(first);
	free(second);
	report_free(&back);
	report_free(&rep);
}
END_TEST

/* Edit the saved report with jansson, read it back, expect exactly this error. */
static void expect_error(const char *edit_path, json_t *value, const char *want)
{
	struct audit_report rep, back;
	make_report(&rep, false, false);
	char *text = to_json(&rep);
	report_free(&rep);
	json_t *root = json_loads(text, 0, NULL);
	free(text);
	ck_assert_ptr_nonnull(root);
	/* edit_path: "key" or "key[i].key" (one level of array) */
	char buf[256];
	snprintf(buf, sizeof buf, "%s", edit_path);
	json_t *obj = root;
	char *key = buf, *br = strchr(buf, '[');
	if (br) {
		*br = '\0';
		size_t idx = strtoul(br + 1, NULL, 10);
		obj = json_array_get(json_object_get(root, buf), idx);
		key = strchr(br + 1, '.') + 1;
	}
	if (value)
		json_object_set_new(obj, key, value);
	else
		json_object_del(obj, key);
	text = json_dumps(root, 0);
	json_decref(root);
	char err[512] = "";
	ck_assert_int_eq(report_read_json_buffer(text, strlen(text), "old.json", &back, err, sizeof err), -1);
	ck_assert_str_eq(err, want);
	ck_assert_ptr_null(back.results); /* nothing half-read is left */
	free(text);
}

START_TEST(reader_errors_name_the_file_and_field)
{
	expect_error("results[0].status", json_string("maybe"),
		     "old.json: results[0].status: \"maybe\" is not a status");
	expect_error("results[1].findings", json_string("none"),
		     "old.json: results[1].findings: is a string, not an array");
	expect_error("results[0].id", NULL, "old.json: results[0].id: missing");
	expect_error("schema_version", NULL, "old.json: not a kensa report (no schema_version)");
	expect_error("schema_version", json_integer(2),
		     "old.json: schema_version: 2 is not supported (this kensa reads schema_version 1); use the kensa that wrote it");
	expect_error("host", json_null(), "old.json: host: is null, not an object");
	expect_error("as_of", json_string("2026-13-01"),
		     "old.json: as_of: is not a date in the form YYYY-MM-DD");
	expect_error("results[1].id", json_string("accounts.stale"),
		     "old.json: results[1]: the check accounts.stale appears twice");
	expect_error("items[0].answer", json_string("perhaps"),
		     "old.json: items[0].answer: \"perhaps\" is not an answer");
	expect_error("duration_ms", json_real(-1),
		     "old.json: duration_ms: is not a duration (a number of milliseconds >= 0)");
	expect_error("results[0].items", json_pack("[s]", "9-9"),
		     "old.json: results[0].items: does not match the rows in \"items\" that name accounts.stale");
}
END_TEST

START_TEST(reader_refuses_what_is_not_a_report)
{
	struct audit_report back;
	char err[512];
	ck_assert_int_eq(report_read_json_buffer("[1,2]", 5, "a.json", &back, err, sizeof err), -1);
	ck_assert_str_eq(err, "a.json: not a kensa report (the top level is an array, not an object)");
	ck_assert_int_eq(report_read_json_buffer("", 0, "e.json", &back, err, sizeof err), -1);
	ck_assert_str_eq(err, "e.json: empty file; not a kensa report");
	const char *trunc = "{\"schema_version\": 1, \"tool\": {\"na";
	ck_assert_int_eq(report_read_json_buffer(trunc, strlen(trunc), "t.json", &back, err, sizeof err), -1);
	ck_assert_msg(strncmp(err, "t.json: not JSON (line 1, column ", 33) == 0, "%s", err);
	ck_assert_int_eq(report_read_json_buffer("{\"a\":1,\"a\":2}", 13, "d.json", &back, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "d.json: not JSON") == err, "%s", err);
	const char *nul = "{\"schema_version\": 1, \"tool\": \"a\\u0000b\"}";
	ck_assert_int_eq(report_read_json_buffer(nul, strlen(nul), "n.json", &back, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "n.json: not JSON") == err, "%s", err);

	/* the summary is recounted: a hand-edited one is refused */
	struct audit_report rep;
	make_report(&rep, false, false);
	char *text = to_json(&rep);
	report_free(&rep);
	char *p = strstr(text, "\"fail\": 1");
	ck_assert_ptr_nonnull(p);
	p[8] = '0';
	ck_assert_int_eq(report_read_json_buffer(text, strlen(text), "s.json", &back, err, sizeof err), -1);
	ck_assert_str_eq(err, "s.json: summary.fail: 0 does not match the 1 results with this status");
	free(text);

	/* files: missing, a directory, over the bound (sparse, nothing is read) */
	ck_assert_int_eq(report_read_json("/nonexistent/r.json", &back, err, sizeof err), -1);
	ck_assert_str_eq(err, "/nonexistent/r.json: No such file or directory");
	ck_assert_int_eq(report_read_json("/", &back, err, sizeof err), -1);
	ck_assert_str_eq(err, "/: not a regular file");
	char *root = tu_mkroot();
	char big[4096];
	snprintf(big, sizeof big, "%s/big.json", root);
	FILE *fp = fopen(big, "w");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(ftruncate(fileno(fp), (off_t)REPORT_MAX_BYTES + 1), 0);
	fclose(fp);
	ck_assert_int_eq(report_read_json(big, &back, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "larger than 64 MiB") != NULL, "%s", err);
	tu_rmtree(root);
}
END_TEST

static const struct diff_entry *find_entry(const struct report_diff *d, enum diff_kind kind,
					   const char *subject)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_entry *e = &d->entries[i];
		const struct finding *f = e->new_finding ? e->new_finding : e->old_finding;
		if (e->kind == kind && (!subject || (f && strcmp(f->subject, subject) == 0)))
			return e;
	}
	return NULL;
}

START_TEST(diff_matches_findings_by_subject_not_wording)
{
	struct audit_report old_rep, new_rep;
	make_report(&old_rep, false, false);
	make_report(&new_rep, true, false);
	/* a month later: same accounts, reworded details */
	free(new_rep.results[0].findings[0].detail);
	new_rep.results[0].findings[0].detail = dupstr("not used for 230 days");
	struct report_diff d;
	report_diff_build(&old_rep, &new_rep, &d);
	ck_assert_uint_eq(d.worse, 1);
	ck_assert_uint_eq(d.better, 0);
	const struct diff_entry *e = find_entry(&d, DIFF_FINDING_NEW, "bob");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->direction, DIFF_WORSE);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	report_diff_write_regressions(m, &d);
	fclose(m);
	ck_assert_str_eq(buf, "clinic-ehr01: accounts.stale: new FAIL finding: bob: never logged in\n");
	free(buf);
	report_diff_free(&d);

	/* the other way round: bob resolved, better, nothing worse */
	report_diff_build(&new_rep, &old_rep, &d);
	ck_assert_uint_eq(d.worse, 0);
	ck_assert_uint_eq(d.better, 1);
	ck_assert_ptr_nonnull(find_entry(&d, DIFF_FINDING_RESOLVED, "bob"));
	report_diff_free(&d);
	report_free(&old_rep);
	report_free(&new_rep);
}
END_TEST

START_TEST(diff_accepted_to_counted_is_a_regression)
{
	struct audit_report old_rep, new_rep;
	make_report(&old_rep, false, true);
	make_report(&new_rep, false, false);
	struct report_diff d;
	report_diff_build(&old_rep, &new_rep, &d);
	ck_assert_uint_eq(d.worse, 1);
	const struct diff_entry *e = find_entry(&d, DIFF_FINDING_UNACCEPTED, "carol");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->direction, DIFF_WORSE);
	report_diff_free(&d);
	report_diff_build(&new_rep, &old_rep, &d);
	ck_assert_uint_eq(d.worse, 0);
	ck_assert_ptr_nonnull(find_entry(&d, DIFF_FINDING_ACCEPTED, "carol"));
	report_diff_free(&d);
	report_free(&old_rep);
	report_free(&new_rep);
}
END_TEST

START_TEST(diff_status_rows_and_removed_checks)
{
	struct audit_report old_rep, new_rep;
	make_report(&old_rep, false, false);
	make_report(&new_rep, false, false);
	/* password.hash: not_applicable -> error, and row 2-6 already unchecked: no row change */
	new_rep.results[1].status = CHECK_ERROR;
	/* row 1-1: a person's yes became no */
	new_rep.items[2].answer = ANSWER_NO;
	struct report_diff d;
	report_diff_build(&old_rep, &new_rep, &d);
	ck_assert_uint_eq(d.worse, 2);
	const struct diff_entry *e = find_entry(&d, DIFF_CHECK_STATUS, NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->new_result->id, "password.hash");
	e = find_entry(&d, DIFF_ITEM_ANSWER, NULL);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->new_item->id, "1-1");
	report_diff_free(&d);

	/* a check that no longer runs is coverage lost */
	new_rep.n_results = 1;
	report_diff_build(&old_rep, &new_rep, &d);
	ck_assert_ptr_nonnull(find_entry(&d, DIFF_CHECK_REMOVED, NULL));
	report_diff_free(&d);
	new_rep.n_results = 2;
	report_free(&old_rep);
	report_free(&new_rep);
}
END_TEST

START_TEST(junit_escapes_and_strips_what_xml_forbids)
{
	struct audit_report rep;
	make_report(&rep, false, false);
	free(rep.results[0].findings[0].subject);
	/* a control byte, a lone continuation byte, ]]> and a quote */
	rep.results[0].findings[0].subject = dupstr("al\x01ice\x80]]>\"");
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	ck_assert_int_eq(report_write_junit(m, &rep), 0);
	fclose(m);
	ck_assert_ptr_nonnull(strstr(buf, "fail alice\xef\xbf\xbd]]&gt;\": not used for 200 days"));
	ck_assert_ptr_null(strchr(buf, '\x01'));
	ck_assert_ptr_nonnull(strstr(buf, "<testcase name=\"accounts.stale\" classname=\"mhlw-r7.2-5\""));
	ck_assert_ptr_nonnull(strstr(buf, "<testcase name=\"password.hash\" classname=\"mhlw-r7.2-6\" time=\"0.000000\">\n      <skipped message="));
	ck_assert_ptr_nonnull(strstr(buf, "&lt;&amp;\"'&gt;"));
	free(buf);
	report_free(&rep);
}
END_TEST

START_TEST(report_dir_host_names_are_safe)
{
	char buf[80];
	report_dir_host_name("web01.example.jp", buf, sizeof buf);
	ck_assert_str_eq(buf, "web01.example.jp");
	report_dir_host_name("../etc/passwd", buf, sizeof buf);
	ck_assert_str_eq(buf, "_._etc_passwd");
	report_dir_host_name("", buf, sizeof buf);
	ck_assert_str_eq(buf, "unknown");
	report_dir_host_name("受付PC 1", buf, sizeof buf);
	ck_assert_str_eq(buf, "______PC_1"); /* two 3-byte characters, a space */
}
END_TEST

static Suite *reports_suite(void)
{
	Suite *s = suite_create("reports-ci");
	TCase *tc = tcase_create("reader");
	tcase_add_test(tc, reader_round_trip_is_identical);
	tcase_add_test(tc, reader_errors_name_the_file_and_field);
	tcase_add_test(tc, reader_refuses_what_is_not_a_report);
	suite_add_tcase(s, tc);
	tc = tcase_create("diff");
	tcase_add_test(tc, diff_matches_findings_by_subject_not_wording);
	tcase_add_test(tc, diff_accepted_to_counted_is_a_regression);
	tcase_add_test(tc, diff_status_rows_and_removed_checks);
	suite_add_tcase(s, tc);
	tc = tcase_create("formats");
	tcase_add_test(tc, junit_escapes_and_strips_what_xml_forbids);
	tcase_add_test(tc, report_dir_host_names_are_safe);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(reports_suite());
}
