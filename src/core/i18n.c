/* Message lookup: gettext, or the catalogue built into kensa where the host has none (i18n.h).
 * The choice is process-wide like gettext's own textdomain, made once by main before any
 * message is formatted. */
#include "i18n.h"
#include "embedded_data.h"
#include "mo_reader.h"
#include "msg.h"
#include <errno.h>
#include <stddef.h>
#include <string.h>

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
		t = t ? t : msgid;
		msg_note_gettext(t, msgid);
		return (char *)t;
	}
	/* the address names its msgid: a report keeps the message's identity (msg.h) */
	char *t = gettext(msgid);
	msg_note_gettext(t, msgid);
	return t;
}

/* glibc's English texts, word for word, for the errors reading a root meets */
static const struct {
	int err;
	const char *text;
} errno_texts[] = {
	{ ENOENT, N_("No such file or directory") },
	{ ENOTDIR, N_("Not a directory") },
	{ EISDIR, N_("Is a directory") },
	{ ELOOP, N_("Too many levels of symbolic links") },
	{ ENAMETOOLONG, N_("File name too long") },
	{ EIO, N_("Input/output error") },
	{ EINVAL, N_("Invalid argument") },
	{ ENOMEM, N_("Cannot allocate memory") },
	{ EMFILE, N_("Too many open files") },
	{ ENXIO, N_("No such device or address") },
	{ ENODEV, N_("No such device") },
	{ EBADF, N_("Bad file descriptor") },
	{ ENOEXEC, N_("Exec format error") },
	{ ETIMEDOUT, N_("Connection timed out") },
};

const char *kensa_strerror(int err)
{
	for (size_t i = 0; i < sizeof errno_texts / sizeof errno_texts[0]; i++)
		if (errno_texts[i].err == err)
			return kensa_gettext(errno_texts[i].text);
	return strerror(err);
}
