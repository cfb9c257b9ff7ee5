/* A JSON string for text from the audited system (defined in json.c, shared with sarif.c). */
#ifndef KENSA_JSON_TEXT_H
#define KENSA_JSON_TEXT_H
#include <jansson.h>

/* jansson refuses invalid UTF-8 and data from the audited system may be anything: s (not NULL)
 * as a JSON string, or, when it is not valid UTF-8, with every byte >= 0x80 replaced by '?'. */
json_t *report_json_text(const char *s);

#endif
