/* Translation macros: gettext for every user-visible string, N_ for table entries. */
#ifndef KENSA_I18N_H
#define KENSA_I18N_H
#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)
#endif
