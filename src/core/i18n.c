/* Message lookup: gettext, or the catalogue built into kensa where the host has none (i18n.h).
 * The choice is process-wide like gettext's own textdomain, made once by main before any
 * message is formatted. */
#include "i18n.h"
#include "embedded_data.h"
#include "mo_reader.h"
#include <stddef.h>

static const struct embedded_file *builtin_catalog;

bool i18n_use_builtin(const char *lang)
{
	builtin_catalog = NULL;
	if (!lang)
		return true;
	const struct embedded_file *c = embedded_catalog(lang);
	if (!c || !mo_valid(c->data, c->len))
		return false;
	builtin_catalog = c;
	return true;
}

const char *i18n_builtin_language(void)
{
	return builtin_catalog ? builtin_catalog->name : NULL;
}

char *kensa_gettext(const char *msgid)
{
	if (builtin_catalog) {
		const char *t = mo_lookup(builtin_catalog->data, builtin_catalog->len, msgid);
		return (char *)(t ? t : msgid);
	}
	return gettext(msgid);
}
