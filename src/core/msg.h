/* Message identities: what a check said, as its untranslated format (the msgid) and its
 * arguments, so a saved report renders again in either language (issue 17 item 8).
 *
 * A message is a tree: a literal (id NULL, text as is: a path, a value, a user name) or a
 * format with arguments, each itself a message. An argument that was a translated phrase
 * (_("enabled")) is a message of its own, with no arguments.
 *
 * The checks' API (result.h) is unchanged: result_finding(r, sev, subj, _("..."), ...) records
 * the identity itself. kensa_gettext() notes which msgid each translation it returns came from
 * (msg_note_gettext), so the format a check passes, and any %s argument that is a translated
 * phrase, is recognised by its address. A string a check composed first with
 * xasprintf(_("..."), ...) is recognised too while capture is on (msg_capture_heap): xvasprintf
 * remembers the identity of what it built, checked by content when it is looked up. */
#ifndef KENSA_MSG_H
#define KENSA_MSG_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct kmsg {
	const char *id; /* a printf format (a msgid, translated when rendered); NULL: a literal.
			 * Interned: one copy of each id for the whole process, never freed. */
	char *text; /* a literal's text */
	bool phrase; /* id is a translated phrase used as is, not a format ('%' is a character) */
	struct kmsg **args;
	size_t n_args;
};

/* Deepest nesting a message may have (a saved report is refused deeper). */
#define KMSG_MAX_DEPTH 16

/* kensa_gettext: TRANSLATED (the pointer it returns) is the translation of MSGID. */
void msg_note_gettext(const char *translated, const char *msgid);
/* The msgid whose translation is at S (exactly that address), or NULL. */
const char *msg_gettext_id(const char *s);

/* The identity of FMT formatted with AP (AP is not consumed: va_copy is used), or NULL when the
 * text carries nothing to translate (no msgid anywhere in it), or the format is one kensa does
 * not take apart (%n, %m, %ls, a '*' width). */
struct kmsg *msg_capture(const char *fmt, va_list ap);
/* The identity of a string a check passes as a subject or source: a translated phrase, or a
 * string xvasprintf built while capture was on (still holding that text); NULL otherwise. */
struct kmsg *msg_of_string(const char *s);

/* While on, xvasprintf remembers the identity of what it builds from a translated format (a
 * bounded table, by address; a later string at a reused address is told apart by content). */
void msg_capture_heap(bool on);
void msg_note_heap(const char *result, const char *fmt, va_list ap);
/* Forget every remembered heap string (and end capture). */
void msg_heap_reset(void);
/* Frees the tables of remembered translations and interned ids at exit (atexit in main):
 * nothing may use a message id after it. */
void msg_release_tables(void);

struct kmsg *msg_literal(const char *text);
/* A translated phrase: ID (a msgid) rendered as its translation, no format. */
struct kmsg *msg_phrase(const char *id);
/* A message ID with N arguments, taking ownership of ARGS[i] (a NULL argument becomes ""). */
struct kmsg *msg_make(const char *id, size_t n, struct kmsg *const *args);
/* M when non-NULL, else a literal of TEXT (NULL text: NULL). */
struct kmsg *msg_or_literal(const struct kmsg *m, const char *text);
struct kmsg *msg_copy(const struct kmsg *m);
void msg_free(struct kmsg *m);
/* True when a part of M is translated when rendered (a message with an id that is not a bare
 * literal format without conversions that are themselves translatable). */
bool msg_translatable(const struct kmsg *m);

/* M in the current language: each id through kensa_gettext, formatted with its arguments.
 * Never passes a stored format to printf. NULL when M does not fit its format (the number of
 * arguments differs from the format's conversions) in both the translation and the id. */
char *msg_render(const struct kmsg *m);

/* The number of conversions of FMT, each an argument (%% and literal text aside), or -1 when it
 * is not one msg_render can fill (positional and sequential mixed, a '*', a gap, %n). */
int msg_format_arity(const char *fmt);

#endif
