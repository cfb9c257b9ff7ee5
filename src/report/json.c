/* JSON report (schema: docs/report.schema.json, schema_version 1). */
#include "report.h"
#include "exceptions_json.h"
#include "json_text.h"
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

json_t *report_json_text(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	char *copy = strdup(s);
	if (!copy)
		return json_string("");
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j ? j : json_string("");
}

static json_t *str(const char *s)
{
	return s ? report_json_text(s) : json_null();
}

static json_t *evidence_array(const struct evidence *ev, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:o, s:o}", "source", str(ev[i].source),
						     "value", str(ev[i].value)));
	return arr;
}

static json_t *result_json(const struct audit_report *rep, const struct check_result *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", str(r->id));
	json_t *items = json_array();
	const char *ids[32];
	size_t n = report_items_of_result(rep, r, ids, 32);
	for (size_t i = 0; i < n && i < 32; i++)
		json_array_append_new(items, str(ids[i]));
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "status", json_string(check_status_name(r->status)));
	json_object_set_new(o, "title", str(r->title));
	json_object_set_new(o, "reason", str(r->reason));
	json_t *findings = json_array();
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		json_t *fo = json_pack("{s:o, s:s, s:o, s:o, s:o}", "subject", str(f->subject),
				       "severity", finding_severity_name(f->severity), "detail",
				       str(f->detail), "evidence",
				       evidence_array(f->evidence, f->n_evidence), "accepted",
				       finding_exception_to_json(f->accepted));
		if (f->expired)
			json_object_set_new(fo, "expired_exception",
					    finding_exception_to_json(f->expired));
		if (f->remedy) /* schema_minor 1: this finding's part of the remediation */
			json_object_set_new(fo, "remedy", str(f->remedy));
		if (f->n_evidence_refs) { /* schema_minor 1: shared evidence, shown once per check */
			json_t *refs = json_array();
			for (size_t k = 0; k < f->n_evidence_refs; k++)
				json_array_append_new(refs, json_integer((json_int_t)f->evidence_refs[k]));
			json_object_set_new(fo, "evidence_refs", refs);
		}
		json_array_append_new(findings, fo);
	}
	json_object_set_new(o, "findings", findings);
	json_object_set_new(o, "evidence", evidence_array(r->evidence, r->n_evidence));
	json_object_set_new(o, "remediation", str(r->remediation));
	json_object_set_new(o, "duration_ms", json_real(r->duration_ms));
	return o;
}

static json_t *item_json(const struct item_verdict *v)
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
	if (v->answered_by)
		json_object_set_new(io, "manual_answer",
				    json_pack("{s:o, s:o, s:o, s:o}", "by", str(v->answered_by),
					      "date", str(v->answered_on), "note", str(v->note),
					      "target_date", str(v->target_date)));
	return io;
}

int report_write_json(FILE *out, const struct audit_report *rep)
{
	json_t *root = json_object();
	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(root, "schema_minor", json_integer(REPORT_SCHEMA_MINOR));
	json_object_set_new(root, "tool", json_pack("{s:s, s:o, s:b}", "name", "kensa", "version",
						    str(rep->tool_version), "sandboxed",
						    rep->sandboxed));
	json_object_set_new(root, "host",
		json_pack("{s:o, s:o, s:o, s:o, s:o, s:s}", "hostname", str(rep->host.hostname),
			  "os", str(rep->host.os), "kernel", str(rep->host.kernel), "platform",
			  str(rep->host.platform), "root", str(rep->host.root), "mode",
			  rep->host.live ? "live" : "offline"));
	json_t *files = json_array();
	for (size_t i = 0; i < rep->n_profile_files; i++)
		json_array_append_new(files, str(rep->profile_files[i]));
	json_object_set_new(root, "profile", json_pack("{s:o, s:o}", "name", str(rep->profile_name),
						       "files", files));
	json_object_set_new(root, "checklist",
		json_pack("{s:o, s:o, s:o, s:o}", "edition", str(rep->edition), "name",
			  str(rep->edition_name), "published", str(rep->edition_published),
			  "device_class", str(rep->device_class)));
	json_object_set_new(root, "site", rep->site_name || rep->site_vendor
		? json_pack("{s:o, s:o}", "name", str(rep->site_name), "vendor", str(rep->site_vendor))
		: json_null());
	json_object_set_new(root, "lang", str(rep->lang));
	json_t *unreadable = json_array();
	for (size_t i = 0; i < rep->n_unreadable_checks; i++)
		json_array_append_new(unreadable, str(rep->unreadable_checks[i]));
	json_object_set_new(root, "privileges", json_pack("{s:b, s:o}", "root", rep->root_user,
							  "unreadable_checks", unreadable));
	json_object_set_new(root, "as_of", str(rep->as_of));
	if (rep->time_zone[0]) /* schema_minor 1 */
		json_object_set_new(root, "time_zone", str(rep->time_zone));
	if (rep->audited_at[0])
		json_object_set_new(root, "audited_at", str(rep->audited_at));
	json_object_set_new(root, "duration_ms", json_real(rep->duration_ms));
	json_t *summary = json_object();
	for (int s = 0; s < CHECK_STATUS_COUNT; s++)
		json_object_set_new(summary, check_status_name(s), json_integer(rep->summary[s]));
	json_object_set_new(root, "summary", summary);
	json_t *results = json_array();
	for (size_t i = 0; i < rep->n_results; i++)
		json_array_append_new(results, result_json(rep, &rep->results[i]));
	json_object_set_new(root, "results", results);
	json_t *items = json_array();
	for (size_t i = 0; i < rep->n_items; i++)
		json_array_append_new(items, item_json(&rep->items[i]));
	json_object_set_new(root, "items", items);
	json_object_set_new(root, "exceptions_as_of", str(rep->exceptions_as_of));
	json_object_set_new(root, "exceptions", exception_notes_to_json(rep));
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return rc;
}
