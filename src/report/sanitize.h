/* Output hygiene, in one place for every writer: text from the audited system (host names,
 * os-release, user names, GECOS, file contents in evidence) and from saved reports must not
 * drive a terminal (ESC sequences, C1 controls), reorder what a reader sees (bidirectional
 * overrides and isolates) or carry invalid UTF-8. Text-like outputs (text, checklist, CSV,
 * diff, errors on stderr) and HTML show such a code point as a visible mark, ⟨U+202E⟩; an
 * invalid byte becomes U+FFFD. JSON keeps strings exact, only made valid UTF-8. */
#ifndef KENSA_SANITIZE_H
#define KENSA_SANITIZE_H
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>

#define SANITIZE_KEEP_NEWLINE 1u /* \n passes (multi-line fields); else it is marked */
#define SANITIZE_KEEP_TAB     2u /* \t passes */
#define SANITIZE_HTML         4u /* also escape & < > " ' as HTML */

/* Write s (NULL writes nothing) cleaned as flags say. */
void sanitize_put(FILE *out, const char *s, unsigned flags);
/* The same into a new string (the caller frees). */
char *sanitize_dup(const char *s, unsigned flags);
/* s with only invalid UTF-8 bytes replaced by U+FFFD (JSON: exact otherwise). */
char *sanitize_utf8_dup(const char *s);
/* Whether s would come out of sanitize_put unchanged. */
bool sanitize_is_clean(const char *s, unsigned flags);
/* vfprintf, then sanitize_put of the result with flags: a line whose format is kensa's and
 * whose arguments may come from the audited system or a saved report (errors on stderr too). */
void sanitize_vfprintf(FILE *out, unsigned flags, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
void sanitize_fprintf(FILE *out, unsigned flags, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
