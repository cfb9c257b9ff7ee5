/* Message identities (core/msg.h) in a JSON report (schema_minor 2). Every id is written once, in
 * the report's top-level "messages" array; beside a text, "<field>_msg" refers to it:
 *   "text"            a literal, the same in every language
 *   N                 the phrase messages[N] (a msgid used as is: '%' is a character)
 *   [N, ARG, ...]     the printf format messages[N] with its arguments, each again one of these
 * Written compact, one line each: a 10,000-account report grows by a third, not twofold. */
#ifndef KENSA_MSG_JSON_H
#define KENSA_MSG_JSON_H
#include "../core/msg.h"
#include <jansson.h>
#include <stddef.h>

struct msg_table {
	char **ids;
	size_t n, cap;
	size_t *slots; /* open addressing: index + 1, 0 empty (writer only) */
	size_t n_slots;
};

/* M as JSON, its ids added to T (writer). */
json_t *msg_to_json(const struct kmsg *m, struct msg_table *t);
/* T's ids as the "messages" array. */
json_t *msg_table_to_json(const struct msg_table *t);
/* Read the "messages" array (reader): 0, or -1 with a reason (not an array of strings, a NUL). */
int msg_table_from_json(const json_t *arr, struct msg_table *t, char *err, size_t errlen);
/* The message J describes against T, or NULL with a one-line reason in err: not a string, an
 * index or an array, an index outside T, nesting deeper than KMSG_MAX_DEPTH, a format whose
 * conversions do not take the number of args given (or one kensa does not fill: %n, '*'). */
struct kmsg *msg_from_json(const json_t *j, const struct msg_table *t, char *err, size_t errlen);
void msg_table_free(struct msg_table *t);
#endif
