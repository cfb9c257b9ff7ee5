/* Windows XML Event Log (.evtx) reader, written from libyal's format description ("Windows XML
 * Event Log (EVTX)", libevtx documentation): a 4 KiB file header, 64 KiB chunks each with its own
 * string and template tables, records of Binary XML. Every record's XML is a template instance:
 * a template definition (kept once per chunk, referred to by chunk offset) and an array of typed
 * substitution values. Rather than build the XML we walk the template's tokens with the values and
 * keep only System/EventID, System/TimeCreated/@SystemTime and EventData/Data[@Name]. Every offset
 * is checked against the chunk; nesting and the tokens walked per record are bounded, so a hostile
 * file costs at most a fixed amount of work per chunk. */
#include "evtx.h"
#include "../core/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVTX_MAX_DEPTH 32          /* element nesting kept */
#define EVTX_MAX_NEST 8            /* template instances within template instances */
#define EVTX_MAX_TOKENS (1u << 16) /* tokens walked per record: a chunk holds fewer bytes */

static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t le64(const unsigned char *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

/* CRC-32 (IEEE 802.3, reflected 0xEDB88320), one byte at a time: the table zlib uses. */
static const uint32_t crc_table[256] = {
	0x00000000u, 0x77073096u, 0xee0e612cu, 0x990951bau, 0x076dc419u, 0x706af48fu,
	0xe963a535u, 0x9e6495a3u, 0x0edb8832u, 0x79dcb8a4u, 0xe0d5e91eu, 0x97d2d988u,
	0x09b64c2bu, 0x7eb17cbdu, 0xe7b82d07u, 0x90bf1d91u, 0x1db71064u, 0x6ab020f2u,
	0xf3b97148u, 0x84be41deu, 0x1adad47du, 0x6ddde4ebu, 0xf4d4b551u, 0x83d385c7u,
	0x136c9856u, 0x646ba8c0u, 0xfd62f97au, 0x8a65c9ecu, 0x14015c4fu, 0x63066cd9u,
	0xfa0f3d63u, 0x8d080df5u, 0x3b6e20c8u, 0x4c69105eu, 0xd56041e4u, 0xa2677172u,
	0x3c03e4d1u, 0x4b04d447u, 0xd20d85fdu, 0xa50ab56bu, 0x35b5a8fau, 0x42b2986cu,
	0xdbbbc9d6u, 0xacbcf940u, 0x32d86ce3u, 0x45df5c75u, 0xdcd60dcfu, 0xabd13d59u,
	0x26d930acu, 0x51de003au, 0xc8d75180u, 0xbfd06116u, 0x21b4f4b5u, 0x56b3c423u,
	0xcfba9599u, 0xb8bda50fu, 0x2802b89eu, 0x5f058808u, 0xc60cd9b2u, 0xb10be924u,
	0x2f6f7c87u, 0x58684c11u, 0xc1611dabu, 0xb6662d3du, 0x76dc4190u, 0x01db7106u,
	0x98d220bcu, 0xefd5102au, 0x71b18589u, 0x06b6b51fu, 0x9fbfe4a5u, 0xe8b8d433u,
	0x7807c9a2u, 0x0f00f934u, 0x9609a88eu, 0xe10e9818u, 0x7f6a0dbbu, 0x086d3d2du,
	0x91646c97u, 0xe6635c01u, 0x6b6b51f4u, 0x1c6c6162u, 0x856530d8u, 0xf262004eu,
	0x6c0695edu, 0x1b01a57bu, 0x8208f4c1u, 0xf50fc457u, 0x65b0d9c6u, 0x12b7e950u,
	0x8bbeb8eau, 0xfcb9887cu, 0x62dd1ddfu, 0x15da2d49u, 0x8cd37cf3u, 0xfbd44c65u,
	0x4db26158u, 0x3ab551ceu, 0xa3bc0074u, 0xd4bb30e2u, 0x4adfa541u, 0x3dd895d7u,
	0xa4d1c46du, 0xd3d6f4fbu, 0x4369e96au, 0x346ed9fcu, 0xad678846u, 0xda60b8d0u,
	0x44042d73u, 0x33031de5u, 0xaa0a4c5fu, 0xdd0d7cc9u, 0x5005713cu, 0x270241aau,
	0xbe0b1010u, 0xc90c2086u, 0x5768b525u, 0x206f85b3u, 0xb966d409u, 0xce61e49fu,
	0x5edef90eu, 0x29d9c998u, 0xb0d09822u, 0xc7d7a8b4u, 0x59b33d17u, 0x2eb40d81u,
	0xb7bd5c3bu, 0xc0ba6cadu, 0xedb88320u, 0x9abfb3b6u, 0x03b6e20cu, 0x74b1d29au,
	0xead54739u, 0x9dd277afu, 0x04db2615u, 0x73dc1683u, 0xe3630b12u, 0x94643b84u,
	0x0d6d6a3eu, 0x7a6a5aa8u, 0xe40ecf0bu, 0x9309ff9du, 0x0a00ae27u, 0x7d079eb1u,
	0xf00f9344u, 0x8708a3d2u, 0x1e01f268u, 0x6906c2feu, 0xf762575du, 0x806567cbu,
	0x196c3671u, 0x6e6b06e7u, 0xfed41b76u, 0x89d32be0u, 0x10da7a5au, 0x67dd4accu,
	0xf9b9df6fu, 0x8ebeeff9u, 0x17b7be43u, 0x60b08ed5u, 0xd6d6a3e8u, 0xa1d1937eu,
	0x38d8c2c4u, 0x4fdff252u, 0xd1bb67f1u, 0xa6bc5767u, 0x3fb506ddu, 0x48b2364bu,
	0xd80d2bdau, 0xaf0a1b4cu, 0x36034af6u, 0x41047a60u, 0xdf60efc3u, 0xa867df55u,
	0x316e8eefu, 0x4669be79u, 0xcb61b38cu, 0xbc66831au, 0x256fd2a0u, 0x5268e236u,
	0xcc0c7795u, 0xbb0b4703u, 0x220216b9u, 0x5505262fu, 0xc5ba3bbeu, 0xb2bd0b28u,
	0x2bb45a92u, 0x5cb36a04u, 0xc2d7ffa7u, 0xb5d0cf31u, 0x2cd99e8bu, 0x5bdeae1du,
	0x9b64c2b0u, 0xec63f226u, 0x756aa39cu, 0x026d930au, 0x9c0906a9u, 0xeb0e363fu,
	0x72076785u, 0x05005713u, 0x95bf4a82u, 0xe2b87a14u, 0x7bb12baeu, 0x0cb61b38u,
	0x92d28e9bu, 0xe5d5be0du, 0x7cdcefb7u, 0x0bdbdf21u, 0x86d3d2d4u, 0xf1d4e242u,
	0x68ddb3f8u, 0x1fda836eu, 0x81be16cdu, 0xf6b9265bu, 0x6fb077e1u, 0x18b74777u,
	0x88085ae6u, 0xff0f6a70u, 0x66063bcau, 0x11010b5cu, 0x8f659effu, 0xf862ae69u,
	0x616bffd3u, 0x166ccf45u, 0xa00ae278u, 0xd70dd2eeu, 0x4e048354u, 0x3903b3c2u,
	0xa7672661u, 0xd06016f7u, 0x4969474du, 0x3e6e77dbu, 0xaed16a4au, 0xd9d65adcu,
	0x40df0b66u, 0x37d83bf0u, 0xa9bcae53u, 0xdebb9ec5u, 0x47b2cf7fu, 0x30b5ffe9u,
	0xbdbdf21cu, 0xcabac28au, 0x53b39330u, 0x24b4a3a6u, 0xbad03605u, 0xcdd70693u,
	0x54de5729u, 0x23d967bfu, 0xb3667a2eu, 0xc4614ab8u, 0x5d681b02u, 0x2a6f2b94u,
	0xb40bbe37u, 0xc30c8ea1u, 0x5a05df1bu, 0x2d02ef8du,
};

uint32_t evtx_crc32(const unsigned char *p, size_t n, uint32_t crc)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

int64_t evtx_filetime_epoch(uint64_t ft)
{
	return (int64_t)(ft / 10000000u) - INT64_C(11644473600);
}

const char *evtx_event_data(const struct evtx_event *ev, const char *name)
{
	for (size_t i = 0; i < ev->n_data; i++)
		if (!strcmp(ev->data[i].name, name))
			return ev->data[i].value;
	return NULL;
}

/* ---- text ----------------------------------------------------------------------------------- */

/* Appends to a bounded UTF-8 buffer; a character that does not fit whole is dropped. */
struct text {
	char *s;
	size_t cap, len;
};

static void text_put(struct text *t, const char *bytes, size_t n)
{
	if (t->len + n >= t->cap)
		return;
	memcpy(t->s + t->len, bytes, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void text_printf(struct text *t, const char *fmt, unsigned long long a, unsigned long long b)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, fmt, a, b);
	if (n > 0)
		text_put(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* UTF-16LE (nchars code units) to UTF-8; a stray surrogate becomes U+FFFD; NUL ends it. */
static void text_utf16(struct text *t, const unsigned char *p, size_t nchars)
{
	for (size_t i = 0; i < nchars; i++) {
		uint32_t c = le16(p + 2 * i);
		if (c == 0)
			break;
		if (c >= 0xD800 && c < 0xDC00 && i + 1 < nchars) {
			uint32_t lo = le16(p + 2 * (i + 1));
			if (lo >= 0xDC00 && lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				i++;
			} else {
				c = 0xFFFD;
			}
		} else if (c >= 0xD800 && c < 0xE000) {
			c = 0xFFFD;
		}
		char u[4];
		size_t n;
		if (c < 0x80) {
			u[0] = (char)c;
			n = 1;
		} else if (c < 0x800) {
			u[0] = (char)(0xC0 | c >> 6);
			u[1] = (char)(0x80 | (c & 0x3F));
			n = 2;
		} else if (c < 0x10000) {
			u[0] = (char)(0xE0 | c >> 12);
			u[1] = (char)(0x80 | (c >> 6 & 0x3F));
			u[2] = (char)(0x80 | (c & 0x3F));
			n = 3;
		} else {
			u[0] = (char)(0xF0 | c >> 18);
			u[1] = (char)(0x80 | (c >> 12 & 0x3F));
			u[2] = (char)(0x80 | (c >> 6 & 0x3F));
			u[3] = (char)(0x80 | (c & 0x3F));
			n = 4;
		}
		text_put(t, u, n);
	}
}

/* ---- the walk ------------------------------------------------------------------------------- */

enum {
	TOK_EOF = 0x00,
	TOK_OPEN_START = 0x01,
	TOK_CLOSE_START = 0x02,
	TOK_CLOSE_EMPTY = 0x03,
	TOK_END = 0x04,
	TOK_VALUE = 0x05,
	TOK_ATTRIBUTE = 0x06,
	TOK_CDATA = 0x07,
	TOK_CHARREF = 0x08,
	TOK_ENTITYREF = 0x09,
	TOK_PI_TARGET = 0x0a,
	TOK_PI_DATA = 0x0b,
	TOK_TEMPLATE = 0x0c,
	TOK_SUBST = 0x0d,
	TOK_OPT_SUBST = 0x0e,
	TOK_FRAGMENT = 0x0f,
};

/* What an element is to us. */
enum role { ROLE_OTHER, ROLE_EVENT_ID, ROLE_TIME_CREATED, ROLE_DATA };

struct element {
	enum role role;
	char data_name[EVTX_NAME_MAX];
	char value[EVTX_VALUE_MAX];
	size_t value_len;
};

struct subst {
	const unsigned char *p; /* in the chunk */
	uint16_t size;
	uint8_t type;
};

struct walk {
	const unsigned char *chunk;
	struct evtx_event *ev;
	unsigned tokens;
	int depth; /* elements open */
	struct element stack[EVTX_MAX_DEPTH];
	const char *err;
};

/* A value is read into this; which element/attribute it belongs to decides where it goes. */
struct sink {
	struct text t;
	char buf[EVTX_VALUE_MAX];
	bool filetime_set;
	uint64_t filetime;
};

static void sink_init(struct sink *k)
{
	k->buf[0] = '\0';
	k->t = (struct text){ k->buf, sizeof k->buf, 0 };
	k->filetime_set = false;
}

static int walk_fragment(struct walk *w, size_t off, size_t end, const struct subst *subs,
			 size_t nsubs, int nest, size_t *consumed);

/* A chunk-relative name (the string table entry: next offset 4, hash 2, length 2, UTF-16). */
static bool read_name(struct walk *w, uint32_t name_off, char *out, size_t outlen)
{
	if (name_off < 512 || (size_t)name_off + 8 > EVTX_CHUNK_SIZE)
		return false;
	size_t n = le16(w->chunk + name_off + 6);
	if ((size_t)name_off + 8 + 2 * n > EVTX_CHUNK_SIZE)
		return false;
	struct text t = { out, outlen, 0 };
	out[0] = '\0';
	text_utf16(&t, w->chunk + name_off + 8, n);
	return true;
}

/* A name reference at *off: a chunk offset, and the name itself right after when it is defined
 * here for the first time. Advances *off past both. */
static bool name_ref(struct walk *w, size_t *off, size_t end, char *out, size_t outlen)
{
	if (*off + 4 > end)
		return false;
	uint32_t name_off = le32(w->chunk + *off);
	*off += 4;
	if (name_off == *off) {
		if (*off + 8 > end)
			return false;
		size_t n = le16(w->chunk + *off + 6);
		if (*off + 8 + 2 * (n + 1) > end)
			return false;
		*off += 8 + 2 * (n + 1);
	}
	return read_name(w, name_off, out, outlen);
}

static void format_sid(struct text *t, const unsigned char *p, size_t n)
{
	if (n < 8 || (size_t)8 + 4 * p[1] > n)
		return;
	uint64_t auth = 0;
	for (int i = 2; i < 8; i++)
		auth = auth << 8 | p[i];
	text_printf(t, "S-%llu-%llu", p[0], auth);
	for (size_t i = 0; i < p[1]; i++)
		text_printf(t, "-%llu%.0llu", le32(p + 8 + 4 * i), 0);
}

static void format_filetime(struct text *t, uint64_t ft)
{
	int64_t secs = evtx_filetime_epoch(ft);
	unsigned frac = (unsigned)(ft % 10000000u);
	int64_t days = secs / 86400, rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	/* civil from days (Howard Hinnant's algorithm) */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	char buf[64];
	int n = snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%07uZ", (long long)y, m,
			 d, (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60), (unsigned)(rem % 60),
			 frac);
	if (n > 0 && (size_t)n < sizeof buf)
		text_put(t, buf, (size_t)n);
}

/* A typed value of size bytes at p (a substitution or an inline value) into the sink. */
static int put_value(struct walk *w, struct sink *k, uint8_t type, const unsigned char *p,
		     size_t size, int nest)
{
	struct text *t = &k->t;
	switch (type) {
	case 0x00:
		return 0;
	case 0x01:
		text_utf16(t, p, size / 2);
		return 0;
	case 0x02: {
		size_t n = strnlen((const char *)p, size);
		for (size_t i = 0; i < n; i++)
			if ((p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\t')
				text_put(t, (const char *)p + i, 1);
		return 0;
	}
	case 0x03:
		if (size >= 1)
			text_printf(t, "%lld%.0llu", (unsigned long long)(long long)(int8_t)p[0], 0);
		return 0;
	case 0x04:
		if (size >= 1)
			text_printf(t, "%llu%.0llu", p[0], 0);
		return 0;
	case 0x05:
		if (size >= 2)
			text_printf(t, "%lld%.0llu", (unsigned long long)(long long)(int16_t)le16(p), 0);
		return 0;
	case 0x06:
		if (size >= 2)
			text_printf(t, "%llu%.0llu", le16(p), 0);
		return 0;
	case 0x07:
		if (size >= 4)
			text_printf(t, "%lld%.0llu", (unsigned long long)(long long)(int32_t)le32(p), 0);
		return 0;
	case 0x08:
		if (size >= 4)
			text_printf(t, "%llu%.0llu", le32(p), 0);
		return 0;
	case 0x09:
		if (size >= 8)
			text_printf(t, "%lld%.0llu", le64(p), 0);
		return 0;
	case 0x0a:
		if (size >= 8)
			text_printf(t, "%llu%.0llu", le64(p), 0);
		return 0;
	case 0x0d:
		if (size >= 4)
			text_put(t, le32(p) ? "true" : "false", le32(p) ? 4 : 5);
		return 0;
	case 0x0e:
		for (size_t i = 0; i < size; i++)
			text_printf(t, "%02llX%.0llu", p[i], 0);
		return 0;
	case 0x0f:
		if (size >= 16) {
			char buf[48];
			snprintf(buf, sizeof buf, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
				 (unsigned)le32(p), le16(p + 4), le16(p + 6), p[8], p[9], p[10], p[11],
				 p[12], p[13], p[14], p[15]);
			text_put(t, buf, strlen(buf));
		}
		return 0;
	case 0x10:
		if (size == 4)
			text_printf(t, "0x%08llx%.0llu", le32(p), 0);
		else if (size >= 8)
			text_printf(t, "0x%016llx%.0llu", le64(p), 0);
		return 0;
	case 0x11:
		if (size >= 8) {
			k->filetime_set = true;
			k->filetime = le64(p);
			format_filetime(t, k->filetime);
		}
		return 0;
	case 0x13:
		format_sid(t, p, size);
		return 0;
	case 0x14:
		if (size >= 4)
			text_printf(t, "0x%08llx%.0llu", le32(p), 0);
		return 0;
	case 0x15:
		if (size >= 8)
			text_printf(t, "0x%016llx%.0llu", le64(p), 0);
		return 0;
	case 0x21: {
		/* Binary XML inside a value: its own fragment, walked in place */
		size_t start = (size_t)(p - w->chunk), used = 0;
		return walk_fragment(w, start, start + size, NULL, 0, nest + 1, &used);
	}
	default:
		return 0; /* floats, SYSTEMTIME, arrays: not needed, left empty */
	}
}

static struct element *top(struct walk *w)
{
	return w->depth > 0 && w->depth <= EVTX_MAX_DEPTH ? &w->stack[w->depth - 1] : NULL;
}

static void keep_text(struct element *e, const struct sink *k)
{
	if (!e || e->role == ROLE_OTHER)
		return;
	size_t n = k->t.len;
	if (e->value_len + n >= sizeof e->value)
		return;
	memcpy(e->value + e->value_len, k->buf, n);
	e->value_len += n;
	e->value[e->value_len] = '\0';
}

/* One content or attribute value token at *off (value, substitution, char/entity reference),
 * into k. Returns 1 when the token was a value, 0 when it is something else (not consumed), -1
 * on malformed input. */
static int value_token(struct walk *w, size_t *off, size_t end, const struct subst *subs,
		       size_t nsubs, int nest, struct sink *k)
{
	if (*off >= end)
		return -1;
	uint8_t tok = w->chunk[*off] & 0xbf;
	size_t o = *off + 1;
	switch (tok) {
	case TOK_VALUE: {
		if (o + 3 > end)
			return -1;
		uint8_t type = w->chunk[o];
		size_t n = le16(w->chunk + o + 1);
		o += 3;
		if (type != 0x01 || o + 2 * n > end)
			return -1;
		text_utf16(&k->t, w->chunk + o, n);
		*off = o + 2 * n;
		return 1;
	}
	case TOK_SUBST:
	case TOK_OPT_SUBST: {
		if (o + 3 > end)
			return -1;
		uint16_t idx = le16(w->chunk + o);
		*off = o + 3;
		if (idx < nsubs && put_value(w, k, subs[idx].type, subs[idx].p, subs[idx].size,
					     nest) < 0)
			return -1;
		return 1;
	}
	case TOK_CHARREF:
		if (o + 2 > end)
			return -1;
		{
			uint16_t c = le16(w->chunk + o);
			unsigned char u[2] = { (unsigned char)(c & 0xff), (unsigned char)(c >> 8) };
			text_utf16(&k->t, u, 1);
		}
		*off = o + 2;
		return 1;
	case TOK_ENTITYREF: {
		char name[16];
		if (!name_ref(w, &o, end, name, sizeof name))
			return -1;
		static const char *const ents[][2] = { { "amp", "&" }, { "lt", "<" }, { "gt", ">" },
						      { "quot", "\"" }, { "apos", "'" } };
		for (size_t i = 0; i < sizeof ents / sizeof ents[0]; i++)
			if (!strcmp(name, ents[i][0]))
				text_put(&k->t, ents[i][1], 1);
		*off = o;
		return 1;
	}
	default:
		return 0;
	}
}

/* A template instance at *off (after its token): the definition (here or elsewhere in the
 * chunk), the substitution array after it, then the definition walked with those values. */
static int template_instance(struct walk *w, size_t *off, size_t end, int nest)
{
	size_t o = *off;
	if (o + 9 > end)
		return -1;
	uint32_t def = le32(w->chunk + o + 5);
	o += 9;
	if (def < 512 || (size_t)def + 24 > EVTX_CHUNK_SIZE)
		return -1;
	size_t def_size = le32(w->chunk + def + 20);
	if (def_size > EVTX_CHUNK_SIZE - def - 24)
		return -1;
	if (def == o) { /* the definition is stored here, the first time the chunk uses it */
		if (o + 24 + def_size > end)
			return -1;
		o += 24 + def_size;
	}
	if (o + 4 > end)
		return -1;
	uint32_t n = le32(w->chunk + o);
	o += 4;
	if (n > (end - o) / 4)
		return -1;
	struct subst subs_local[64];
	struct subst *subs = subs_local;
	size_t kept = n < 64 ? n : 64; /* EventData beyond 64 values is not needed */
	size_t vo = o + 4 * (size_t)n;
	for (uint32_t i = 0; i < n; i++) {
		uint16_t size = le16(w->chunk + o + 4 * i);
		uint8_t type = w->chunk[o + 4 * i + 2];
		if (vo + size > end)
			return -1;
		if (i < kept)
			subs[i] = (struct subst){ w->chunk + vo, size, type };
		vo += size;
	}
	*off = vo;
	size_t used = 0;
	return walk_fragment(w, def + 24, def + 24 + def_size, subs, kept, nest + 1, &used);
}

static enum role role_of(const char *name)
{
	if (!strcmp(name, "EventID"))
		return ROLE_EVENT_ID;
	if (!strcmp(name, "TimeCreated"))
		return ROLE_TIME_CREATED;
	if (!strcmp(name, "Data"))
		return ROLE_DATA;
	return ROLE_OTHER;
}

static void close_element(struct walk *w)
{
	struct element *e = top(w);
	if (e) {
		struct evtx_event *ev = w->ev;
		if (e->role == ROLE_EVENT_ID && !ev->has_event_id) {
			unsigned long v = 0;
			bool digits = e->value_len > 0 && e->value_len < 8;
			for (size_t i = 0; digits && i < e->value_len; i++) {
				if (e->value[i] < '0' || e->value[i] > '9')
					digits = false;
				else
					v = v * 10 + (unsigned long)(e->value[i] - '0');
			}
			if (digits && v <= 0xffff) {
				ev->has_event_id = true;
				ev->event_id = (uint32_t)v;
			}
		} else if (e->role == ROLE_DATA && e->data_name[0] && ev->n_data < EVTX_MAX_DATA) {
			struct evtx_data *d = &ev->data[ev->n_data++];
			snprintf(d->name, sizeof d->name, "%s", e->data_name);
			snprintf(d->value, sizeof d->value, "%s", e->value);
		}
	}
	if (w->depth > 0)
		w->depth--;
}

/* An element from its token to its end: name, attributes, content. */
static int element(struct walk *w, size_t *off, size_t end, const struct subst *subs,
		   size_t nsubs, int nest)
{
	if (w->depth >= EVTX_MAX_DEPTH)
		return -1; /* deeper than any event: refuse rather than recurse */
	uint8_t tok = w->chunk[*off];
	size_t o = *off + 1 + 2; /* token, dependency identifier */
	if (o + 4 > end)
		return -1;
	size_t elem_size = le32(w->chunk + o);
	o += 4;
	if (elem_size > end - o)
		return -1;
	char name[EVTX_NAME_MAX];
	if (!name_ref(w, &o, end, name, sizeof name))
		return -1;
	if (tok & 0x40) {
		if (o + 4 > end)
			return -1;
		o += 4; /* the attribute list's size */
	}
	w->depth++;
	struct element *e = top(w);
	if (e) {
		e->role = role_of(name);
		e->data_name[0] = '\0';
		e->value[0] = '\0';
		e->value_len = 0;
	}
	/* attributes */
	while (o < end && (w->chunk[o] & 0xbf) == TOK_ATTRIBUTE) {
		if (++w->tokens > EVTX_MAX_TOKENS)
			return -1;
		uint8_t atok = w->chunk[o];
		o++;
		char aname[EVTX_NAME_MAX];
		if (!name_ref(w, &o, end, aname, sizeof aname))
			return -1;
		struct sink k;
		sink_init(&k);
		int rc;
		do {
			uint8_t vt = o < end ? w->chunk[o] : 0;
			rc = value_token(w, &o, end, subs, nsubs, nest, &k);
			if (rc <= 0 || !(vt & 0x40))
				break;
		} while (++w->tokens <= EVTX_MAX_TOKENS);
		if (rc < 0)
			return -1;
		if (e && e->role == ROLE_DATA && !strcmp(aname, "Name"))
			snprintf(e->data_name, sizeof e->data_name, "%s", k.buf);
		if (e && e->role == ROLE_TIME_CREATED && !strcmp(aname, "SystemTime") &&
		    k.filetime_set && !w->ev->has_time) {
			w->ev->has_time = true;
			w->ev->time_created = k.filetime;
		}
		if (!(atok & 0x40))
			break;
	}
	if (o >= end)
		return -1;
	uint8_t close = w->chunk[o++];
	if (close == TOK_CLOSE_EMPTY) {
		close_element(w);
		*off = o;
		return 0;
	}
	if (close != TOK_CLOSE_START)
		return -1;
	/* content until the end element */
	while (o < end) {
		if (++w->tokens > EVTX_MAX_TOKENS)
			return -1;
		uint8_t c = w->chunk[o] & 0xbf;
		if (c == TOK_END) {
			close_element(w);
			*off = o + 1;
			return 0;
		}
		if (c == TOK_OPEN_START) {
			if (element(w, &o, end, subs, nsubs, nest) < 0)
				return -1;
			continue;
		}
		struct sink k;
		sink_init(&k);
		int rc = value_token(w, &o, end, subs, nsubs, nest, &k);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			keep_text(top(w), &k);
			continue;
		}
		size_t used = 0;
		switch (c) {
		case TOK_CDATA:
		case TOK_PI_DATA:
			if (o + 3 > end)
				return -1;
			o += 3 + 2 * (size_t)le16(w->chunk + o + 1);
			break;
		case TOK_PI_TARGET: {
			char pn[EVTX_NAME_MAX];
			o++;
			if (!name_ref(w, &o, end, pn, sizeof pn))
				return -1;
			break;
		}
		case TOK_TEMPLATE:
		case TOK_FRAGMENT:
			if (walk_fragment(w, o, end, subs, nsubs, nest, &used) < 0)
				return -1;
			o += used;
			break;
		default:
			return -1;
		}
	}
	return -1;
}

/* A Binary XML fragment from off: the fragment header, then one template instance or element,
 * up to the end-of-fragment token. *consumed is the bytes walked. */
static int walk_fragment(struct walk *w, size_t off, size_t end, const struct subst *subs,
			 size_t nsubs, int nest, size_t *consumed)
{
	if (nest > EVTX_MAX_NEST || end > EVTX_CHUNK_SIZE)
		return -1;
	size_t o = off;
	while (o < end) {
		if (++w->tokens > EVTX_MAX_TOKENS)
			return -1;
		uint8_t tok = w->chunk[o] & 0xbf;
		if (tok == TOK_EOF) {
			o++;
			break;
		}
		if (tok == TOK_FRAGMENT) {
			o += 4;
			continue;
		}
		if (tok == TOK_TEMPLATE) {
			o++;
			if (template_instance(w, &o, end, nest) < 0)
				return -1;
			continue;
		}
		if (tok == TOK_OPEN_START) {
			int depth = w->depth;
			if (element(w, &o, end, subs, nsubs, nest) < 0)
				return -1;
			w->depth = depth;
			continue;
		}
		if (tok == TOK_END && nest > 0)
			break; /* a fragment inside content ends with its parent */
		return -1;
	}
	*consumed = o - off;
	return 0;
}

/* ---- chunks and records ---------------------------------------------------------------------- */

int evtx_parse_chunk(const unsigned char *chunk, size_t len, evtx_event_fn cb, void *arg,
		     struct evtx_stats *stats, char *why, size_t whylen)
{
	if (len != EVTX_CHUNK_SIZE || memcmp(chunk, "ElfChnk", 8) != 0) {
		snprintf(why, whylen, "%s", _("no chunk signature"));
		return -1;
	}
	uint32_t hcrc = evtx_crc32(chunk, 120, 0);
	hcrc = evtx_crc32(chunk + 128, 384, hcrc);
	if (hcrc != le32(chunk + 124)) {
		snprintf(why, whylen, "%s", _("chunk header CRC32 mismatch"));
		return -1;
	}
	uint32_t free_off = le32(chunk + 48);
	if (free_off < 512 || free_off > EVTX_CHUNK_SIZE) {
		snprintf(why, whylen, "%s", _("chunk free space offset out of range"));
		return -1;
	}
	if (evtx_crc32(chunk + 512, free_off - 512, 0) != le32(chunk + 52)) {
		snprintf(why, whylen, "%s", _("chunk records CRC32 mismatch"));
		return -1;
	}
	size_t off = 512;
	while (off + 28 <= free_off) {
		const unsigned char *r = chunk + off;
		if (memcmp(r, "\x2a\x2a\0\0", 4) != 0)
			break;
		uint32_t size = le32(r + 4);
		if (size < 28 || size > free_off - off || le32(r + size - 4) != size)
			break;
		struct walk w = { .chunk = chunk };
		struct evtx_event ev;
		ev.record_id = le64(r + 8);
		ev.written = le64(r + 16);
		ev.has_event_id = ev.has_time = false;
		ev.event_id = 0;
		ev.time_created = 0;
		ev.n_data = 0;
		w.ev = &ev;
		size_t used = 0;
		if (walk_fragment(&w, off + 24, off + size - 4, NULL, 0, 0, &used) < 0 ||
		    !ev.has_event_id) {
			stats->bad_records++;
		} else {
			if (!ev.has_time)
				ev.time_created = ev.written;
			stats->records++;
			int rc = cb(&ev, arg);
			if (rc)
				return rc;
		}
		off += size;
	}
	return 0;
}

int evtx_read(evtx_read_fn read, void *src, uint64_t max_chunks, evtx_event_fn cb, void *arg,
	      struct evtx_stats *stats, char *why, size_t whylen)
{
	memset(stats, 0, sizeof *stats);
	static const size_t hdr_len = 128;
	unsigned char hdr[128];
	if (read(src, 0, hdr, hdr_len) != (long)hdr_len || memcmp(hdr, "ElfFile", 8) != 0) {
		snprintf(why, whylen, "%s", _("not an .evtx file (no ElfFile header)"));
		return -1;
	}
	if (evtx_crc32(hdr, 120, 0) != le32(hdr + 124)) {
		snprintf(why, whylen, "%s", _("the file header's CRC32 does not match"));
		return -1;
	}
	uint32_t flags = le32(hdr + 120);
	stats->dirty = flags & 1;
	stats->full = (flags & 2) != 0;
	uint32_t block = le16(hdr + 40);
	if (block < hdr_len)
		block = EVTX_HEADER_SIZE;
	unsigned char *chunk = malloc(EVTX_CHUNK_SIZE);
	if (!chunk) {
		snprintf(why, whylen, "%s", _("out of memory"));
		return -1;
	}
	int ret = 0;
	/* A log that has wrapped starts at its oldest chunk: read from there round to it, so that
	 * records come oldest first; chunks past the header's count (it is 16 bits) follow. */
	uint64_t oldest = le64(hdr + 8), count = le16(hdr + 42);
	if (oldest >= count)
		oldest = 0;
	for (uint64_t i = 0; !max_chunks || i < max_chunks; i++) {
		uint64_t at = i < count ? (oldest + i) % count : i;
		long got = read(src, (uint64_t)block + at * EVTX_CHUNK_SIZE, chunk, EVTX_CHUNK_SIZE);
		if (got < 0) {
			snprintf(why, whylen, "%s", _("read error"));
			ret = -1;
			break;
		}
		if (got < (long)EVTX_CHUNK_SIZE) {
			if (i < count)
				continue; /* the header counts more chunks than the file holds */
			break;
		}
		if (memcmp(chunk, "ElfChnk", 8) != 0) {
			static const unsigned char zero[8];
			if (memcmp(chunk, zero, sizeof zero) != 0)
				stats->bad_chunks++; /* damaged; zeros are a chunk not used yet */
			continue;
		}
		char cwhy[128];
		int rc = evtx_parse_chunk(chunk, EVTX_CHUNK_SIZE, cb, arg, stats, cwhy, sizeof cwhy);
		if (rc < 0) {
			stats->bad_chunks++;
			continue;
		}
		stats->chunks++;
		if (rc) {
			ret = rc;
			break;
		}
	}
	free(chunk);
	return ret;
}
