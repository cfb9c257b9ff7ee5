/* Form names (forms.h): the one place that spells them, so an edition, --form and a saved
 * report agree. */
#include "forms.h"
#include "ini.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned checklist_form_from_name(const char *name)
{
	if (name && strcmp(name, "institution") == 0)
		return CHECKLIST_FORM_INSTITUTION;
	if (name && strcmp(name, "vendor") == 0)
		return CHECKLIST_FORM_VENDOR;
	return 0;
}

const char *checklist_form_name(unsigned form)
{
	return form == CHECKLIST_FORM_INSTITUTION ? "institution"
	       : form == CHECKLIST_FORM_VENDOR	 ? "vendor"
						 : NULL;
}

unsigned checklist_forms_parse(const char *value, const char *file, unsigned lineno, char *err,
			       size_t errlen)
{
	char **names, *storage;
	size_t n = ini_split_list(value, &names, &storage);
	unsigned forms = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned f = checklist_form_from_name(names[i]);
		if (!f) {
			snprintf(err, errlen, "%s:%u: unknown form '%s' (forms are institution, vendor)",
				 file, lineno, names[i]);
			forms = 0;
			break;
		}
		forms |= f;
	}
	if (n == 0)
		snprintf(err, errlen, "%s:%u: 'forms' names no form", file, lineno);
	free(names);
	free(storage);
	return forms;
}
