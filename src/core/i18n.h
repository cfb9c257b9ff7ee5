/* Translation macros: gettext for every user-visible string, N_ for table entries. _() goes
 * through kensa_gettext, which answers from the catalogue built into kensa when the system has
 * no catalogue or no locale for the language (i18n_use_builtin), and from gettext otherwise. */
#ifndef KENSA_I18N_H
#define KENSA_I18N_H
#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
char *kensa_gettext(const char *msgid) __attribute__((format_arg(1)));
/* Answer from the built-in catalogue for LANG from now on (NULL: from gettext). False when kensa
 * carries no valid catalogue for LANG (gettext keeps answering). */
bool i18n_use_builtin(const char *lang);
/* The language of the built-in catalogue in use, or NULL. */
const char *i18n_builtin_language(void);
/* strerror(err) in the report's language with its identity (msg.h): kensa's own translation of
 * glibc's English text for the errors a check meets reading files; strerror() for the rest. */
const char *kensa_strerror(int err);
/* snprintf that keeps the identity of what it wrote while checks run (msg.h): write a translated
 * format into a buffer with this, and a finding made from the buffer ("%s") renders in either
 * language. scripts/msg-rewrite turns snprintf(buf, n, _("..."), ...) into it. */
int msg_snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define _(s) kensa_gettext(s)
#define N_(s) (s)
#endif
