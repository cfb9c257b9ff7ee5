/* Shared pieces of the form-shaped reporters (checklist, csv, html): a row's one-line evidence,
 * its date checked, and the display width of Japanese text; and the translated status names
 * the human-readable reporters (html, text, diff) print. */
#ifndef KENSA_ROWS_H
#define KENSA_ROWS_H
#include "report.h"

/* A check status as a lower-case word ("pass", "not applicable"), translated. */
const char *report_status_word(enum check_status s);
/* A check status as an upper-case label ("PASS", "N/A"), translated. */
const char *report_status_label(enum check_status s);

/* One line saying what an answer rests on: check verdicts and findings' subjects, or who answered
 * by hand, or what a person should look at. Checks are named by id, or with titles by their
 * title in the report's language (the printed form). Caller frees. */
char *row_evidence_line(const struct item_verdict *v);
char *row_evidence_line_titled(const struct item_verdict *v, bool titles);
/* A check's title for a row: its result's, else the registry's translated title, else its id. */
const char *row_check_title(const struct item_verdict *v, const char *id);
/* The date the row was checked: the answer's date for hand answers, else the audit's as-of. */
const char *row_date_checked(const struct audit_report *rep, const struct item_verdict *v);
/* The report's time zone in words: "Japan time" for +09:00 (and for reports saved before the
 * zone was recorded, whose exception dates were Japan time), else "UTC-05:00". */
const char *report_zone_label(const struct audit_report *rep, char *buf, size_t len);
/* The check evidence a finding refers to, as labels of the check's numbered evidence: "E1–E10,
 * E12" (1-based, runs joined). NULL when it refers to none. Caller frees. */
char *finding_ref_labels(const struct finding *f);
/* Whether any finding of r refers to r's evidence (then the evidence is numbered E1, E2 …). */
bool result_has_evidence_refs(const struct check_result *r);
/* A header value of the form that a person must write in when the site file gave none:
 * s, else 「要記入」 / "(to be filled in)". Never blank. */
const char *row_or_to_fill(const char *s);
/* Terminal columns a UTF-8 string takes (CJK wide characters count two). */
size_t display_width(const char *s);
/* Print s padded with spaces to `width` columns (never truncated). */
void put_padded(FILE *out, const char *s, size_t width);

/* One RFC 4180 field of kensa's CSV (csv.c): cleaned (sanitize.h), quoted, a formula's leading
 * = + - @ neutralised, followed by ',' or CRLF when last. */
void report_csv_field(FILE *out, const char *s, bool last);
/* HTML text: & < > " ' escaped, controls and bidirectional overrides shown as marks (html.c). */
void report_html_escape(FILE *out, const char *s);
/* The HTML report's document head, shared by the summary's HTML: report_html_begin writes up to
 * the open <title>; the caller writes the escaped title; report_html_end_head closes the head
 * with the A4 print style sheet and opens the body. */
void report_html_begin(FILE *out, const char *lang);
void report_html_end_head(FILE *out);
/* An answer as a badge that reads without colour (symbol, word, border). */
void report_html_answer_badge(FILE *out, enum item_answer a);

#endif
