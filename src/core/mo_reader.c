/* GNU .mo lookup by binary search over the sorted table of original strings (the format as
 * gettext's "The Format of GNU MO Files" defines it: a header of 32-bit words in the writer's
 * byte order, a table of (length, offset) for the originals sorted by strcmp, a parallel table
 * for the translations; the optional hash table is not needed for a binary search). */
#include "mo_reader.h"
#include <stdint.h>
#include <string.h>

#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

static uint32_t word(const unsigned char *p, bool swapped)
{
	uint32_t v;
	memcpy(&v, p, 4);
	if (swapped)
		v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
	return v;
}

struct mo_header {
	bool swapped;
	uint32_t n, originals, translations;
};

static bool read_header(const unsigned char *data, size_t len, struct mo_header *h)
{
	if (len < 28)
		return false;
	uint32_t magic;
	memcpy(&magic, data, 4);
	if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
		return false;
	h->swapped = magic == MO_MAGIC_SWAPPED;
	if (word(data + 4, h->swapped) >> 16 != 0) /* major revision 0 only */
		return false;
	h->n = word(data + 8, h->swapped);
	h->originals = word(data + 12, h->swapped);
	h->translations = word(data + 16, h->swapped);
	/* both tables, 8 bytes per entry, inside the buffer */
	if (h->n > len / 8 || h->originals > len - (size_t)h->n * 8 ||
	    h->translations > len - (size_t)h->n * 8)
		return false;
	return true;
}

/* String I of the table at TABLE, when it lies inside the buffer with its NUL. */
static const char *string_at(const unsigned char *data, size_t len, const struct mo_header *h,
			     uint32_t table, uint32_t i)
{
	uint32_t slen = word(data + table + (size_t)i * 8, h->swapped);
	uint32_t off = word(data + table + (size_t)i * 8 + 4, h->swapped);
	if (off >= len || slen >= len - off || data[off + slen] != '\0')
		return NULL;
	return (const char *)data + off;
}

bool mo_valid(const unsigned char *data, size_t len)
{
	struct mo_header h;
	if (!read_header(data, len, &h))
		return false;
	const char *prev = NULL;
	for (uint32_t i = 0; i < h.n; i++) {
		const char *o = string_at(data, len, &h, h.originals, i);
		if (!o || !string_at(data, len, &h, h.translations, i))
			return false;
		if (prev && strcmp(prev, o) >= 0)
			return false;
		prev = o;
	}
	return true;
}

const char *mo_lookup(const unsigned char *data, size_t len, const char *msgid)
{
	struct mo_header h;
	if (!read_header(data, len, &h))
		return NULL;
	uint32_t lo = 0, hi = h.n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *o = string_at(data, len, &h, h.originals, mid);
		if (!o)
			return NULL;
		int c = strcmp(msgid, o);
		if (c == 0) {
			const char *t = string_at(data, len, &h, h.translations, mid);
			return t && *t ? t : NULL;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
