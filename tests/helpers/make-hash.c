/* Test helper: print the crypt(3) hash of PASSWORD for a new salt of the method PREFIX ("$y$",
 * "$6$", "$1$", "" for DES) at COUNT (0: the method's default), using libxcrypt's own
 * crypt_gensalt_rn and crypt_rn, so fixtures carry real hashes of known test passwords.
 * usage: make-hash PASSWORD PREFIX [COUNT] */
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: make-hash PASSWORD PREFIX [COUNT]\n");
		return 2;
	}
	unsigned long count = argc == 4 ? strtoul(argv[3], NULL, 10) : 0;
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	if (!crypt_gensalt_rn(argv[2], count, NULL, 0, setting, sizeof setting)) {
		fprintf(stderr, "make-hash: crypt_gensalt_rn(\"%s\", %lu) failed\n", argv[2], count);
		return 1;
	}
	struct crypt_data *data = calloc(1, sizeof *data);
	if (!data)
		return 1;
	const char *hash = crypt_rn(argv[1], setting, data, (int)sizeof *data);
	if (!hash || hash[0] == '*') {
		fprintf(stderr, "make-hash: crypt_rn failed for setting prefix \"%s\"\n", argv[2]);
		free(data);
		return 1;
	}
	printf("%s\n", hash);
	free(data);
	return 0;
}
