/* JSON report (schema: docs/report.schema.json, schema_version 1). */
#include "report.h"
#include "exceptions_json.h"
#include "json_text.h"
#include "msg_json.h"
#include "sanitize.h"
#include "../core/forms.h"
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *report_json_text(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	/* not valid UTF-8: keep every valid character exactly, U+FFFD for each bad byte */
	char *valid = sanitize_utf8_dup(s);
	j = json_string(valid);
	free(valid);
	return j ? j : json_string("");
}

static json_t *str(const char *s)
{
	return s ? report_json_text(s) : json_null();
}

/* The report is written as a stream, one finding at a time, never as one document tree: a report
 * with 200,000 findings held as jansson values took four times the memory of the results
 * themselves. The text is byte for byte what json_dumpf(JSON_INDENT(2) | JSON_PRESERVE_ORDER) of
 * the whole tree writes: each small value is dumped by jansson and re-indented to its depth. */
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY)

/* Output goes through this buffer, written out in JW_BUF pieces: one stdio call (and lock)
 * per piece rather than several per string of a 200,000-finding report. */
#define JW_BUF (64u << 10)

struct jw {
	FILE *out;
	int err;
	size_t len;
	char buf[JW_BUF];
	struct msg_table msgs; /* schema_minor 2: every message id once, "messages" at the end */
};

static void jw_flush(struct jw *w)
{
	if (w->len && fwrite(w->buf, 1, w->len, w->out) != w->len)
		w->err = -1;
	w->len = 0;
}

static void jw_put(struct jw *w, const char *s, size_t n)
{
	if (n > JW_BUF - w->len) {
		jw_flush(w);
		if (n > JW_BUF) {
			if (fwrite(s, 1, n, w->out) != n)
				w->err = -1;
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void jw_puts(struct jw *w, const char *s)
{
	jw_put(w, s, strlen(s));
}

static void jw_putc(struct jw *w, char c)
{
	if (w->len == JW_BUF)
		jw_flush(w);
	w->buf[w->len++] = c;
}

static void jw_indent(struct jw *w, int level)
{
	static const char spaces[] = "                                ";
	int n = 2 * level;
	for (; n > (int)sizeof spaces - 1; n -= (int)sizeof spaces - 1)
		jw_put(w, spaces, sizeof spaces - 1);
	jw_put(w, spaces, (size_t)n);
}

/* Write V (consumed) as jansson would at nesting LEVEL: its own newlines get LEVEL's indent
 * (a string's newlines are escaped, so every raw newline is layout). */
static void jw_value(struct jw *w, json_t *v, int level)
{
	char *text = v ? json_dumps(v, DUMP_FLAGS) : NULL;
	json_decref(v);
	if (!text) {
		w->err = -1;
		return;
	}
	const char *p = text;
	for (const char *nl; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		jw_put(w, p, (size_t)(nl + 1 - p));
		jw_indent(w, level);
	}
	jw_puts(w, p);
	free(text);
}

/* Opening "{" / "[" of a container written member by member; jw_next before each member,
 * jw_close after the last (an empty one comes out as "{}" or "[]", as jansson writes it). */
static void jw_open(struct jw *w, char c)
{
	jw_putc(w, c);
}

static void jw_next(struct jw *w, size_t *count, int level)
{
	jw_puts(w, *count ? ",\n" : "\n");
	(*count)++;
	jw_indent(w, level);
}

/* Valid UTF-8 as jansson's utf8_check_string decides (no overlong forms, no surrogates, at most
 * U+10FFFF): a string that is not is written with every byte >= 0x80 as '?', as
 * report_json_text() does when json_string() refuses it. */
static bool utf8_valid(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s, n;
		unsigned long cp;
		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		for (unsigned i = 1; i <= n; i++) {
			if (s[i] < 0x80 || s[i] > 0xBF)
				return false;
			cp = cp << 6 | (s[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		s += n + 1;
	}
	return true;
}

/* A string (or null) exactly as jansson's dump_string writes it without JSON_ENSURE_ASCII or
 * JSON_ESCAPE_SLASH: '"', '\\' and control characters escaped, everything else as is. */
static void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_puts(w, "null");
		return;
	}
	bool valid = utf8_valid((const unsigned char *)s);
	jw_putc(w, '"');
	const char *run = s;
	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c && c >= 0x20 && c != '"' && c != '\\' && (valid || c < 0x80))
			continue;
		jw_put(w, run, (size_t)(p - run));
		if (!c)
			break;
		run = p + 1;
		switch (c) {
		case '"': jw_puts(w, "\\\""); break;
		case '\\': jw_puts(w, "\\\\"); break;
		case '\b': jw_puts(w, "\\b"); break;
		case '\f': jw_puts(w, "\\f"); break;
		case '\n': jw_puts(w, "\\n"); break;
		case '\r': jw_puts(w, "\\r"); break;
		case '\t': jw_puts(w, "\\t"); break;
		default:
			if (c >= 0x80)
				jw_putc(w, '?');
			else {
				char u[8];
				snprintf(u, sizeof u, "\\u%04X", c);
				jw_puts(w, u);
			}
		}
	}
	jw_putc(w, '"');
}

static void jw_key(struct jw *w, size_t *count, int level, const char *key)
{
	jw_next(w, count, level);
	jw_str(w, key);
	jw_puts(w, ": ");
}

static void jw_member(struct jw *w, size_t *count, int level, const char *key, json_t *v)
{
	jw_key(w, count, level, key);
	jw_value(w, v, level);
}

static void jw_close(struct jw *w, size_t count, int level, char c)
{
	if (count) {
		jw_putc(w, '\n');
		jw_indent(w, level);
	}
	jw_putc(w, c);
}

/* schema_minor 2: a text's identity beside it, when it has one (core/msg.h, msg_json.h), on
 * one line: it is for kensa to render, and a large report stays small. */
static void msg_member(struct jw *w, size_t *count, int level, const char *key,
		       const struct kmsg *m)
{
	if (!m)
		return;
	jw_key(w, count, level, key);
	json_t *v = msg_to_json(m, &w->msgs);
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
	json_decref(v);
	if (!text) {
		w->err = -1;
		return;
	}
	jw_puts(w, text);
	free(text);
}

static void write_evidence(struct jw *w, const struct evidence *ev, size_t n, int level)
{
	size_t count = 0;
	jw_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		size_t members = 0;
		jw_next(w, &count, level + 1);
		jw_open(w, '{');
		jw_key(w, &members, level + 2, "source");
		jw_str(w, ev[i].source);
		jw_key(w, &members, level + 2, "value");
		jw_str(w, ev[i].value);
		msg_member(w, &members, level + 2, "value_msg", ev[i].value_msg);
		jw_close(w, members, level + 1, '}');
	}
	jw_close(w, count, level, ']');
}

/* A finding written directly (the hot path of a large report): the same text jansson writes. */
static void write_finding(struct jw *w, const struct finding *f, int level)
{
	size_t count = 0;
	jw_open(w, '{');
	jw_key(w, &count, level + 1, "subject");
	jw_str(w, f->subject);
	msg_member(w, &count, level + 1, "subject_msg", f->subject_msg);
	jw_key(w, &count, level + 1, "severity");
	jw_str(w, finding_severity_name(f->severity));
	jw_key(w, &count, level + 1, "detail");
	jw_str(w, f->detail);
	msg_member(w, &count, level + 1, "detail_msg", f->detail_msg);
	jw_key(w, &count, level + 1, "evidence");
	write_evidence(w, f->evidence, f->n_evidence, level + 1);
	if (f->accepted)
		jw_member(w, &count, level + 1, "accepted", finding_exception_to_json(f->accepted));
	else {
		jw_key(w, &count, level + 1, "accepted");
		jw_puts(w, "null");
	}
	if (f->expired)
		jw_member(w, &count, level + 1, "expired_exception",
			  finding_exception_to_json(f->expired));
	if (f->remedy) /* schema_minor 1: this finding's part of the remediation */
		jw_member(w, &count, level + 1, "remedy", str(f->remedy));
	if (f->remedy)
		msg_member(w, &count, level + 1, "remedy_msg", f->remedy_msg);
	if (f->n_evidence_refs) { /* schema_minor 1: shared evidence, shown once per check */
		json_t *refs = json_array();
		for (size_t k = 0; k < f->n_evidence_refs; k++)
			json_array_append_new(refs, json_integer((json_int_t)f->evidence_refs[k]));
		jw_member(w, &count, level + 1, "evidence_refs", refs);
	}
	jw_close(w, count, level, '}');
}

/* One result at nesting LEVEL, its findings streamed one by one. */
static void write_result(struct jw *w, const struct audit_report *rep, const struct check_result *r,
			 int level)
{
	size_t count = 0;
	jw_open(w, '{');
	jw_member(w, &count, level + 1, "id", str(r->id));
	json_t *items = json_array();
	const char *ids[32];
	size_t n = report_items_of_result(rep, r, ids, 32);
	for (size_t i = 0; i < n && i < 32; i++)
		json_array_append_new(items, str(ids[i]));
	jw_member(w, &count, level + 1, "items", items);
	if (n == 0 && report_result_off_form(rep, r)) {
		/* its rows are on the other form: a check of this audit, no row of this form */
		jw_member(w, &count, level + 1, "off_form", json_true());
	} else if (n == 0) {
		/* no row of this edition: the guideline requirement it answers instead */
		size_t nrefs;
		char *const *refs = report_guideline_of_result(rep, r, &nrefs);
		json_t *g = json_array();
		for (size_t i = 0; i < nrefs; i++)
			json_array_append_new(g, str(refs[i]));
		jw_member(w, &count, level + 1, "guideline", g);
	}
	jw_member(w, &count, level + 1, "status", json_string(check_status_name(r->status)));
	jw_member(w, &count, level + 1, "title", str(r->title));
	msg_member(w, &count, level + 1, "title_msg", r->title_msg);
	jw_member(w, &count, level + 1, "reason", str(r->reason));
	if (r->reason)
		msg_member(w, &count, level + 1, "reason_msg", r->reason_msg);
	jw_key(w, &count, level + 1, "findings");
	size_t nf = 0;
	jw_open(w, '[');
	for (size_t i = 0; i < r->n_findings; i++) {
		jw_next(w, &nf, level + 2);
		write_finding(w, &r->findings[i], level + 2);
	}
	jw_close(w, nf, level + 1, ']');
	jw_key(w, &count, level + 1, "evidence");
	write_evidence(w, r->evidence, r->n_evidence, level + 1);
	jw_member(w, &count, level + 1, "remediation", str(r->remediation));
	msg_member(w, &count, level + 1, "remediation_msg", r->remediation_msg);
	jw_member(w, &count, level + 1, "duration_ms", json_real(r->duration_ms));
	jw_close(w, count, level, '}');
}

static json_t *item_json(const struct item_verdict *v, struct msg_table *msgs)
{
	json_t *checks = json_array();
	for (size_t k = 0; k < v->n_check_ids; k++)
		json_array_append_new(checks, str(v->check_ids[k]));
	json_t *io = json_pack("{s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o}", "id", str(v->id),
			       "label", str(v->label), "section", str(v->section), "title",
			       str(v->title), "status", check_status_name(v->status), "answer",
			       item_answer_name(v->answer), "reason", str(v->reason), "checks",
			       checks);
	/* schema 1.1: the exception beside an answer that stays "no" (or "review") */
	json_object_set_new(io, "accepted_exception",
			    v->accepted ? json_pack("{s:o, s:I}", "expires", str(v->accepted_expires),
						    "findings", (json_int_t)v->accepted)
					: json_null());
	if (v->reason_msg && v->reason) /* schema_minor 2 */
		json_object_set_new(io, "reason_msg", msg_to_json(v->reason_msg, msgs));
	if (v->forms) { /* the forms the row is on, so a saved report can be shown as either */
		json_t *forms = json_array();
		for (unsigned bit = CHECKLIST_FORM_INSTITUTION; bit <= CHECKLIST_FORM_VENDOR; bit <<= 1)
			if (v->forms & bit)
				json_array_append_new(forms, json_string(checklist_form_name(bit)));
		json_object_set_new(io, "forms", forms);
	}
	/* the question a person answers, on rows only a person (or a person after the checks'
	 * evidence) decides */
	if (v->hint && (v->n_check_ids == 0 || v->status == CHECK_MANUAL))
		json_object_set_new(io, "hint", str(v->hint));
	if (v->answered_by)
		json_object_set_new(io, "manual_answer",
				    json_pack("{s:o, s:o, s:o, s:o}", "by", str(v->answered_by),
					      "date", str(v->answered_on), "note", str(v->note),
					      "target_date", str(v->target_date)));
	return io;
}

int report_write_json(FILE *out, const struct audit_report *rep)
{
	struct jw w = { .out = out };
	size_t count = 0;
	jw_open(&w, '{');
	jw_member(&w, &count, 1, "schema_version", json_integer(1));
	jw_member(&w, &count, 1, "schema_minor", json_integer(REPORT_SCHEMA_MINOR));
	jw_member(&w, &count, 1, "tool", json_pack("{s:s, s:o, s:b}", "name", "kensa", "version",
						 str(rep->tool_version), "sandboxed", rep->sandboxed));
	if (rep->inventory) { /* schema_minor 1 addition: optional, present when host.inventory ran */
		json_t *inv = json_object();
		for (size_t i = 0; i < INV_FIELD_COUNT; i++)
			json_object_set_new(inv, inventory_keys[i], str(rep->inventory->value[i]));
		jw_member(&w, &count, 1, "inventory", inv);
	}
	jw_member(&w, &count, 1, "host",
		json_pack("{s:o, s:o, s:o, s:o, s:o, s:s}", "hostname", str(rep->host.hostname),
			  "os", str(rep->host.os), "kernel", str(rep->host.kernel), "platform",
			  str(rep->host.platform), "root", str(rep->host.root), "mode",
			  rep->host.live ? "live" : "offline"));
	json_t *files = json_array();
	for (size_t i = 0; i < rep->n_profile_files; i++)
		json_array_append_new(files, str(rep->profile_files[i]));
	jw_member(&w, &count, 1, "profile", json_pack("{s:o, s:o}", "name", str(rep->profile_name),
						    "files", files));
	jw_member(&w, &count, 1, "checklist",
		json_pack("{s:o, s:o, s:o, s:o}", "edition", str(rep->edition), "name",
			  str(rep->edition_name), "published", str(rep->edition_published),
			  "device_class", str(rep->device_class)));
	jw_member(&w, &count, 1, "site", rep->site_name || rep->site_vendor
		? json_pack("{s:o, s:o}", "name", str(rep->site_name), "vendor", str(rep->site_vendor))
		: json_null());
	unsigned form = rep->form ? rep->form : CHECKLIST_FORM_INSTITUTION;
	jw_member(&w, &count, 1, "form", json_string(checklist_form_name(form)));
	jw_member(&w, &count, 1, "vendor",
		form == CHECKLIST_FORM_VENDOR || rep->vendor_company || rep->vendor_person ||
				rep->vendor_system
			? json_pack("{s:o, s:o, s:o}", "company", str(rep->vendor_company), "person",
				    str(rep->vendor_person), "system", str(rep->vendor_system))
			: json_null());
	jw_member(&w, &count, 1, "lang", str(rep->lang));
	json_t *unreadable = json_array();
	for (size_t i = 0; i < rep->n_unreadable_checks; i++)
		json_array_append_new(unreadable, str(rep->unreadable_checks[i]));
	jw_member(&w, &count, 1, "privileges", json_pack("{s:b, s:o}", "root", rep->root_user,
							 "unreadable_checks", unreadable));
	jw_member(&w, &count, 1, "as_of", str(rep->as_of));
	if (rep->time_zone[0]) /* schema_minor 1 */
		jw_member(&w, &count, 1, "time_zone", str(rep->time_zone));
	if (rep->audited_at[0])
		jw_member(&w, &count, 1, "audited_at", str(rep->audited_at));
	jw_member(&w, &count, 1, "duration_ms", json_real(rep->duration_ms));
	json_t *summary = json_object();
	for (int s = 0; s < CHECK_STATUS_COUNT; s++)
		json_object_set_new(summary, check_status_name(s), json_integer(rep->summary[s]));
	jw_member(&w, &count, 1, "summary", summary);
	jw_key(&w, &count, 1, "results");
	size_t nr = 0;
	jw_open(&w, '[');
	for (size_t i = 0; i < rep->n_results; i++) {
		jw_next(&w, &nr, 2);
		write_result(&w, rep, &rep->results[i], 2);
	}
	jw_close(&w, nr, 1, ']');
	json_t *items = json_array();
	for (size_t i = 0; i < rep->n_items; i++)
		json_array_append_new(items, item_json(&rep->items[i], &w.msgs));
	jw_member(&w, &count, 1, "items", items);
	jw_member(&w, &count, 1, "exceptions_as_of", str(rep->exceptions_as_of));
	jw_member(&w, &count, 1, "exceptions", exception_notes_to_json(rep));
	jw_member(&w, &count, 1, "messages", msg_table_to_json(&w.msgs)); /* schema_minor 2 */
	msg_table_free(&w.msgs);
	jw_close(&w, count, 0, '}');
	jw_putc(&w, '\n');
	jw_flush(&w);
	return w.err || ferror(out) ? -1 : 0;
}
