/* libFuzzer harness: the support-lifecycle data, os-release and the lookups
 * (src/parsers/os_lifecycle.c). */
#include "parsers/os_lifecycle.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct os_lifecycle db;
	char err[512] = "";
	if (os_lifecycle_parse(buf, size, "fuzz.ini", &db, err, sizeof err) == 0) {
		enum os_support_kind k;
		for (size_t i = 0; i < db.n; i++)
			(void)os_lifecycle_judge(&db.entries[i], 20790, 180, &k);
		(void)os_lifecycle_find_linux(&db, "debian", "12");
		(void)os_lifecycle_find_windows(&db, "26100", "Professional");
		os_lifecycle_free(&db);
	} else if (!err[0]) {
		abort(); /* every refusal says why */
	}
	struct os_release r;
	if (os_release_parse(buf, size, &r)) {
		char major[16];
		(void)os_version_major(r.version_id, major, sizeof major);
		os_release_free(&r);
	}
	return 0;
}
