/* Accepted exceptions in the JSON report, both ways: the writer (json.c) and the reader
 * (json_read.c) share these so a saved report renders its exceptions exactly like a fresh one.
 * JSON fields (docs/report.schema.json):
 *   finding.accepted          {reason, by, expires} | null   an active exception covers it
 *   finding.expired_exception {reason, by, expires}          present when one had expired
 *   exceptions                [{check, subject, reason, by, expires, state, matched}]
 *   exceptions_as_of          "YYYY-MM-DD" (Japan time) or "" */
#ifndef KENSA_EXCEPTIONS_JSON_H
#define KENSA_EXCEPTIONS_JSON_H
#include <jansson.h>
#include "report.h"

json_t *finding_exception_to_json(const struct finding_exception *x); /* NULL -> null */
json_t *exception_notes_to_json(const struct audit_report *rep);

/* Readers: 0 on success, -1 (with err) when the JSON is not what the writer writes. Absent or
 * null fields read as "no exception" (reports from before exceptions existed). */
int finding_exception_from_json(json_t *j, struct finding_exception **out, char *err,
				size_t errlen);
/* Reads the finding's "accepted" and "expired_exception" members into f. */
int finding_exceptions_from_json(json_t *finding, struct finding *f, char *err, size_t errlen);
/* Reads the report's "exceptions" and "exceptions_as_of" members into rep. */
int exception_notes_from_json(json_t *root, struct audit_report *rep, char *err, size_t errlen);

#endif
