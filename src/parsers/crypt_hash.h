/* crypt(5) hash strings: which method wrote a hash and at what cost, decided from its prefix and
 * parameters only. Pure functions; nothing here copies or returns the salt or the hash itself. */
#ifndef KENSA_CRYPT_HASH_H
#define KENSA_CRYPT_HASH_H
#include <stdbool.h>

enum crypt_cost_kind {
	CRYPT_COST_NONE,     /* fixed cost (md5crypt, DES) or not parsed (argon2) */
	CRYPT_COST_ROUNDS,   /* sha256crypt/sha512crypt: iteration count */
	CRYPT_COST_LOG2,     /* bcrypt: log2 of the iteration count */
	CRYPT_COST_MEMORY,   /* yescrypt/scrypt: log2(N * r * p) - 12, the YESCRYPT_COST_FACTOR scale */
};

struct crypt_hash_info {
	const char *method;  /* crypt(5) name: "yescrypt", "sha512crypt", "md5crypt", ... */
	bool strong;         /* libxcrypt's STRONG flag (hashes.conf): fit for new passwords */
	enum crypt_cost_kind cost_kind;
	long long cost;      /* the effective cost on that scale; -1 when the parameters are malformed */
	/* The work of one crypt() of this hash in units of the method's inner step, as libxcrypt
	 * runs it: sha-crypt rounds, 2^cost bcrypt key expansions, yescrypt/scrypt block mixes
	 * (r * p * the SMix loop lengths), sha1crypt HMAC iterations, sunmd5 rounds (4096 + N),
	 * bsdicrypt DES iterations, bigcrypt blocks, 1 for the fixed-cost methods (md5crypt, nt,
	 * descrypt). -1 when it cannot be known: malformed parameters, or a method whose cost is not
	 * parsed (argon2, which libxcrypt does not implement). */
	double work;
};

/* Identify HASH (no "!" lock prefix). Returns 0, or -1 when no crypt method writes this format. */
int crypt_hash_identify(const char *hash, struct crypt_hash_info *out);
/* A method name as crypt_hash_identify() reports it; used to validate profile lists. */
bool crypt_method_name_known(const char *name);
/* All known method names, NULL-terminated (for messages and documentation). */
extern const char *const crypt_method_names[];
/* A bare setting prefix that names METHOD ("$y$", "$1$", ".." for descrypt), for asking libcrypt
 * about a configured method; NULL for an unknown name. */
const char *crypt_method_setting(const char *name);
/* libxcrypt's STRONG flag for METHOD (false for unknown names). */
bool crypt_method_strong(const char *name);

#endif
