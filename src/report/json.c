/* JSON report (schema: docs/report.schema.json, schema_version 1). */
#include "config.h"
#include "report.h"
#include "../core/check.h"
#include "../core/checklist.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include <jansson.h>
#include <string.h>

/* jansson refuses invalid UTF-8; data from the audited system may be anything. */
static json_t *safe_string(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	size_t n = strlen(s);
	char *copy = strdup(s);
	if (!copy)
		return json_string("");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	j = json_string(copy);
	free(copy);
	return j ? j : json_string("");
}

static json_t *evidence_array(const struct evidence *ev, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "source", ev[i].source ? safe_string(ev[i].source) : json_null());
		json_object_set_new(o, "value", safe_string(ev[i].value));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *result_json(const struct audit_report *rep, const struct check_result *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(r->check->id));
	json_t *items = json_array();
	const char *ids[16];
	size_t n = report_items_for_check(rep, r->check->id, ids, 16);
	for (size_t i = 0; i < n && i < 16; i++)
		json_array_append_new(items, json_string(ids[i]));
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "status", json_string(check_status_name(r->status)));
	json_object_set_new(o, "title", json_string(_(r->check->title)));
	json_object_set_new(o, "reason", r->reason ? safe_string(r->reason) : json_null());
	json_t *findings = json_array();
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		json_t *fo = json_object();
		json_object_set_new(fo, "subject", safe_string(f->subject));
		json_object_set_new(fo, "severity", json_string(finding_severity_name(f->severity)));
		json_object_set_new(fo, "detail", safe_string(f->detail));
		json_t *ev = evidence_array(f->evidence, f->n_evidence);
		json_object_set_new(fo, "evidence", ev);
		json_array_append_new(findings, fo);
	}
	json_object_set_new(o, "findings", findings);
	json_object_set_new(o, "evidence", evidence_array(r->evidence, r->n_evidence));
	json_object_set_new(o, "remediation", json_string(_(r->check->remediation)));
	json_object_set_new(o, "duration_ms", json_real(r->duration_ms));
	return o;
}

int report_write_json(FILE *out, const struct audit_report *rep)
{
	bool ja = strcmp(rep->lang, "ja") == 0;
	json_t *root = json_object();
	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(root, "tool", json_pack("{s:s, s:s, s:b}", "name", "kensa", "version",
						       KENSA_VERSION, "sandboxed", rep->sandboxed));
	json_t *host = json_object();
	json_object_set_new(host, "hostname", safe_string(rep->host.hostname));
	json_object_set_new(host, "os", safe_string(rep->host.os));
	json_object_set_new(host, "kernel", rep->host.kernel ? safe_string(rep->host.kernel) : json_null());
	json_object_set_new(host, "platform", json_string(rep->host.platform));
	json_object_set_new(host, "root", safe_string(rep->host.root));
	json_object_set_new(host, "mode", json_string(rep->host.live ? "live" : "offline"));
	json_object_set_new(root, "host", host);
	json_t *files = json_array();
	for (const char *const *f = profile_files(rep->profile); *f; f++)
		json_array_append_new(files, safe_string(*f));
	json_object_set_new(root, "profile", json_pack("{s:s, s:o}", "name",
						       profile_name(rep->profile), "files", files));
	const struct checklist *c = rep->checklist;
	json_object_set_new(root, "checklist",
			    json_pack("{s:s, s:s, s:s, s:s}", "edition", c->id, "name",
				      ja ? c->name_ja : c->name_en, "published", c->published,
				      "device_class", rep->device_class));
	json_object_set_new(root, "lang", json_string(rep->lang));
	json_object_set_new(root, "as_of", json_string(rep->as_of));
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
	for (size_t i = 0; i < rep->n_items; i++) {
		const struct item_verdict *v = &rep->items[i];
		json_t *checks = json_array();
		for (size_t k = 0; k < v->n_results; k++)
			json_array_append_new(checks, json_string(v->results[k]->check->id));
		json_t *io = json_pack("{s:s, s:s, s:s, s:s, s:o}", "id", v->item->id, "label",
				       v->item->label, "title", ja ? v->item->title_ja : v->item->title_en,
				       "status", check_status_name(v->status), "checks", checks);
		json_object_set_new(io, "reason", v->reason ? safe_string(v->reason) : json_null());
		json_array_append_new(items, io);
	}
	json_object_set_new(root, "items", items);
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return rc;
}
