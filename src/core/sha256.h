/* SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104): for password.defaults' memo of tested hashes
 * (core/defaults_memo.c). Small and self-contained: no linked library offers a public SHA-256
 * (libxcrypt keeps its own internal). Not for password hashing. */
#ifndef KENSA_SHA256_H
#define KENSA_SHA256_H
#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE 64

struct sha256 {
	uint32_t h[8];
	uint64_t bytes; /* total length so far */
	unsigned char block[SHA256_BLOCK_SIZE];
	size_t used;    /* bytes waiting in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[SHA256_DIGEST_SIZE]);
void sha256(const void *data, size_t len, unsigned char out[SHA256_DIGEST_SIZE]);

struct hmac_sha256 {
	struct sha256 inner, outer;
};

void hmac_sha256_init(struct hmac_sha256 *h, const void *key, size_t key_len);
void hmac_sha256_update(struct hmac_sha256 *h, const void *data, size_t len);
void hmac_sha256_final(struct hmac_sha256 *h, unsigned char out[SHA256_DIGEST_SIZE]);
/* A new secret key from /dev/urandom: 0, or -1 with errno. */
int hmac_random_key(unsigned char *key, size_t len);

#endif
