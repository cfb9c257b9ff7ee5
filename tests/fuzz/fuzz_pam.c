/* libFuzzer harness: PAM stacks (pam.d files and pam.conf) (src/parsers/pam.c). */
#include "parsers/pam.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The parsers that take a C string get the input NUL-terminated, as the checks pass it. */
static char *cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char *s = cstr(data, size);
	(void)buf;
	struct pam_file f;
	pam_parse(buf, size, false, &f);
	for (size_t i = 0; i < f.n; i++) {
		const struct pam_line *l = &f.lines[i];
		if (l->target)
			(void)pam_module_name(l->target);
		(void)pam_type_name(l->type);
		(void)pam_argv_find(l->argv, l->argc, "nullok");
		for (size_t k = 0; k < l->argc; k++)
			if (!l->argv[k])
				abort();
	}
	pam_file_free(&f);
	pam_parse(buf, size, true, &f);
	pam_file_free(&f);
	int actions[PAM_RETVAL_COUNT];
	(void)pam_parse_control(s, actions);
	free(s);
	return 0;
}
