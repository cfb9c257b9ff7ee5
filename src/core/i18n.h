/* Translation macros: gettext for every user-visible string, N_ for table entries. _() goes
 * through kensa_gettext, which answers from the catalogue built into kensa when the system has
 * no catalogue or no locale for the language (i18n_use_builtin), and from gettext otherwise. */
#ifndef KENSA_I18N_H
#define KENSA_I18N_H
#include <libintl.h>
#include <stdbool.h>
char *kensa_gettext(const char *msgid) __attribute__((format_arg(1)));
/* Answer from the built-in catalogue for LANG from now on (NULL: from gettext). False when kensa
 * carries no valid catalogue for LANG (gettext keeps answering). */
bool i18n_use_builtin(const char *lang);
/* The language of the built-in catalogue in use, or NULL. */
const char *i18n_builtin_language(void);
#define _(s) kensa_gettext(s)
#define N_(s) (s)
#endif
