/* libFuzzer harness: the INI reader behind profiles, site files and checklist editions
 * (src/core/ini.c), with the list splitter the profile loader applies to values and the
 * checklist's "forms" list (src/core/forms.c). */
#include "core/forms.h"
#include "core/ini.h"
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int on_entry(void *ud, const char *section, const char *key, enum ini_op op,
		    const char *value, unsigned lineno, char *err, size_t errlen)
{
	(void)err; (void)errlen; (void)op;
	size_t *count = ud;
	if (!key) { /* a section header: announced with key and value NULL */
		if (value || !*section)
			abort();
		return 0;
	}
	if (!*key || strlen(section) >= 256 || lineno == 0 || strchr(value, '\n'))
		abort();
	char **items, *storage;
	size_t n = ini_split_list(value, &items, &storage);
	for (size_t i = 0; i < n; i++)
		if (!items[i][0] || strchr(items[i], ','))
			abort();
	free(items);
	free(storage);
	char ferr[256] = "";
	unsigned forms = checklist_forms_parse(value, "fuzz.ini", lineno, ferr, sizeof ferr);
	if (forms & ~(unsigned)(CHECKLIST_FORM_INSTITUTION | CHECKLIST_FORM_VENDOR))
		abort();
	if (!forms && strncmp(ferr, "fuzz.ini:", 9) != 0)
		abort(); /* a rejected list says where */
	(*count)++;
	return *count > 100000 ? -1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	size_t count = 0;
	err[0] = '\0';
	if (ini_parse((const char *)data, size, "fuzz.ini", on_entry, &count, err, sizeof err) != 0 &&
	    count <= 100000 && strncmp(err, "fuzz.ini", 8) != 0)
		abort(); /* every error names the file (and line) */
	return 0;
}
