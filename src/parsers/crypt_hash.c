/* crypt(5) hash identification: the prefix table mirrors libxcrypt's hashes.conf (names and the
 * STRONG flag); cost parameters are decoded as libxcrypt decodes them. */
#include "crypt_hash.h"
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum cost_parser { PARSE_NONE, PARSE_SHA, PARSE_BCRYPT, PARSE_YESCRYPT, PARSE_SCRYPT };

struct prefixed_method {
	const char *prefix;
	const char *name;
	bool strong;
	enum cost_parser parser;
};

/* Longer prefixes before the shorter ones they start with ("$argon2id$" before "$argon2i$" is not
 * needed as each ends in '$', but "$md5" has two spellings). Order otherwise follows hashes.conf. */
static const struct prefixed_method prefixed[] = {
	{ "$y$", "yescrypt", true, PARSE_YESCRYPT },
	{ "$gy$", "gost-yescrypt", true, PARSE_YESCRYPT },
	{ "$sm3y$", "sm3-yescrypt", true, PARSE_YESCRYPT },
	{ "$argon2id$", "argon2id", true, PARSE_NONE },
	{ "$argon2i$", "argon2i", true, PARSE_NONE },
	{ "$argon2d$", "argon2d", true, PARSE_NONE },
	{ "$argon2ds$", "argon2ds", true, PARSE_NONE },
	{ "$7$", "scrypt", true, PARSE_SCRYPT },
	{ "$2b$", "bcrypt", true, PARSE_BCRYPT },
	{ "$2y$", "bcrypt-y", true, PARSE_BCRYPT },
	{ "$2a$", "bcrypt-a", true, PARSE_BCRYPT },
	{ "$2x$", "bcrypt-x", false, PARSE_BCRYPT },
	{ "$6$", "sha512crypt", true, PARSE_SHA },
	{ "$5$", "sha256crypt", false, PARSE_SHA },
	{ "$sha1$", "sha1crypt", false, PARSE_NONE },
	{ "$md5$", "sunmd5", false, PARSE_NONE },
	{ "$md5,", "sunmd5", false, PARSE_NONE },
	{ "$1$", "md5crypt", false, PARSE_NONE },
	{ "$3$", "nt", false, PARSE_NONE },
};

const char *const crypt_method_names[] = {
	"yescrypt", "gost-yescrypt", "sm3-yescrypt", "argon2id", "argon2i", "argon2d", "argon2ds",
	"scrypt", "bcrypt", "bcrypt-y", "bcrypt-a", "bcrypt-x", "sha512crypt", "sha256crypt",
	"sha1crypt", "sunmd5", "md5crypt", "nt", "bsdicrypt", "bigcrypt", "descrypt", NULL,
};

const char *crypt_method_setting(const char *name)
{
	for (size_t i = 0; i < sizeof prefixed / sizeof prefixed[0]; i++)
		if (strcmp(prefixed[i].name, name) == 0)
			return prefixed[i].prefix;
	if (strcmp(name, "bsdicrypt") == 0)
		return "_";
	if (strcmp(name, "descrypt") == 0 || strcmp(name, "bigcrypt") == 0)
		return "..";
	return NULL;
}

bool crypt_method_strong(const char *name)
{
	for (size_t i = 0; i < sizeof prefixed / sizeof prefixed[0]; i++)
		if (strcmp(prefixed[i].name, name) == 0)
			return prefixed[i].strong;
	return false;
}

bool crypt_method_name_known(const char *name)
{
	for (size_t i = 0; crypt_method_names[i]; i++)
		if (strcmp(crypt_method_names[i], name) == 0)
			return true;
	return false;
}

/* The crypt base-64 alphabet "./0-9A-Za-z"; 64 for anything else. */
static unsigned atoi64(unsigned char c)
{
	if (c == '.' || c == '/')
		return c - '.';
	if (c >= '0' && c <= '9')
		return c - '0' + 2;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 12;
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 38;
	return 64;
}

static bool all_crypt_chars(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (atoi64((unsigned char)s[i]) > 63)
			return false;
	return true;
}

/* yescrypt's variable-length integer encoding: the first character's range tells how many
 * characters follow (encode64_uint32 in libxcrypt's alg-yescrypt-common.c). */
static const char *decode_varint(const char *src, uint32_t min, uint64_t *out)
{
	uint32_t start = 0, end = 47, chars = 1, bits = 0;
	unsigned c = atoi64((unsigned char)*src++);
	if (c > 63)
		return NULL;
	uint64_t v = min;
	while (c > end) {
		v += (uint64_t)(end + 1 - start) << bits;
		start = end + 1;
		end = start + (62 - end) / 2;
		chars++;
		bits += 6;
	}
	v += (uint64_t)(c - start) << bits;
	while (--chars) {
		c = atoi64((unsigned char)*src++);
		if (c > 63)
			return NULL;
		bits -= 6;
		v += (uint64_t)c << bits;
	}
	*out = v;
	return src;
}

static const char *decode_fixed30(const char *src, uint64_t *out)
{
	uint64_t v = 0;
	for (unsigned bits = 0; bits < 30; bits += 6) {
		unsigned c = atoi64((unsigned char)*src++);
		if (c > 63)
			return NULL;
		v |= (uint64_t)c << bits;
	}
	*out = v;
	return src;
}

static int floor_log2(uint64_t v)
{
	int n = -1;
	while (v) {
		v >>= 1;
		n++;
	}
	return n;
}

/* Memory-hard cost on the YESCRYPT_COST_FACTOR scale: libxcrypt's cost 1-2 use r=8, N=2^(c+9) and
 * cost 3-11 use r=32, N=2^(c+7), so c = log2(N) + log2(r) - 12 in both ranges. */
static long long memory_cost(uint64_t n_log2, uint64_t r, uint64_t p)
{
	if (n_log2 < 1 || n_log2 > 63 || r == 0 || p == 0 || r >= (1u << 30) || p >= (1u << 30) ||
	    r * p >= (1u << 30))
		return -1;
	return (long long)n_log2 + floor_log2(r * p) - 12;
}

static long long yescrypt_cost(const char *params)
{
	uint64_t flavor, n_log2, r, have, p = 1, skip;
	const char *s = decode_varint(params, 0, &flavor);
	if (!s || !(s = decode_varint(s, 1, &n_log2)) || !(s = decode_varint(s, 1, &r)))
		return -1;
	if (*s != '$') {
		if (!(s = decode_varint(s, 1, &have)))
			return -1;
		if ((have & 1) && !(s = decode_varint(s, 2, &p)))
			return -1;
		/* t (extra time) and g only raise the cost; NROM is a ROM size. None lowers it. */
		for (unsigned bit = 2; bit <= 8; bit <<= 1)
			if ((have & bit) && !(s = decode_varint(s, 1, &skip)))
				return -1;
	}
	if (*s != '$')
		return -1;
	return memory_cost(n_log2, r, p);
}

static long long scrypt_cost(const char *params)
{
	unsigned n_log2 = atoi64((unsigned char)params[0]);
	uint64_t r, p;
	const char *s = params + 1;
	if (n_log2 > 63 || !(s = decode_fixed30(s, &r)) || !(s = decode_fixed30(s, &p)))
		return -1;
	return memory_cost(n_log2, r, p);
}

/* sha-crypt: "rounds=N$" is optional (5000 by default); libxcrypt clamps to [1000, 999999999]. */
static long long sha_rounds(const char *params)
{
	if (strncmp(params, "rounds=", 7) != 0)
		return 5000;
	const char *digits = params + 7;
	if (*digits < '1' || *digits > '9')
		return -1; /* libxcrypt rejects an empty count or a leading zero */
	char *end;
	unsigned long long v = strtoull(digits, &end, 10);
	if (*end != '$' || end - digits > 12)
		return -1;
	if (v < 1000)
		return 1000;
	if (v > 999999999)
		return 999999999;
	return (long long)v;
}

static long long bcrypt_cost(const char *params)
{
	if (params[0] < '0' || params[0] > '9' || params[1] < '0' || params[1] > '9' ||
	    params[2] != '$')
		return -1;
	long long cost = (params[0] - '0') * 10 + (params[1] - '0');
	return cost >= 4 && cost <= 31 ? cost : -1;
}

int crypt_hash_identify(const char *hash, struct crypt_hash_info *out)
{
	memset(out, 0, sizeof *out);
	out->cost = -1;
	if (hash[0] == '$') {
		for (size_t i = 0; i < sizeof prefixed / sizeof prefixed[0]; i++) {
			const struct prefixed_method *m = &prefixed[i];
			size_t n = strlen(m->prefix);
			if (strncmp(hash, m->prefix, n) != 0)
				continue;
			out->method = m->name;
			out->strong = m->strong;
			const char *params = hash + n;
			switch (m->parser) {
			case PARSE_SHA:
				out->cost_kind = CRYPT_COST_ROUNDS;
				out->cost = sha_rounds(params);
				break;
			case PARSE_BCRYPT:
				out->cost_kind = CRYPT_COST_LOG2;
				out->cost = bcrypt_cost(params);
				break;
			case PARSE_YESCRYPT:
				out->cost_kind = CRYPT_COST_MEMORY;
				out->cost = yescrypt_cost(params);
				break;
			case PARSE_SCRYPT:
				out->cost_kind = CRYPT_COST_MEMORY;
				out->cost = scrypt_cost(params);
				break;
			default:
				out->cost_kind = CRYPT_COST_NONE;
				break;
			}
			return 0;
		}
		return -1;
	}
	size_t len = strlen(hash);
	out->cost_kind = CRYPT_COST_NONE;
	if (hash[0] == '_' && len == 20 && all_crypt_chars(hash + 1, 19)) {
		out->method = "bsdicrypt";
		return 0;
	}
	if (len == 13 && all_crypt_chars(hash, 13)) {
		out->method = "descrypt";
		return 0;
	}
	if (len > 13 && (len - 13) % 11 == 0 && all_crypt_chars(hash, len)) {
		out->method = "bigcrypt";
		return 0;
	}
	return -1;
}
