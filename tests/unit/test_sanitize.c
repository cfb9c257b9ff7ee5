/* Check suite: the one output sanitiser (report/sanitize.h), byte by byte: what passes, what
 * becomes a visible mark, what becomes U+FFFD, and that JSON's variant only repairs UTF-8. */
#include "testutil.h"
#include "report/sanitize.h"
#include <stdlib.h>
#include <string.h>

#define MARK(hex) "\xE2\x9F\xA8U+" hex "\xE2\x9F\xA9"
#define FFFD "\xEF\xBF\xBD"

static void expect(const char *in, unsigned flags, const char *want)
{
	char *got = sanitize_dup(in, flags);
	ck_assert_msg(strcmp(got, want) == 0, "sanitize(%s) = %s, want %s", in, got, want);
	free(got);
}

START_TEST(text_passes_and_controls_are_marked)
{
	expect("plain ASCII, 日本語 and emoji \xF0\x9F\x98\x80", 0,
	       "plain ASCII, 日本語 and emoji \xF0\x9F\x98\x80");
	expect("a\x1b[31mred", 0, "a" MARK("001B") "[31mred");
	expect("bell\x07 del\x7f", 0, "bell" MARK("0007") " del" MARK("007F"));
	expect("c1 \xC2\x9B csi \xC2\x85 nel", 0, "c1 " MARK("009B") " csi " MARK("0085") " nel");
	expect("a\nb\tc", 0, "a" MARK("000A") "b" MARK("0009") "c");
	expect("a\nb\tc", SANITIZE_KEEP_NEWLINE | SANITIZE_KEEP_TAB, "a\nb\tc");
	expect("\r", SANITIZE_KEEP_NEWLINE, MARK("000D"));
}
END_TEST

START_TEST(bidi_formatting_is_marked)
{
	expect("x\xE2\x80\xAEy", 0, "x" MARK("202E") "y");   /* RLO */
	expect("\xE2\x80\xAA\xE2\x80\xAC", 0, MARK("202A") MARK("202C"));
	expect("\xE2\x81\xA6\xE2\x81\xA9", 0, MARK("2066") MARK("2069")); /* isolates */
	expect("\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C", 0, MARK("200E") MARK("200F") MARK("061C"));
	/* neighbours of the ranges are ordinary text */
	expect("\xE2\x80\xA9\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA", 0,
	       "\xE2\x80\xA9\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA");
}
END_TEST

START_TEST(invalid_utf8_becomes_fffd_per_byte)
{
	expect("m\xfcller", 0, "m" FFFD "ller");
	expect("\xC0\xAF", 0, FFFD FFFD);                 /* overlong '/' */
	expect("\xE0\x80\xAF", 0, FFFD FFFD FFFD);        /* overlong */
	expect("\xED\xA0\x80", 0, FFFD FFFD FFFD);        /* a UTF-16 surrogate */
	expect("\xF4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD); /* beyond U+10FFFF */
	expect("\xE6\x97", 0, FFFD FFFD);                 /* truncated at the end */
	expect("\xE6\x97x", 0, FFFD FFFD "x");
	expect("\xFF\xFE", 0, FFFD FFFD);
}
END_TEST

START_TEST(html_escapes_then_marks)
{
	expect("<b a='1'>&\"\xE2\x80\xAE\x01</b>", SANITIZE_HTML,
	       "&lt;b a=&#39;1&#39;&gt;&amp;&quot;" MARK("202E") MARK("0001") "&lt;/b&gt;");
}
END_TEST

START_TEST(json_variant_only_repairs_utf8)
{
	char *s = sanitize_utf8_dup("ok \x1b[31m \xE2\x80\xAE \xC2\x9B bad\xff");
	ck_assert_str_eq(s, "ok \x1b[31m \xE2\x80\xAE \xC2\x9B bad" FFFD);
	free(s);
	ck_assert(sanitize_is_clean("clean 日本", 0));
	ck_assert(!sanitize_is_clean("dirty\x1b", 0));
	ck_assert(sanitize_is_clean(NULL, 0));
	char *e = sanitize_dup(NULL, 0);
	ck_assert_str_eq(e, "");
	free(e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sanitize");
	TCase *tc = tcase_create("sanitize");
	tcase_add_test(tc, text_passes_and_controls_are_marked);
	tcase_add_test(tc, bidi_formatting_is_marked);
	tcase_add_test(tc, invalid_utf8_becomes_fffd_per_byte);
	tcase_add_test(tc, html_escapes_then_marks);
	tcase_add_test(tc, json_variant_only_repairs_utf8);
	suite_add_tcase(s, tc);
	return tu_run(s);
}
