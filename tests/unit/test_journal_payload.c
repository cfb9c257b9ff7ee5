/* Check suite: journal DATA objects journald compressed (parsers/journal_payload.c through
 * parsers/journal_entries.c): payloads made with the same libraries and settings as systemd's
 * src/basic/compress.c (xz: LZMA2, 1 MiB dictionary, no check; lz4: 8-byte little-endian size
 * then one block; zstd: one frame), in regular and compact journals; a field that is not wanted,
 * a field over JOURNAL_FIELD_MAX, damaged payloads, decompression bombs, an oversized window. */
#include "testutil.h"
#include "config.h"
#include "parsers/journal_entries.h"
#include "parsers/journal_payload.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if HAVE_LZMA
#include <lzma.h>
#endif
#if HAVE_LZ4
#include <lz4.h>
#endif
#if HAVE_ZSTD
#include <zstd.h>
#endif

static const int codecs[] = { JOURNAL_COMPRESSED_XZ, JOURNAL_COMPRESSED_LZ4,
			      JOURNAL_COMPRESSED_ZSTD };
#define N_CODECS 3

/* ---- compressing as systemd does --------------------------------------------------------- */

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* The compressed payload of src (malloc'd, *len), or NULL when this build lacks the codec. */
static unsigned char *compress(int codec, const void *src, size_t n, size_t *len)
{
	size_t cap = n + n / 2 + 1024;
	unsigned char *dst = malloc(cap);
	ck_assert_ptr_nonnull(dst);
	*len = 0;
	switch (codec) {
#if HAVE_LZMA
	case JOURNAL_COMPRESSED_XZ: {
		lzma_options_lzma opt = { .dict_size = 1u << 20u, .lc = LZMA_LC_DEFAULT,
					  .lp = LZMA_LP_DEFAULT, .pb = LZMA_PB_DEFAULT,
					  .mode = LZMA_MODE_FAST, .nice_len = 128,
					  .mf = LZMA_MF_HC3, .depth = 4 };
		lzma_filter filters[] = { { LZMA_FILTER_LZMA2, &opt }, { LZMA_VLI_UNKNOWN, NULL } };
		size_t pos = 0;
		ck_assert_int_eq(lzma_stream_buffer_encode(filters, LZMA_CHECK_NONE, NULL, src, n,
							   dst, &pos, cap), LZMA_OK);
		*len = pos;
		return dst;
	}
#endif
#if HAVE_LZ4
	case JOURNAL_COMPRESSED_LZ4: {
		int r = LZ4_compress_default(src, (char *)dst + 8, (int)n, (int)(cap - 8));
		ck_assert_int_gt(r, 0);
		put64(dst, n);
		*len = (size_t)r + 8;
		return dst;
	}
#endif
#if HAVE_ZSTD
	case JOURNAL_COMPRESSED_ZSTD: {
		size_t k = ZSTD_compress(dst, cap, src, n, 0);
		ck_assert(!ZSTD_isError(k));
		*len = k;
		return dst;
	}
#endif
	default:
		(void)src;
		free(dst);
		*len = 0;
		return NULL;
	}
}

/* ---- a journal: one entry per DATA object, each with SYSLOG_IDENTIFIER=sshd as well ---------- */

struct jfile {
	unsigned char *d;
	size_t len, cap;
};

static uint64_t jobject(struct jfile *j, int type, int flags, size_t size)
{
	size_t need = j->len + size + 8;
	if (need > j->cap) {
		j->cap = need * 2;
		j->d = realloc(j->d, j->cap);
		ck_assert_ptr_nonnull(j->d);
	}
	uint64_t off = j->len;
	memset(j->d + off, 0, (size + 7) & ~(size_t)7);
	j->d[off] = (unsigned char)type;
	j->d[off + 1] = (unsigned char)flags;
	put64(j->d + off + 8, size);
	j->len = (off + size + 7) & ~(size_t)7;
	return off;
}

static uint64_t jdata(struct jfile *j, bool compact, const void *payload, size_t n, int flags)
{
	size_t head = compact ? 72 : 64;
	uint64_t off = jobject(j, 1, flags, head + n);
	memcpy(j->d + off + head, payload, n);
	return off;
}

struct field {
	const void *p;
	size_t n;
	int flags;
};

static void jbuild(struct jfile *j, bool compact, const struct field *f, size_t n)
{
	memset(j, 0, sizeof *j);
	j->cap = 4096;
	j->d = calloc(1, j->cap);
	j->len = 272;
	memcpy(j->d, "LPKSHHRH", 8);
	put32(j->d + 12, compact ? 16 : 0);
	put64(j->d + 88, 272);
	const char ident[] = "SYSLOG_IDENTIFIER=sshd";
	uint64_t id = jdata(j, compact, ident, sizeof ident - 1, 0);
	uint64_t *e = calloc(n, sizeof *e);
	size_t item = compact ? 4 : 16;
	for (size_t k = 0; k < n; k++) {
		uint64_t d = jdata(j, compact, f[k].p, f[k].n, f[k].flags);
		e[k] = jobject(j, 3, 0, 64 + 2 * item);
		put64(j->d + e[k] + 24, (1795136285 + k) * 1000000ULL);
		uint64_t items[2] = { id, d };
		for (int i = 0; i < 2; i++) {
			if (compact)
				put32(j->d + e[k] + 64 + i * item, (uint32_t)items[i]);
			else
				put64(j->d + e[k] + 64 + i * item, items[i]);
		}
	}
	size_t aitem = compact ? 4 : 8;
	uint64_t a = jobject(j, 6, 0, 24 + n * aitem);
	for (size_t k = 0; k < n; k++) {
		if (compact)
			put32(j->d + a + 24 + k * aitem, (uint32_t)e[k]);
		else
			put64(j->d + a + 24 + k * aitem, e[k]);
	}
	put64(j->d + 152, n);
	put64(j->d + 176, a);
	free(e);
}

static int jread(void *io, uint64_t off, void *buf, size_t len)
{
	const struct jfile *j = io;
	if (off > j->len || len > j->len - off)
		return -1;
	memcpy(buf, j->d + off, len);
	return 0;
}

#define SEEN_MAX 8
struct jseen {
	int n;
	char ident[SEEN_MAX][32];
	char *message[SEEN_MAX];
};

static bool jcollect(void *ud, uint64_t t, const char *ident, const char *message, long pid)
{
	(void)t;
	(void)pid;
	struct jseen *s = ud;
	ck_assert_uint_lt(strlen(message), JOURNAL_FIELD_MAX);
	if (s->n < SEEN_MAX) {
		snprintf(s->ident[s->n], sizeof s->ident[0], "%s", ident);
		s->message[s->n] = strdup(message);
	}
	s->n++;
	return true;
}

static void seen_free(struct jseen *s)
{
	for (int i = 0; i < s->n && i < SEEN_MAX; i++)
		free(s->message[i]);
	memset(s, 0, sizeof *s);
}

/* Walk j; the walk must end normally. */
static void walk(struct jfile *j, struct jseen *seen, struct journal_walk_stats *st)
{
	const char *why = NULL;
	memset(seen, 0, sizeof *seen);
	ck_assert_int_eq(journal_walk(jread, j, j->len, 0, jcollect, seen, st, &why), 0);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "MESSAGE=Invalid user AAAA...(600) from 192.0.2.9 port 4711" */
static char *invalid_user_line(void)
{
	char *m = malloc(700);
	strcpy(m, "MESSAGE=Invalid user ");
	size_t l = strlen(m);
	memset(m + l, 'A', 600);
	strcpy(m + l + 600, " from 192.0.2.9 port 4711");
	return m;
}

/* ---- the tests --------------------------------------------------------------------------- */

START_TEST(each_codec_regular_and_compact)
{
	int c = codecs[_i];
	char *line = invalid_user_line();
	char other[800];
	snprintf(other, sizeof other, "_CMDLINE=/usr/sbin/sshd -D -R %0700d", 7);
	size_t n1, n2;
	unsigned char *z1 = compress(c, line, strlen(line), &n1);
	unsigned char *z2 = compress(c, other, strlen(other), &n2);
	for (int compact = 0; compact < 2; compact++) {
		struct field f[2] = { { z1 ? (void *)z1 : (void *)"x", z1 ? n1 : 1, c },
				      { z2 ? (void *)z2 : (void *)"x", z2 ? n2 : 1, c } };
		struct jfile j;
		jbuild(&j, compact, f, 2);
		struct jseen seen;
		struct journal_walk_stats st;
		walk(&j, &seen, &st);
		ck_assert_int_eq(seen.n, 2);
		ck_assert_str_eq(seen.ident[0], "sshd");
		if (!journal_payload_supported(c)) {
			/* without the library: both counted, neither read */
			ck_assert_str_eq(seen.message[0], "");
			ck_assert_int_eq(st.compressed_unsupported, 2);
			ck_assert_uint_eq(st.codecs_unsupported, (unsigned)c);
		} else {
			ck_assert_str_eq(seen.message[0], line + 8);
			ck_assert_str_eq(seen.message[1], ""); /* _CMDLINE: not handed out */
			ck_assert_int_eq(st.compressed_read, 1); /* nor counted */
			ck_assert_int_eq(st.compressed_damaged, 0);
			ck_assert_uint_eq(st.codecs_read, (unsigned)c);
		}
		seen_free(&seen);
		free(j.d);
	}
	free(z1);
	free(z2);
	free(line);
}
END_TEST

START_TEST(long_field_is_cut)
{
	int c = codecs[_i];
	if (!journal_payload_supported(c))
		return;
	/* 100 KiB of text that does not repeat at once: several blocks in every codec */
	size_t n = 100 * 1024;
	char *m = malloc(n + 1);
	strcpy(m, "MESSAGE=");
	uint32_t x = 12345;
	for (size_t i = 8; i < n; i++) {
		x = x * 1103515245u + 12345u;
		m[i] = (char)('a' + (x >> 16) % 26);
	}
	m[n] = '\0';
	size_t zn;
	unsigned char *z = compress(c, m, n, &zn);
	ck_assert_uint_gt(zn, 60000); /* random letters: the payload itself is long */
	struct field f = { z, zn, c };
	struct jfile j;
	jbuild(&j, false, &f, 1);
	struct jseen seen;
	struct journal_walk_stats st;
	walk(&j, &seen, &st);
	ck_assert_uint_eq(strlen(seen.message[0]), JOURNAL_FIELD_MAX - 1);
	ck_assert(memcmp(seen.message[0], m + 8, JOURNAL_FIELD_MAX - 1) == 0);
	ck_assert_int_eq(st.compressed_read, 1);
	seen_free(&seen);
	free(j.d);
	free(z);
	free(m);
}
END_TEST

START_TEST(damaged_payloads)
{
	int c = codecs[_i];
	if (!journal_payload_supported(c))
		return;
	char *line = invalid_user_line();
	size_t n;
	unsigned char *z = compress(c, line, strlen(line), &n);
	unsigned char *bad = malloc(n + 16);
	/* cut short; garbage; a flipped byte in the middle; two codec flags */
	struct field f[5];
	f[0] = (struct field){ z, n - 5, c };
	memset(bad, 0x5a, n);
	f[1] = (struct field){ bad, n, c };
	unsigned char *flip = malloc(n);
	memcpy(flip, z, n);
	flip[n / 2] ^= 0xff;
	f[2] = (struct field){ flip, n, c };
	f[3] = (struct field){ z, n, c | (c == 1 ? 4 : 1) };
	f[4] = (struct field){ z, n, c }; /* and an intact one after them */
	for (int compact = 0; compact < 2; compact++) {
		struct jfile j;
		jbuild(&j, compact, f, 5);
		struct jseen seen;
		struct journal_walk_stats st;
		walk(&j, &seen, &st);
		ck_assert_int_eq(seen.n, 5);
		for (int i = 0; i < 2; i++)
			ck_assert_str_eq(seen.message[i], "");
		ck_assert_str_eq(seen.message[3], "");
		ck_assert_str_eq(seen.message[4], line + 8);
		/* a flipped byte may still decode (LZ4 literals carry no check): never a crash, and
		 * counted one way or the other */
		ck_assert_int_eq(st.compressed_read + st.compressed_damaged, 5);
		ck_assert_int_ge(st.compressed_damaged, 3);
		seen_free(&seen);
		free(j.d);
	}
	if (c == JOURNAL_COMPRESSED_LZ4) {
		/* the size before the block disagrees with the block (systemd: r != size) */
		for (int delta = -1; delta <= 1; delta += 2) {
			memcpy(bad, z, n);
			put64(bad, strlen(line) + (size_t)delta);
			struct field g = { bad, n, c };
			struct jfile j;
			jbuild(&j, false, &g, 1);
			struct jseen seen;
			struct journal_walk_stats st;
			walk(&j, &seen, &st);
			ck_assert_int_eq(st.compressed_damaged, 1);
			seen_free(&seen);
			free(j.d);
		}
		/* no block at all, a size over INT_MAX */
		struct field g[2] = { { z, 8, c }, { bad, n, c } };
		put64(bad, 1ULL << 40);
		struct jfile j;
		jbuild(&j, false, g, 2);
		struct jseen seen;
		struct journal_walk_stats st;
		walk(&j, &seen, &st);
		ck_assert_int_eq(st.compressed_damaged, 2);
		seen_free(&seen);
		free(j.d);
	}
	free(flip);
	free(bad);
	free(z);
	free(line);
}
END_TEST

/* A field of n bytes of one letter after MESSAGE=, compressed: three entries that hold it. */
static void bomb(int c, size_t n, struct jseen *seen, struct journal_walk_stats *st, double *took)
{
	char *m = malloc(n);
	memcpy(m, "MESSAGE=", 8);
	memset(m + 8, 'a', n - 8);
	size_t zn;
	unsigned char *z = compress(c, m, n, &zn);
	free(m);
	struct field f[3] = { { z, zn, c }, { z, zn, c }, { z, zn, c } };
	struct jfile j;
	jbuild(&j, true, f, 3);
	double t0 = now_seconds();
	walk(&j, seen, st);
	*took = now_seconds() - t0;
	free(j.d);
	free(z);
}

START_TEST(bomb_costs_bounded_time)
{
	int c = codecs[_i];
	if (!journal_payload_supported(c))
		return;
	/* 32 MiB of one letter: a few KiB compressed (LZ4: 128 KiB of match length bytes) */
	struct jseen seen;
	struct journal_walk_stats st;
	double took;
	bomb(c, 32u << 20, &seen, &st, &took);
	ck_assert_int_eq(st.compressed_read, 3);
	ck_assert_uint_eq(strlen(seen.message[2]), JOURNAL_FIELD_MAX - 1);
	ck_assert_msg(took < 0.5, "%s bomb took %.3f s", journal_payload_codec_name(c), took);
	seen_free(&seen);
	if (c == JOURNAL_COMPRESSED_LZ4) {
		/* 96 MiB: the match that crosses the field's end needs more length bytes than
		 * kensa reads of a block: counted, not read, in bounded time */
		bomb(c, 96u << 20, &seen, &st, &took);
		ck_assert_int_eq(st.compressed_beyond, 3);
		ck_assert_uint_eq(st.codecs_beyond, (unsigned)c);
		ck_assert_msg(took < 0.5, "lz4 bomb took %.3f s", took);
		seen_free(&seen);
	}
}
END_TEST

START_TEST(zstd_window_over_the_cap)
{
#if HAVE_ZSTD
	/* a frame that asks for a 16 MiB window (9 MiB of content, windowLog 24): over the 8 MiB cap,
	 * refused before anything is allocated for it, counted */
	size_t n = 9u << 20;
	char *m = malloc(n);
	memcpy(m, "MESSAGE=", 8);
	uint32_t x = 1;
	for (size_t i = 8; i < n; i++) {
		x = x * 1103515245u + 12345u;
		m[i] = (char)('a' + (x >> 16) % 4);
	}
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	ZSTD_CCtx_setParameter(cc, ZSTD_c_windowLog, 24);
	size_t cap = ZSTD_compressBound(n);
	unsigned char *z = malloc(cap);
	size_t zn = ZSTD_compress2(cc, z, cap, m, n);
	ck_assert(!ZSTD_isError(zn));
	ZSTD_freeCCtx(cc);
	free(m);
	struct field f = { z, zn, JOURNAL_COMPRESSED_ZSTD };
	struct jfile j;
	jbuild(&j, false, &f, 1);
	struct jseen seen;
	struct journal_walk_stats st;
	walk(&j, &seen, &st);
	ck_assert_int_eq(st.compressed_beyond, 1);
	ck_assert_uint_eq(st.codecs_beyond, JOURNAL_COMPRESSED_ZSTD);
	seen_free(&seen);
	free(j.d);
	free(z);
#endif
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(journal_payload_codec_name(JOURNAL_COMPRESSED_XZ), "xz");
	ck_assert_str_eq(journal_payload_codec_name(JOURNAL_COMPRESSED_LZ4), "lz4");
	ck_assert_str_eq(journal_payload_codec_name(JOURNAL_COMPRESSED_ZSTD), "zstd");
	ck_assert_str_eq(journal_payload_codec_name(3), "?");
	ck_assert(!journal_payload_supported(3));
	ck_assert(journal_payload_supported(JOURNAL_COMPRESSED_XZ) == HAVE_LZMA);
	ck_assert(journal_payload_supported(JOURNAL_COMPRESSED_LZ4) == HAVE_LZ4);
	ck_assert(journal_payload_supported(JOURNAL_COMPRESSED_ZSTD) == HAVE_ZSTD);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("journal-payload");
	TCase *tc = tcase_create("codecs");
	tcase_add_loop_test(tc, each_codec_regular_and_compact, 0, N_CODECS);
	tcase_add_loop_test(tc, long_field_is_cut, 0, N_CODECS);
	tcase_add_loop_test(tc, damaged_payloads, 0, N_CODECS);
	tcase_add_loop_test(tc, bomb_costs_bounded_time, 0, N_CODECS);
	tcase_add_test(tc, zstd_window_over_the_cap);
	tcase_add_test(tc, names);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
