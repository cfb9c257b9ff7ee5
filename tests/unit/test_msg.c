/* Check suite: message identities (core/msg.c, report/msg_json.c, issue 17 item 8). A text a
 * check writes in one language renders in the other from its identity: formats with positional
 * translations, translated phrases as arguments (nested), strings composed with xasprintf or
 * appended with msg_snprintf, the result API (derived reasons, composed remedies); the JSON form
 * round-trips and malformed or too deep ones are refused; a stored format never reaches printf
 * and a loop that builds a string of itself keeps a bounded tree. The catalogue is the one built
 * into kensa (i18n_use_builtin), switched between ja and none (English). */
#include "testutil.h"
#include "core/check.h"
#include "core/i18n.h"
#include "core/msg.h"
#include "core/result.h"
#include "core/xalloc.h"
#include "report/msg_json.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void ja(void)
{
	ck_assert(i18n_use_builtin("ja"));
}

static void en(void)
{
	i18n_use_builtin("en"); /* no catalogue: English msgids */
}

static struct kmsg *capture(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct kmsg *m = msg_capture(fmt, ap);
	va_end(ap);
	return m;
}

static void assert_render(const struct kmsg *m, const char *want)
{
	char *s = msg_render(m);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, want);
	free(s);
}

START_TEST(positional_translation_both_ways)
{
	ja();
	struct kmsg *m = capture(_("%zu of %zu accounts can log in"), (size_t)3, (size_t)10);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m->id, "%zu of %zu accounts can log in"); /* the msgid, not the Japanese */
	ck_assert_uint_eq(m->n_args, 2);
	ck_assert_str_eq(m->args[0]->text, "3"); /* in argument order, whatever the translation's */
	assert_render(m, "10 アカウント中 3 件がログイン可能");
	en();
	assert_render(m, "3 of 10 accounts can log in");
	msg_free(m);
	m = capture(_("%zu of %zu accounts can log in"), (size_t)1, (size_t)2); /* captured in C */
	ja();
	assert_render(m, "2 アカウント中 1 件がログイン可能");
	msg_free(m);
	en();
}
END_TEST

START_TEST(nested_phrase_and_plain_text)
{
	en();
	struct kmsg *m = capture("%s: %s", "/etc/group", kensa_strerror(2));
	ck_assert_ptr_nonnull(m); /* the format is not translated, its argument is */
	ck_assert_ptr_null(m->args[0]->id);
	ck_assert(m->args[1]->phrase);
	ja();
	assert_render(m, "/etc/group: そのようなファイルやディレクトリはありません");
	msg_free(m);
	/* nothing translated anywhere: no identity, the text says it all */
	ck_assert_ptr_null(capture("%s = %d (%.1f)", "minlen", 8, 2.5));
	ck_assert_ptr_null(capture("%s", "plain"));
	m = capture(_("line %u"), 7u);
	en();
	assert_render(m, "line 7");
	msg_free(m);
	/* formats kensa does not take apart */
	ck_assert_ptr_null(capture("%*d", 3, 4));
	ck_assert_ptr_null(capture("%ls", L"x"));
}
END_TEST

START_TEST(format_arity)
{
	ck_assert_int_eq(msg_format_arity("100%% done"), 0);
	ck_assert_int_eq(msg_format_arity("%s and %lld (%5.1f%%)"), 3);
	ck_assert_int_eq(msg_format_arity("%2$zu of %1$zu"), 2);
	ck_assert_int_eq(msg_format_arity("%2$s"), -1);  /* a gap */
	ck_assert_int_eq(msg_format_arity("%s %1$s"), -1); /* mixed */
	ck_assert_int_eq(msg_format_arity("%n"), -1);
	ck_assert_int_eq(msg_format_arity("%m"), -1);
	ck_assert_int_eq(msg_format_arity("%.*s"), -1);
	ck_assert_int_eq(msg_format_arity("ends with %"), -1);
	ck_assert_int_eq(msg_format_arity("%33$s"), -1);
}
END_TEST

START_TEST(render_never_formats_stored_text)
{
	struct kmsg *args[2] = { msg_literal("%n%s%n"), msg_literal("b") };
	struct kmsg *m = msg_make("%s then %s, 100%%", 2, args);
	assert_render(m, "%n%s%n then b, 100%");
	msg_free(m);
	struct kmsg *one = msg_literal("x");
	m = msg_make("%s and %s", 1, &one); /* does not fit its format */
	ck_assert_ptr_null(msg_render(m));
	msg_free(m);
	m = msg_phrase("10% of its file system"); /* a phrase: '%' is a character */
	assert_render(m, "10% of its file system");
	msg_free(m);
}
END_TEST

START_TEST(heap_strings_keep_identity)
{
	ja();
	msg_capture_heap(true);
	char *s = xasprintf(_("line %u"), 12u);
	struct kmsg *m = msg_of_string(s);
	ck_assert_ptr_nonnull(m);
	en();
	assert_render(m, "line 12");
	msg_free(m);
	free(s);
	/* a buffer appended to in a loop: the whole list keeps its parts' identities */
	char buf[128];
	size_t used = 0;
	const char *parts[] = { _("none"), "sshd", "login" };
	for (int i = 0; i < 3; i++) {
		used += (size_t)msg_snprintf(buf + used, sizeof buf - used, "%s%s", i ? _(", ") : "",
					     parts[i]);
	}
	m = msg_of_string(buf);
	ck_assert_ptr_nonnull(m);
	ja();
	assert_render(m, "なし、sshd、login");
	msg_free(m);
	/* the same address holding another text is not that message */
	strcpy(buf, "something else");
	ck_assert_ptr_null(msg_of_string(buf));
	/* a string built of itself in a loop: the tree stays bounded */
	char *acc = xasprintf("%s", _("none"));
	for (int i = 0; i < 200; i++) {
		char *next = xasprintf("%s, %s", acc, _("none"));
		free(acc);
		acc = next;
	}
	m = msg_of_string(acc);
	ck_assert_ptr_nonnull(m);
	char *r = msg_render(m);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_gt(strlen(r), 200);
	free(r);
	msg_free(m);
	free(acc);
	msg_heap_reset();
	s = xasprintf(_("line %u"), 1u); /* capture is off again */
	ck_assert_ptr_null(msg_of_string(s));
	free(s);
	en();
}
END_TEST

static void run_probe(struct audit_context *ctx, struct check_result *r)
{
	(void)ctx;
	struct finding *f = result_finding(r, FINDING_FAIL, "/etc/group", _("cannot be read: %s"),
					   kensa_strerror(2));
	finding_remedy(f, _("line %u"), 3u);
	finding_evidence(f, "/etc/group", "%s", _("none"));
	result_finding(r, FINDING_WARN, "x", "%s", "plain");
}

static const struct check probe = {
	.id = "test.probe",
	.title = N_("every check passed"),
	.remediation = N_("none"),
	.platforms = PLATFORM_LINUX,
	.run = run_probe,
};

START_TEST(result_api_records_every_text)
{
	en(); /* audited under LANG=C */
	struct check_result r;
	result_init(&r, &probe);
	probe.run(NULL, &r);
	result_finish(&r);
	result_compose_remedy(&r);
	ck_assert_ptr_nonnull(r.title_msg);
	ck_assert_ptr_nonnull(r.reason_msg);
	ck_assert_ptr_nonnull(r.findings[0].detail_msg);
	ck_assert_ptr_null(r.findings[1].detail_msg); /* plain text: nothing to keep */
	ck_assert_ptr_nonnull(r.findings[0].evidence[0].value_msg);
	ck_assert_ptr_nonnull(r.remediation_msg);
	ja();
	result_render_messages(&r);
	ck_assert_str_eq(r.title, _("every check passed"));
	ck_assert_str_eq(r.findings[0].detail,
			 "読み取れません: そのようなファイルやディレクトリはありません");
	ck_assert_str_eq(r.reason, "/etc/group: 読み取れません: そのようなファイルやディレクトリはありません");
	ck_assert_str_eq(r.findings[0].evidence[0].value, "なし");
	ck_assert_str_eq(r.findings[0].remedy, "3 行目");
	ck_assert_str_eq(r.findings[1].detail, "plain");
	en();
	result_render_messages(&r);
	ck_assert_str_eq(r.reason, "/etc/group: cannot be read: No such file or directory");
	result_free(&r);
}
END_TEST

START_TEST(json_round_trip_and_refusals)
{
	struct kmsg *inner = msg_phrase("none");
	struct kmsg *args[2] = { msg_literal("a \"quoted\" value"), inner };
	struct kmsg *m = msg_make("%s: %s", 2, args);
	struct msg_table out = { 0 }, in;
	json_t *j = msg_to_json(m, &out);
	json_t *again = msg_to_json(m, &out); /* each id once in the table */
	ck_assert_uint_eq(out.n, 2);
	char *dump = json_dumps(j, JSON_COMPACT);
	ck_assert_str_eq(dump, "[0,\"a \\\"quoted\\\" value\",1]");
	free(dump);
	json_decref(again);
	json_t *table = msg_table_to_json(&out);
	char err[256];
	ck_assert_int_eq(msg_table_from_json(table, &in, err, sizeof err), 0);
	struct kmsg *back = msg_from_json(j, &in, err, sizeof err);
	ck_assert_ptr_nonnull(back);
	ck_assert(back->args[1]->phrase);
	char *a = msg_render(m), *b = msg_render(back);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	msg_free(back);
	json_decref(j);
	json_decref(table);
	msg_free(m);
	msg_table_free(&out);
	msg_table_free(&in);
	/* a format without arguments stays a format: [N] */
	const char *ids[] = { "100%% done", "%s and %s", "%n", "x" };
	struct msg_table t = { 0 };
	json_t *idsj = json_pack("[s, s, s, s]", ids[0], ids[1], ids[2], ids[3]);
	ck_assert_int_eq(msg_table_from_json(idsj, &t, err, sizeof err), 0);
	json_decref(idsj);
	j = json_pack("[i]", 0);
	back = msg_from_json(j, &t, err, sizeof err);
	ck_assert_ptr_nonnull(back);
	assert_render(back, "100% done");
	msg_free(back);
	json_decref(j);
	const char *bad[] = {
		"[1, \"x\"]", "[4]", "-1", "[2, \"x\"]", "[\"x\"]", "[]", "{\"id\": 0}", "true",
		"[1, true, \"y\"]", "\"a\\u0000b\"", "[0, \"extra\"]",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		j = json_loads(bad[i], JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
		ck_assert_ptr_nonnull(j);
		err[0] = '\0';
		ck_assert_msg(msg_from_json(j, &t, err, sizeof err) == NULL, "%s accepted", bad[i]);
		ck_assert(err[0] != '\0');
		json_decref(j);
	}
	j = json_string("x");
	for (int d = 0; d < KMSG_MAX_DEPTH + 2; d++)
		j = json_pack("[i, o]", 1, json_pack("[i, o, s]", 1, j, "y"));
	ck_assert_ptr_null(msg_from_json(j, &t, err, sizeof err));
	json_decref(j);
	/* the table itself: strings only */
	j = json_loads("[\"ok\", 3]", 0, NULL);
	struct msg_table t2;
	ck_assert_int_eq(msg_table_from_json(j, &t2, err, sizeof err), -1);
	json_decref(j);
	msg_table_free(&t);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("msg");
	TCase *tc = tcase_create("msg");
	tcase_add_test(tc, positional_translation_both_ways);
	tcase_add_test(tc, nested_phrase_and_plain_text);
	tcase_add_test(tc, format_arity);
	tcase_add_test(tc, render_never_formats_stored_text);
	tcase_add_test(tc, heap_strings_keep_identity);
	tcase_add_test(tc, result_api_records_every_text);
	tcase_add_test(tc, json_round_trip_and_refusals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
