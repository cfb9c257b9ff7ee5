/* Journal file header decoding: little-endian fields at the offsets of journal-def.h's Header
 * (signature 0, state 16, header_size 88, arena_size 96, n_entries 152,
 * head_entry_realtime 184, tail_entry_realtime 192). */
#include "journal_header.h"
#include <string.h>

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

bool journal_header_parse(const void *buf, size_t len, struct journal_header *out,
			  const char **why)
{
	const unsigned char *b = buf;
	memset(out, 0, sizeof *out);
	if (len < 8 || memcmp(b, "LPKSHHRH", 8) != 0) {
		*why = "not a journal file (no LPKSHHRH signature)";
		return false;
	}
	if (len < JOURNAL_HEADER_MIN) {
		*why = "journal header truncated";
		return false;
	}
	out->state = b[16];
	out->header_size = le64(b + 88);
	out->arena_size = le64(b + 96);
	out->n_entries = le64(b + 152);
	out->head_realtime_usec = le64(b + 184);
	out->tail_realtime_usec = le64(b + 192);
	if (out->header_size < JOURNAL_HEADER_MIN) {
		*why = "journal header_size smaller than the fields it must hold";
		return false;
	}
	if (out->n_entries > 0 && out->tail_realtime_usec < out->head_realtime_usec) {
		*why = "journal header: last entry older than the first";
		return false;
	}
	return true;
}
