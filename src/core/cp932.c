/* CP932 decoding from the generated table (cp932.h). Single bytes: ASCII and the half-width
 * katakana 0xA1-0xDF; 0x80, 0xA0 and 0xFD-0xFF are refused, as glibc's CP932 refuses them. */
#include "cp932.h"
#include "xalloc.h"
#include <stdlib.h>
#include <strings.h>

bool cp932_is_name(const char *name)
{
	return !strcasecmp(name, "CP932") || !strcasecmp(name, "WINDOWS-31J") ||
	       !strcasecmp(name, "MS932");
}

static int lead_index(unsigned char c)
{
	if (c >= 0x81 && c <= 0x9F)
		return c - 0x81;
	if (c >= 0xE0 && c <= 0xFC)
		return c - 0xE0 + 0x1F;
	return -1;
}

static int trail_index(unsigned char c)
{
	if (c >= 0x40 && c <= 0x7E)
		return c - 0x40;
	if (c >= 0x80 && c <= 0xFC)
		return c - 0x80 + 0x3F;
	return -1;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	o[0] = (char)(0xE0 | (cp >> 12));
	o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

char *cp932_to_utf8(const char *data, size_t len, size_t *out_len, size_t *bad_offset)
{
	const unsigned char *in = (const unsigned char *)data;
	char *out = xmalloc(len * 3 + 1); /* every sequence gives at most 3 bytes per input byte */
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		unsigned char c = in[i];
		unsigned cp = 0;
		size_t used = 1;
		if (c < 0x80) {
			cp = c;
		} else if (c >= 0xA1 && c <= 0xDF) {
			cp = 0xFF61 + (c - 0xA1u);
		} else {
			int li = lead_index(c);
			int ti = i + 1 < len ? trail_index(in[i + 1]) : -1;
			if (li >= 0 && ti >= 0)
				cp = cp932_double[li * CP932_TRAILS + ti];
			used = 2;
			if (!cp) {
				free(out);
				*bad_offset = i;
				return NULL;
			}
		}
		o += put_utf8(out + o, cp);
		i += used;
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}
