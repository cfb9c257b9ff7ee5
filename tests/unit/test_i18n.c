/* Check suite: the built-in CP932 decoder against glibc's iconv for every one- and two-byte
 * sequence; the .mo reader behind the built-in catalogue (mo_reader.c) on catalogues written
 * here in both byte orders, malformed ones (truncated at every length, offsets outside the
 * buffer, unsorted originals, a missing NUL), and the catalogue built into kensa. */
#include "testutil.h"
#include "core/cp932.h"
#include "core/embedded_data.h"
#include "core/mo_reader.h"
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put32(unsigned char *p, uint32_t v, int big)
{
	for (int i = 0; i < 4; i++)
		p[big ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/* A .mo of N (msgid, msgstr) pairs, originals in the given order, as msgfmt lays it out:
 * header, originals table, translations table, then the strings with their NULs. */
static unsigned char *make_mo(const char *const *ids, const char *const *strs, uint32_t n,
			      int big, size_t *len)
{
	size_t size = 28 + (size_t)n * 16;
	for (uint32_t i = 0; i < n; i++)
		size += strlen(ids[i]) + 1 + strlen(strs[i]) + 1;
	unsigned char *mo = calloc(1, size);
	put32(mo, 0x950412de, big);
	put32(mo + 4, 0, big);
	put32(mo + 8, n, big);
	put32(mo + 12, 28, big);
	put32(mo + 16, 28 + n * 8, big);
	size_t off = 28 + (size_t)n * 16;
	for (int table = 0; table < 2; table++)
		for (uint32_t i = 0; i < n; i++) {
			const char *s = table ? strs[i] : ids[i];
			size_t l = strlen(s);
			put32(mo + 28 + table * n * 8 + i * 8, (uint32_t)l, big);
			put32(mo + 28 + table * n * 8 + i * 8 + 4, (uint32_t)off, big);
			memcpy(mo + off, s, l + 1);
			off += l + 1;
		}
	*len = size;
	return mo;
}

static const char *const ids[] = { "", "Audit", "b", "zeta" };
static const char *const strs[] = { "Content-Type: text/plain; charset=UTF-8\n", "監査", "", "ゼータ" };

START_TEST(lookup_both_byte_orders)
{
	for (int big = 0; big < 2; big++) {
		size_t len;
		unsigned char *mo = make_mo(ids, strs, 4, big, &len);
		ck_assert(mo_valid(mo, len));
		ck_assert_str_eq(mo_lookup(mo, len, "Audit"), "監査");
		ck_assert_str_eq(mo_lookup(mo, len, "zeta"), "ゼータ");
		ck_assert_ptr_null(mo_lookup(mo, len, "b"));      /* empty: untranslated */
		ck_assert_ptr_null(mo_lookup(mo, len, "Audi"));   /* a prefix is not a match */
		ck_assert_ptr_null(mo_lookup(mo, len, "Auditx"));
		ck_assert_ptr_null(mo_lookup(mo, len, "zz"));
		free(mo);
	}
}
END_TEST

START_TEST(malformed_catalogues_are_refused)
{
	size_t len;
	unsigned char *mo = make_mo(ids, strs, 4, 0, &len);
	/* every truncation: refused, and lookups stay inside the buffer (ASan/valgrind) */
	for (size_t cut = 0; cut < len; cut++) {
		unsigned char *t = malloc(cut ? cut : 1);
		memcpy(t, mo, cut);
		ck_assert_msg(!mo_valid(t, cut), "truncated at %zu accepted", cut);
		(void)mo_lookup(t, cut, "zeta");
		free(t);
	}
	unsigned char *bad = malloc(len);
	/* a string offset past the end */
	memcpy(bad, mo, len);
	put32(bad + 28 + 3 * 8 + 4, (uint32_t)len + 10, 0);
	ck_assert(!mo_valid(bad, len));
	ck_assert_ptr_null(mo_lookup(bad, len, "zeta"));
	/* a count that would put the tables outside the buffer */
	memcpy(bad, mo, len);
	put32(bad + 8, 0x40000000, 0);
	ck_assert(!mo_valid(bad, len));
	ck_assert_ptr_null(mo_lookup(bad, len, "Audit"));
	/* a length that runs over the string's NUL */
	memcpy(bad, mo, len);
	put32(bad + 28 + 1 * 8, 6, 0);
	ck_assert(!mo_valid(bad, len));
	/* bad magic, unknown major revision */
	memcpy(bad, mo, len);
	bad[0] ^= 1;
	ck_assert(!mo_valid(bad, len));
	memcpy(bad, mo, len);
	put32(bad + 4, 0x00010000, 0);
	ck_assert(!mo_valid(bad, len));
	free(bad);
	free(mo);
	/* originals out of order: a binary search would miss entries */
	static const char *const unsorted[] = { "", "zeta", "Audit" };
	mo = make_mo(unsorted, strs, 3, 0, &len);
	ck_assert(!mo_valid(mo, len));
	free(mo);
}
END_TEST

START_TEST(built_in_japanese_catalogue)
{
	const struct embedded_file *c = embedded_catalog("ja");
	ck_assert_ptr_nonnull(c);
	ck_assert(mo_valid(c->data, c->len));
	const char *t = mo_lookup(c->data, c->len, "Show help for kensa or for one command.");
	ck_assert_ptr_nonnull(t);
	ck_assert(strstr(t, "ヘルプ") != NULL);
	ck_assert_ptr_null(embedded_catalog("fr"));
	ck_assert_ptr_nonnull(embedded_find("profiles/server.ini"));
	ck_assert_ptr_null(embedded_find("profiles/nonesuch.ini"));
	ck_assert_ptr_nonnull(embedded_from_path(EMBEDDED_PREFIX "profiles/server.ini"));
	ck_assert_ptr_null(embedded_from_path("/usr/share/kensa/profiles/server.ini"));
}
END_TEST

/* iconv's answer for IN: UTF-8 (malloc'd) or NULL when it refuses the bytes */
static char *iconv_cp932(const char *in, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", "CP932");
	ck_assert_msg(cd != (iconv_t)-1, "iconv has no CP932 here");
	char *out = calloc(1, 16), *o = out, *i = (char *)in;
	size_t il = len, ol = 15;
	size_t rc = iconv(cd, &i, &il, &o, &ol);
	iconv_close(cd);
	if (rc == (size_t)-1 || il) {
		free(out);
		return NULL;
	}
	return out;
}

START_TEST(cp932_matches_iconv_for_every_sequence)
{
	size_t mismatches = 0, decoded = 0;
	for (unsigned a = 0; a < 256; a++)
		for (unsigned b = 0; b < 257; b++) { /* b == 256: the byte alone */
			char in[2] = { (char)a, (char)b };
			size_t len = b == 256 ? 1 : 2, out_len = 0, bad = 99;
			if (a < 0x80 && b < 256)
				continue; /* ASCII pairs: the single-byte pass covers them */
			char *want = iconv_cp932(in, len);
			char *got = cp932_to_utf8(in, len, &out_len, &bad);
			if (!want != !got || (want && strcmp(want, got) != 0)) {
				if (mismatches++ < 5)
					fprintf(stderr, "cp932 %02x %02x: iconv %s, kensa %s\n", a, b,
						want ? want : "(refused)", got ? got : "(refused)");
			}
			if (got) {
				decoded++;
				if (!memchr(in, 0, len)) /* a NUL decodes to a NUL */
					ck_assert_uint_eq(out_len, strlen(got));
			} else {
				ck_assert_uint_le(bad, 1);
			}
			free(want);
			free(got);
		}
	ck_assert_uint_eq(mismatches, 0);
	ck_assert_uint_gt(decoded, 7000);
}
END_TEST

START_TEST(cp932_strings_and_offsets)
{
	/* "ﾊﾟｽﾜｰﾄﾞ 8 文字" in CP932, then a lone lead byte at the end */
	static const char text[] = "\xca\xdf\xbd\xdc\xb0\xc4\xde 8 \x95\xb6\x8e\x9a\x81";
	size_t n, bad = 0;
	ck_assert_ptr_null(cp932_to_utf8(text, sizeof text - 1, &n, &bad));
	ck_assert_uint_eq(bad, sizeof text - 2);
	char *s = cp932_to_utf8(text, sizeof text - 2, &n, &bad);
	ck_assert_str_eq(s, "ﾊﾟｽﾜｰﾄﾞ 8 文字");
	free(s);
	ck_assert(cp932_is_name("cp932") && cp932_is_name("Windows-31J") && !cp932_is_name("CP1252"));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("i18n");
	TCase *tc = tcase_create("mo");
	tcase_add_test(tc, lookup_both_byte_orders);
	tcase_add_test(tc, malformed_catalogues_are_refused);
	tcase_add_test(tc, built_in_japanese_catalogue);
	suite_add_tcase(s, tc);
	tc = tcase_create("cp932");
	tcase_add_test(tc, cp932_matches_iconv_for_every_sequence);
	tcase_add_test(tc, cp932_strings_and_offsets);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
