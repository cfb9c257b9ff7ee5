/* crypt(5) hash identification: the prefix table mirrors libxcrypt's hashes.conf (names and the
 * STRONG flag); cost parameters are decoded as libxcrypt decodes them. */
#include "crypt_hash.h"
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum cost_parser {
	PARSE_NONE,     /* cost not parsed: the work is unknown */
	PARSE_FIXED,    /* one fixed-cost computation */
	PARSE_SHA,
	PARSE_BCRYPT,
	PARSE_YESCRYPT,
	PARSE_SCRYPT,
	PARSE_SHA1,
	PARSE_SUNMD5,
};

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
	{ "$sha1$", "sha1crypt", false, PARSE_SHA1 },
	{ "$md5$", "sunmd5", false, PARSE_SUNMD5 },
	{ "$md5,", "sunmd5", false, PARSE_SUNMD5 },
	{ "$1$", "md5crypt", false, PARSE_FIXED },
	{ "$3$", "nt", false, PARSE_FIXED },
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

/* 2^n as a double, without libm (the fuzzing harnesses link this file alone). */
static double pow2(uint64_t n)
{
	double v = 1;
	while (n--)
		v *= 2;
	return v;
}

/* The parameters libxcrypt's yescrypt_decode_params() reads from a yescrypt/scrypt setting. */
struct memory_params {
	bool rw;          /* yescrypt's read-write mode (flavor >= YESCRYPT_RW); classic scrypt is not */
	uint64_t n_log2, r, p, t;
};

/* Block mixes of one hash: SMix1 fills N blocks, SMix2 then runs Nloop_all of them (smix() in
 * alg-yescrypt-opt.c: a third of N in read-write mode at t=0, 2/3 at t=1, (t-1)*N above; N,
 * 1.5N, t*N... without it), each block r units wide, p times over. */
static double memory_work(const struct memory_params *m)
{
	if (m->n_log2 < 1 || m->n_log2 > 63 || m->r == 0 || m->p == 0)
		return -1;
	double n = pow2(m->n_log2), loop;
	if (m->rw)
		loop = m->t == 0 ? n / 3 : m->t == 1 ? 2 * n / 3 : n * (double)(m->t - 1);
	else
		loop = m->t == 0 ? n : m->t == 1 ? 1.5 * n : n * (double)m->t;
	return (n + loop) * (double)m->r * (double)m->p;
}

static long long yescrypt_params(const char *params, struct memory_params *m, bool *rom)
{
	uint64_t flavor, n_log2, r, have = 0, p = 1, t = 0, g = 0, nrom = 0;
	const char *s = decode_varint(params, 0, &flavor);
	if (!s || !(s = decode_varint(s, 1, &n_log2)) || !(s = decode_varint(s, 1, &r)))
		return -1;
	if (*s != '$') {
		if (!(s = decode_varint(s, 1, &have)))
			return -1;
		if ((have & 1) && !(s = decode_varint(s, 2, &p)))
			return -1;
		/* t (extra time) and g only raise the cost; NROM is a ROM size. None lowers it. */
		if ((have & 2) && !(s = decode_varint(s, 1, &t)))
			return -1;
		if ((have & 4) && !(s = decode_varint(s, 1, &g)))
			return -1;
		if ((have & 8) && !(s = decode_varint(s, 1, &nrom)))
			return -1;
	}
	if (*s != '$')
		return -1;
	*m = (struct memory_params){ .rw = flavor >= 2, .n_log2 = n_log2, .r = r, .p = p, .t = t };
	*rom = g != 0 || nrom != 0; /* libxcrypt refuses hash upgrades; a ROM is not in crypt() */
	return memory_cost(n_log2, r, p);
}

static long long scrypt_params(const char *params, struct memory_params *m)
{
	unsigned n_log2 = atoi64((unsigned char)params[0]);
	uint64_t r, p;
	const char *s = params + 1;
	if (n_log2 > 63 || !(s = decode_fixed30(s, &r)) || !(s = decode_fixed30(s, &p)))
		return -1;
	*m = (struct memory_params){ .rw = false, .n_log2 = n_log2, .r = r, .p = p };
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

/* A decimal count as strtoul() reads it, but only plain digits (libxcrypt would also take
 * blanks and a sign; the caller then finds no '$' after the digits and calls the work unknown).
 * Saturates at ULONG_MAX (64-bit) like strtoul; the number of digits read goes to *len. */
static double decimal(const char *digits, size_t *len)
{
	double v = 0;
	size_t i = 0;
	for (; digits[i] >= '0' && digits[i] <= '9'; i++)
		if (v < 1.9e19)
			v = v * 10 + (digits[i] - '0');
	*len = i;
	if (v > 18446744073709551615.0)
		v = 18446744073709551615.0;
	return v;
}

/* sha1crypt ("$sha1$N$salt$hash", crypt-pbkdf1-sha1.c): N HMAC-SHA1 iterations, at least one,
 * with no upper bound but unsigned long's. */
static double sha1_work(const char *params)
{
	size_t n;
	double v = decimal(params, &n);
	if (params[n] != '$')
		return -1;
	return v < 1 ? 1 : v;
}

/* sunmd5 ("$md5$salt$" or "$md5,rounds=N$salt$", crypt-sunmd5.c): 4096 + N rounds in an
 * unsigned int, N at most 2^32-1 and without a leading zero. */
static double sunmd5_work(const char *params)
{
	if (strncmp(params, "rounds=", 7) != 0)
		return 4096;
	const char *digits = params + 7;
	if (*digits < '1' || *digits > '9')
		return -1;
	size_t n;
	double v = decimal(digits, &n);
	if (v > 4294967295.0 || digits[n] != '$')
		return -1;
	return (double)(uint32_t)(4096u + (uint32_t)v);
}

int crypt_hash_identify(const char *hash, struct crypt_hash_info *out)
{
	memset(out, 0, sizeof *out);
	out->cost = -1;
	out->work = -1;
	if (hash[0] == '$') {
		for (size_t i = 0; i < sizeof prefixed / sizeof prefixed[0]; i++) {
			const struct prefixed_method *m = &prefixed[i];
			size_t n = strlen(m->prefix);
			if (strncmp(hash, m->prefix, n) != 0)
				continue;
			out->method = m->name;
			out->strong = m->strong;
			const char *params = hash + n;
			struct memory_params mp;
			bool rom = false;
			switch (m->parser) {
			case PARSE_SHA:
				out->cost_kind = CRYPT_COST_ROUNDS;
				out->cost = sha_rounds(params);
				out->work = out->cost > 0 ? (double)out->cost : -1;
				break;
			case PARSE_BCRYPT:
				out->cost_kind = CRYPT_COST_LOG2;
				out->cost = bcrypt_cost(params);
				out->work = out->cost > 0 ? pow2((uint64_t)out->cost) : -1;
				break;
			case PARSE_YESCRYPT:
				out->cost_kind = CRYPT_COST_MEMORY;
				out->cost = yescrypt_params(params, &mp, &rom);
				out->work = out->cost != -1 && !rom ? memory_work(&mp) : -1;
				break;
			case PARSE_SCRYPT:
				out->cost_kind = CRYPT_COST_MEMORY;
				out->cost = scrypt_params(params, &mp);
				out->work = out->cost != -1 ? memory_work(&mp) : -1;
				break;
			case PARSE_SHA1:
				out->cost_kind = CRYPT_COST_NONE;
				out->work = sha1_work(params);
				break;
			case PARSE_SUNMD5:
				out->cost_kind = CRYPT_COST_NONE;
				out->work = sunmd5_work(params);
				break;
			case PARSE_FIXED:
				out->cost_kind = CRYPT_COST_NONE;
				out->work = 1;
				break;
			case PARSE_NONE:
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
		/* bsdicrypt: a 24-bit DES iteration count in the four characters after '_' */
		unsigned count = 0;
		for (int i = 1; i <= 4; i++)
			count |= atoi64((unsigned char)hash[i]) << ((i - 1) * 6);
		out->method = "bsdicrypt";
		out->work = count ? count : 1;
		return 0;
	}
	if (len == 13 && all_crypt_chars(hash, 13)) {
		out->method = "descrypt";
		out->work = 1;
		return 0;
	}
	if (len > 13 && (len - 13) % 11 == 0 && all_crypt_chars(hash, len)) {
		/* bigcrypt: one 25-round DES computation per eight characters of the password */
		out->method = "bigcrypt";
		out->work = (double)((len - 13) / 11 + 1);
		return 0;
	}
	return -1;
}
