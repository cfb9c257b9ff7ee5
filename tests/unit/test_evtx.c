/* Check suite: the .evtx reader (src/parsers/evtx.c) on real public Security logs
 * (tests/data/evtx/): fields of a 4625 and a 4732, the CRC32 checks of the file header and of a
 * chunk, the callback's stop, and thousands of damaged chunks (CRCs recomputed so that the Binary
 * XML walk itself meets the damage) that must never crash or overrun. */
#include "testutil.h"
#include "parsers/evtx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mem {
	unsigned char *p;
	size_t n;
};

static long mem_read(void *src, uint64_t off, void *buf, size_t len)
{
	struct mem *m = src;
	if (off >= m->n)
		return 0;
	size_t n = m->n - off < len ? m->n - (size_t)off : len;
	memcpy(buf, m->p + off, n);
	return (long)n;
}

static struct mem load(const char *name)
{
	const char *src = getenv("KENSA_SOURCE_ROOT");
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/data/evtx/%s", src ? src : ".", name);
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	struct mem m = { NULL, 0 };
	size_t cap = 0;
	for (;;) {
		if (m.n == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			m.p = realloc(m.p, cap);
			ck_assert(m.p != NULL);
		}
		size_t got = fread(m.p + m.n, 1, cap - m.n, f);
		if (!got)
			break;
		m.n += got;
	}
	fclose(f);
	return m;
}

struct seen {
	size_t n;
	struct evtx_event first;
	uint32_t ids[16];
	size_t stop_after;
};

static int keep(const struct evtx_event *ev, void *arg)
{
	struct seen *s = arg;
	if (s->n == 0)
		s->first = *ev;
	if (s->n < 16)
		s->ids[s->n] = ev->event_id;
	s->n++;
	return s->stop_after && s->n == s->stop_after ? 42 : 0;
}

static void fix_chunk_crcs(unsigned char *c)
{
	uint32_t free_off = (uint32_t)c[48] | (uint32_t)c[49] << 8 | (uint32_t)c[50] << 16 |
			    (uint32_t)c[51] << 24;
	if (free_off >= 512 && free_off <= EVTX_CHUNK_SIZE) {
		uint32_t d = evtx_crc32(c + 512, free_off - 512, 0);
		for (int i = 0; i < 4; i++)
			c[52 + i] = (unsigned char)(d >> 8 * i);
	}
	uint32_t h = evtx_crc32(c, 120, 0);
	h = evtx_crc32(c + 128, 384, h);
	for (int i = 0; i < 4; i++)
		c[124 + i] = (unsigned char)(h >> 8 * i);
}

START_TEST(crc32_is_the_zlib_one)
{
	ck_assert_uint_eq(evtx_crc32((const unsigned char *)"123456789", 9, 0), 0xCBF43926u);
}
END_TEST

START_TEST(failed_logon_fields)
{
	struct mem m = load("CA_4624_4625_LogonType2_LogonProc_chrome.evtx");
	struct seen s = { 0 };
	struct evtx_stats st;
	char why[128];
	ck_assert_int_eq(evtx_read(mem_read, &m, 0, keep, &s, &st, why, sizeof why), 0);
	ck_assert_uint_eq(s.n, 4);
	ck_assert_uint_eq(st.records, 4);
	ck_assert_uint_eq(st.chunks, 1);
	ck_assert_uint_eq(st.bad_chunks, 0);
	ck_assert_uint_eq(s.ids[0], 4625);
	ck_assert_uint_eq(s.ids[1], 4624);
	const struct evtx_event *ev = &s.first;
	ck_assert(ev->has_time);
	ck_assert_uint_eq(ev->time_created, 132441311036279525ull);
	ck_assert_int_eq(evtx_filetime_epoch(ev->time_created), 1599657503); /* 2020-09-09 13:18:23 */
	ck_assert_str_eq(evtx_event_data(ev, "TargetUserName"), "IEUser");
	ck_assert_str_eq(evtx_event_data(ev, "TargetDomainName"), "MSEDGEWIN10");
	ck_assert_str_eq(evtx_event_data(ev, "Status"), "0xc000006d");
	ck_assert_str_eq(evtx_event_data(ev, "SubStatus"), "0xc000006a");
	ck_assert_str_eq(evtx_event_data(ev, "LogonType"), "2");
	ck_assert_str_eq(evtx_event_data(ev, "IpAddress"), "-");
	ck_assert_str_eq(evtx_event_data(ev, "TargetUserSid"), "S-1-0-0");
	ck_assert_ptr_null(evtx_event_data(ev, "NoSuchItem"));
	free(m.p);
}
END_TEST

START_TEST(group_member_added)
{
	struct mem m = load("Network_Service_Guest_added_to_admins_4732.evtx");
	struct seen s = { 0 };
	struct evtx_stats st;
	char why[128];
	ck_assert_int_eq(evtx_read(mem_read, &m, 0, keep, &s, &st, why, sizeof why), 0);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_uint_eq(s.first.event_id, 4732);
	ck_assert_str_eq(evtx_event_data(&s.first, "TargetSid"), "S-1-5-32-544");
	ck_assert_str_eq(evtx_event_data(&s.first, "TargetUserName"), "Administrators");
	ck_assert_str_eq(evtx_event_data(&s.first, "MemberSid"),
			 "S-1-5-21-3461203602-4096304019-2269080069-501");
	free(m.p);
}
END_TEST

START_TEST(callback_stops_the_walk)
{
	struct mem m = load("python-evtx-security.evtx");
	struct seen s = { .stop_after = 100 };
	struct evtx_stats st;
	char why[128];
	ck_assert_int_eq(evtx_read(mem_read, &m, 0, keep, &s, &st, why, sizeof why), 42);
	ck_assert_uint_eq(s.n, 100);
	/* max_chunks bounds the walk */
	struct seen all = { 0 };
	ck_assert_int_eq(evtx_read(mem_read, &m, 1, keep, &all, &st, why, sizeof why), 0);
	ck_assert_uint_eq(st.chunks, 1);
	ck_assert_uint_lt(all.n, 2261);
	free(m.p);
}
END_TEST

START_TEST(crc_mismatches_are_refused)
{
	struct mem m = load("CA_4624_4625_LogonType2_LogonProc_chrome.evtx");
	struct seen s = { 0 };
	struct evtx_stats st;
	char why[128];
	/* a record byte changed: the chunk's record CRC32 no longer matches */
	m.p[EVTX_HEADER_SIZE + 600] ^= 0x01;
	ck_assert_int_eq(evtx_read(mem_read, &m, 0, keep, &s, &st, why, sizeof why), 0);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_uint_eq(st.bad_chunks, 1);
	m.p[EVTX_HEADER_SIZE + 600] ^= 0x01;
	/* the file header */
	m.p[10] ^= 0x01;
	ck_assert_int_eq(evtx_read(mem_read, &m, 0, keep, &s, &st, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "CRC32"));
	m.p[10] ^= 0x01;
	/* not an .evtx at all, or too short */
	struct mem junk = { (unsigned char *)"MZ\x90\0 not an event log", 22 };
	ck_assert_int_eq(evtx_read(mem_read, &junk, 0, keep, &s, &st, why, sizeof why), -1);
	ck_assert_ptr_nonnull(strstr(why, "ElfFile"));
	struct mem empty = { m.p, 0 };
	ck_assert_int_eq(evtx_read(mem_read, &empty, 0, keep, &s, &st, why, sizeof why), -1);
	/* a file cut in the middle of a chunk: the whole chunks only */
	struct mem cut = { m.p, EVTX_HEADER_SIZE + 1000 };
	s.n = 0;
	ck_assert_int_eq(evtx_read(mem_read, &cut, 0, keep, &s, &st, why, sizeof why), 0);
	ck_assert_uint_eq(s.n, 0);
	free(m.p);
}
END_TEST

/* Damage a real chunk byte by byte (and in runs), CRCs recomputed: the walk meets every kind of
 * bad offset, size, token and type, and must neither crash nor read outside the chunk (run under
 * valgrind or ASan to see the latter). */
START_TEST(damaged_chunks_never_crash)
{
	struct mem m = load("python-evtx-security.evtx");
	unsigned char *orig = m.p + EVTX_HEADER_SIZE;
	unsigned char *c = malloc(EVTX_CHUNK_SIZE);
	uint32_t seed = 12345;
	size_t delivered = 0, refused = 0;
	for (int round = 0; round < 3000; round++) {
		memcpy(c, orig, EVTX_CHUNK_SIZE);
		int flips = 1 + round % 8;
		for (int k = 0; k < flips; k++) {
			seed = seed * 1103515245u + 12345u;
			/* mostly in the first records and templates, where the structure is */
			size_t at = 512 + (seed >> 8) % (round % 2 ? 4096 : EVTX_CHUNK_SIZE - 512);
			seed = seed * 1103515245u + 12345u;
			c[at] = round % 3 == 0 ? (unsigned char)(seed >> 16) : (unsigned char)(c[at] ^ (1u << (seed >> 16) % 8));
		}
		fix_chunk_crcs(c);
		struct seen s = { 0 };
		struct evtx_stats st = { 0 };
		char why[128];
		int rc = evtx_parse_chunk(c, EVTX_CHUNK_SIZE, keep, &s, &st, why, sizeof why);
		ck_assert(rc == 0 || rc == -1);
		delivered += st.records;
		refused += st.bad_records;
	}
	ck_assert_uint_gt(delivered, 0);
	ck_assert_uint_gt(refused, 0);
	free(c);
	free(m.p);
}
END_TEST

static int record_order(const struct evtx_event *ev, void *arg)
{
	uint64_t *prev = arg;
	ck_assert_uint_gt(ev->record_id, *prev);
	*prev = ev->record_id;
	return 0;
}

/* A log that wrapped: the header's oldest chunk is the second one in the file; records still come
 * oldest first. */
START_TEST(wrapped_log_is_read_from_its_oldest_chunk)
{
	struct mem m = load("python-evtx-security.evtx");
	size_t len = EVTX_HEADER_SIZE + 2 * EVTX_CHUNK_SIZE;
	unsigned char *f = malloc(len);
	memcpy(f, m.p, EVTX_HEADER_SIZE);
	memcpy(f + EVTX_HEADER_SIZE, m.p + EVTX_HEADER_SIZE + EVTX_CHUNK_SIZE, EVTX_CHUNK_SIZE);
	memcpy(f + EVTX_HEADER_SIZE + EVTX_CHUNK_SIZE, m.p + EVTX_HEADER_SIZE, EVTX_CHUNK_SIZE);
	memset(f + 8, 0, 16);
	f[8] = 1;         /* oldest chunk: 1 */
	f[16] = 0;        /* newest chunk: 0 */
	f[42] = 2;        /* two chunks */
	f[43] = 0;
	uint32_t crc = evtx_crc32(f, 120, 0);
	for (int i = 0; i < 4; i++)
		f[124 + i] = (unsigned char)(crc >> 8 * i);
	struct mem w = { f, len };
	uint64_t prev = 0;
	struct evtx_stats st;
	char why[128];
	ck_assert_int_eq(evtx_read(mem_read, &w, 0, record_order, &prev, &st, why, sizeof why), 0);
	ck_assert_uint_eq(st.chunks, 2);
	ck_assert_uint_gt(st.records, 100);
	free(f);
	free(m.p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("evtx");
	TCase *tc = tcase_create("evtx");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, crc32_is_the_zlib_one);
	tcase_add_test(tc, failed_logon_fields);
	tcase_add_test(tc, group_member_added);
	tcase_add_test(tc, callback_stops_the_walk);
	tcase_add_test(tc, crc_mismatches_are_refused);
	tcase_add_test(tc, damaged_chunks_never_crash);
	tcase_add_test(tc, wrapped_log_is_read_from_its_oldest_chunk);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tu_run(suite());
}
