/* The checklist's two forms and their names, shared by the edition loader, the site file, the
 * command line and the saved-report reader. */
#ifndef KENSA_FORMS_H
#define KENSA_FORMS_H
#include <stddef.h>

/* The checklist's forms, one bit each: the institution fills 医療機関確認用 (every section) and
 * sends 事業者確認用 (sections 1-2 in R6/R7) to each vendor, who answers it for the systems it
 * installed. An edition says which forms each section (or item) is on. */
enum checklist_form {
	CHECKLIST_FORM_INSTITUTION = 1u << 0,
	CHECKLIST_FORM_VENDOR = 1u << 1,
};

/* "institution" / "vendor" → its bit; 0 when name is no form. */
unsigned checklist_form_from_name(const char *name);
/* The bit's name ("institution", "vendor"), NULL for anything else. */
const char *checklist_form_name(unsigned form);
/* "institution, vendor" → bits; 0 and err "FILE:LINE: ..." naming the unknown word. */
unsigned checklist_forms_parse(const char *value, const char *file, unsigned lineno, char *err,
			       size_t errlen);

#endif
