/* Reads a saved JSON report (docs/report.schema.json, schema_version 1) back into the report
 * model, strictly: every required field present with its type, so `kensa diff` and `kensa report`
 * never render or compare a half-understood file. Unknown fields are ignored (a schema_version
 * only ever gains fields). Errors are one line: "FILE: PATH: what is wrong". */
#include "report.h"
#include "exceptions_json.h"
#include "msg_json.h"
#include "../core/forms.h"
#include "../core/i18n.h"
#include "../core/timefmt.h"
#include "../core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REPORT_SCHEMA_VERSION 1

struct reader {
	const char *file;
	char *err;
	size_t errlen;
	struct msg_table msgs; /* schema_minor 2: the report's "messages" */
};

static int fail(struct reader *rd, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct reader *rd, const char *where, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (where && *where)
		snprintf(rd->err, rd->errlen, "%s: %s: %s", rd->file, where, what);
	else
		snprintf(rd->err, rd->errlen, "%s: %s", rd->file, what);
	return -1;
}

static const char *type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return _("an object");
	case JSON_ARRAY:
		return _("an array");
	case JSON_STRING:
		return _("a string");
	case JSON_INTEGER:
	case JSON_REAL:
		return _("a number");
	case JSON_TRUE:
	case JSON_FALSE:
		return _("a boolean");
	default:
		return "null";
	}
}

/* "where.key" into buf (where may be empty: top level). */
static const char *field_path(char *buf, size_t len, const char *where, const char *key)
{
	snprintf(buf, len, "%s%s%s", where, *where ? "." : "", key);
	return buf;
}

/* A member that must be present; NULL after reporting when it is missing. */
static json_t *member(struct reader *rd, const json_t *obj, const char *where, const char *key)
{
	json_t *j = json_object_get(obj, key);
	if (!j) {
		char path[256];
		fail(rd, field_path(path, sizeof path, where, key), _("missing"));
	}
	return j;
}

static int expect_type(struct reader *rd, const json_t *j, json_type type, const char *path,
		       const char *wanted)
{
	if (json_typeof(j) == type)
		return 0;
	return fail(rd, path, _("is %s, not %s"), type_name(j), wanted);
}

static json_t *member_of_type(struct reader *rd, const json_t *obj, const char *where,
			      const char *key, json_type type, const char *wanted)
{
	json_t *j = member(rd, obj, where, key);
	char path[256];
	if (!j || expect_type(rd, j, type, field_path(path, sizeof path, where, key), wanted) != 0)
		return NULL;
	return j;
}

static json_t *object_member(struct reader *rd, const json_t *obj, const char *where, const char *key)
{
	return member_of_type(rd, obj, where, key, JSON_OBJECT, _("an object"));
}

static json_t *array_member(struct reader *rd, const json_t *obj, const char *where, const char *key)
{
	return member_of_type(rd, obj, where, key, JSON_ARRAY, _("an array"));
}

/* A JSON string as an owned C string; refuses embedded NULs (a C string would cut them off
 * silently and the report would no longer say what the file says). */
static int string_value(struct reader *rd, const json_t *j, const char *path, bool nullable,
			char **out)
{
	*out = NULL;
	if (nullable && json_is_null(j))
		return 0;
	if (expect_type(rd, j, JSON_STRING, path, nullable ? _("a string or null") : _("a string")) != 0)
		return -1;
	const char *s = json_string_value(j);
	if (strlen(s) != json_string_length(j))
		return fail(rd, path, _("contains a NUL character"));
	*out = xstrdup(s);
	return 0;
}

static int string_member(struct reader *rd, const json_t *obj, const char *where, const char *key,
			 bool nullable, char **out)
{
	char path[256];
	json_t *j = member(rd, obj, where, key);
	if (!j)
		return -1;
	free(*out);
	*out = NULL;
	return string_value(rd, j, field_path(path, sizeof path, where, key), nullable, out);
}

/* Fields added after a report was written are optional: absent and null both mean unset. */
static int optional_string_member(struct reader *rd, const json_t *obj, const char *where,
				  const char *key, char **out)
{
	char path[256];
	json_t *j = json_object_get(obj, key);
	if (!j)
		return 0;
	return string_value(rd, j, field_path(path, sizeof path, where, key), true, out);
}

/* schema_minor 2: a text's identity (core/msg.h), "<field>_msg"; absent means none. */
static int optional_msg_member(struct reader *rd, const json_t *obj, const char *where,
			       const char *key, struct kmsg **out)
{
	char path[256], why[256];
	json_t *j = json_object_get(obj, key);
	msg_free(*out);
	*out = NULL;
	if (!j || json_is_null(j))
		return 0;
	*out = msg_from_json(j, &rd->msgs, why, sizeof why);
	return *out ? 0 : fail(rd, field_path(path, sizeof path, where, key), "%s", why);
}

/* A string member that must be one of `names`; the index, or -1 after reporting. */
static int enum_member(struct reader *rd, const json_t *obj, const char *where, const char *key,
		       const char *const *names, size_t n, const char *what)
{
	char path[256];
	json_t *j = member(rd, obj, where, key);
	if (!j)
		return -1;
	field_path(path, sizeof path, where, key);
	if (expect_type(rd, j, JSON_STRING, path, _("a string")) != 0)
		return -1;
	const char *s = json_string_value(j);
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0 && strlen(s) == json_string_length(j))
			return (int)i;
	json_t *quoted = json_string(s);
	char *shown = quoted ? json_dumps(quoted, JSON_ENCODE_ANY) : NULL;
	fail(rd, path, _("%.64s is not %s"), shown ? shown : "?", what);
	free(shown);
	json_decref(quoted);
	return -1;
}

static int bool_member(struct reader *rd, const json_t *obj, const char *where, const char *key,
		       bool *out)
{
	char path[256];
	json_t *j = member(rd, obj, where, key);
	if (!j)
		return -1;
	if (!json_is_boolean(j))
		return fail(rd, field_path(path, sizeof path, where, key), _("is %s, not %s"),
			    type_name(j), _("a boolean"));
	*out = json_is_true(j);
	return 0;
}

static int duration_value(struct reader *rd, const json_t *j, const char *path, double *out)
{
	if (!json_is_number(j))
		return fail(rd, path, _("is %s, not %s"), type_name(j), _("a number"));
	double d = json_number_value(j);
	if (!isfinite(d) || d < 0)
		return fail(rd, path, _("is not a duration (a number of milliseconds >= 0)"));
	*out = d;
	return 0;
}

static int string_array(struct reader *rd, const json_t *arr, const char *where, char ***out,
			size_t *n)
{
	*n = json_array_size(arr);
	*out = xcalloc(*n ? *n : 1, sizeof **out);
	for (size_t i = 0; i < *n; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s[%zu]", where, i);
		if (string_value(rd, json_array_get(arr, i), path, false, &(*out)[i]) != 0)
			return -1;
	}
	return 0;
}

static int read_evidence(struct reader *rd, const json_t *obj, const char *where,
			 struct evidence **out, size_t *n)
{
	json_t *arr = array_member(rd, obj, where, "evidence");
	if (!arr)
		return -1;
	*n = json_array_size(arr);
	*out = xcalloc(*n ? *n : 1, sizeof **out);
	for (size_t i = 0; i < *n; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s%sevidence[%zu]", where, *where ? "." : "", i);
		json_t *ev = json_array_get(arr, i);
		if (expect_type(rd, ev, JSON_OBJECT, path, _("an object")) != 0 ||
		    string_member(rd, ev, path, "source", true, &(*out)[i].source) != 0 ||
		    string_member(rd, ev, path, "value", false, &(*out)[i].value) != 0 ||
		    optional_msg_member(rd, ev, path, "value_msg", &(*out)[i].value_msg) != 0)
			return -1;
	}
	return 0;
}

static int read_findings(struct reader *rd, const json_t *obj, const char *where,
			 struct check_result *r)
{
	static const char *const severities[] = { "info", "warn", "fail" };
	json_t *arr = array_member(rd, obj, where, "findings");
	if (!arr)
		return -1;
	r->n_findings = json_array_size(arr);
	r->findings = xcalloc(r->n_findings ? r->n_findings : 1, sizeof *r->findings);
	for (size_t i = 0; i < r->n_findings; i++) {
		struct finding *f = &r->findings[i];
		char path[256];
		snprintf(path, sizeof path, "%s.findings[%zu]", where, i);
		json_t *fj = json_array_get(arr, i);
		if (expect_type(rd, fj, JSON_OBJECT, path, _("an object")) != 0 ||
		    string_member(rd, fj, path, "subject", false, &f->subject) != 0 ||
		    optional_msg_member(rd, fj, path, "subject_msg", &f->subject_msg) != 0)
			return -1;
		int sev = enum_member(rd, fj, path, "severity", severities, 3, _("a severity"));
		if (sev < 0)
			return -1;
		f->severity = sev == 2 ? FINDING_FAIL : sev == 1 ? FINDING_WARN : FINDING_INFO;
		if (string_member(rd, fj, path, "detail", false, &f->detail) != 0 ||
		    read_evidence(rd, fj, path, &f->evidence, &f->n_evidence) != 0 ||
		    optional_string_member(rd, fj, path, "remedy", &f->remedy) != 0 ||
		    optional_msg_member(rd, fj, path, "detail_msg", &f->detail_msg) != 0 ||
		    (f->remedy && optional_msg_member(rd, fj, path, "remedy_msg", &f->remedy_msg) != 0))
			return -1;
		char xerr[256];
		if (finding_exceptions_from_json(fj, f, xerr, sizeof xerr) != 0)
			return fail(rd, path, "%s", xerr);
	}
	return 0;
}

static const char *const status_names[] = { "pass", "warn", "fail", "error", "not_applicable",
					     "manual" };

static int read_result(struct reader *rd, const json_t *rj, const char *path, struct check_result *r)
{
	if (expect_type(rd, rj, JSON_OBJECT, path, _("an object")) != 0 ||
	    string_member(rd, rj, path, "id", false, &r->id) != 0)
		return -1;
	if (!*r->id)
		return fail(rd, path, _("id is empty"));
	if (!array_member(rd, rj, path, "items"))
		return -1;
	int st = enum_member(rd, rj, path, "status", status_names, CHECK_STATUS_COUNT, _("a status"));
	if (st < 0)
		return -1;
	r->status = (enum check_status)st; /* status_names follows enum check_status */
	r->status_forced = st == CHECK_ERROR || st == CHECK_NOT_APPLICABLE || st == CHECK_MANUAL;
	if (string_member(rd, rj, path, "title", false, &r->title) != 0 ||
	    string_member(rd, rj, path, "reason", true, &r->reason) != 0 ||
	    read_findings(rd, rj, path, r) != 0 ||
	    read_evidence(rd, rj, path, &r->evidence, &r->n_evidence) != 0 ||
	    string_member(rd, rj, path, "remediation", false, &r->remediation) != 0 ||
	    optional_msg_member(rd, rj, path, "title_msg", &r->title_msg) != 0 ||
	    (r->reason && optional_msg_member(rd, rj, path, "reason_msg", &r->reason_msg) != 0) ||
	    optional_msg_member(rd, rj, path, "remediation_msg", &r->remediation_msg) != 0)
		return -1;
	/* schema_minor 1: evidence a finding shares with others of its check, by index */
	json_t *fs = json_object_get(rj, "findings");
	for (size_t i = 0; i < r->n_findings; i++) {
		json_t *refs = json_object_get(json_array_get(fs, i), "evidence_refs");
		if (!refs)
			continue;
		char rpath[256];
		snprintf(rpath, sizeof rpath, "%s.findings[%zu].evidence_refs", path, i);
		if (!json_is_array(refs))
			return fail(rd, rpath, _("is not an array"));
		for (size_t k = 0; k < json_array_size(refs); k++) {
			json_t *x = json_array_get(refs, k);
			if (!json_is_integer(x) || json_integer_value(x) < 0 ||
			    (json_int_t)r->n_evidence <= json_integer_value(x))
				return fail(rd, rpath, _("is not an index into the check's evidence"));
			finding_evidence_ref(&r->findings[i], (size_t)json_integer_value(x));
		}
	}
	json_t *d = json_object_get(rj, "duration_ms");
	char dpath[256];
	if (d && duration_value(rd, d, field_path(dpath, sizeof dpath, path, "duration_ms"),
				&r->duration_ms) != 0)
		return -1;
	return 0;
}

static const struct check_result *result_by_id(const struct audit_report *rep, const char *id)
{
	for (size_t i = 0; i < rep->n_results; i++)
		if (strcmp(rep->results[i].id, id) == 0)
			return &rep->results[i];
	return NULL;
}

static int read_item(struct reader *rd, const json_t *ij, const char *path, struct item_verdict *v,
		     const struct audit_report *rep)
{
	static const char *const answers[ANSWER_COUNT] = { "yes", "no", "unchecked", "not_applicable",
							   "review" };
	if (expect_type(rd, ij, JSON_OBJECT, path, _("an object")) != 0 ||
	    string_member(rd, ij, path, "id", false, &v->id) != 0 ||
	    string_member(rd, ij, path, "label", false, &v->label) != 0 ||
	    string_member(rd, ij, path, "section", false, &v->section) != 0 ||
	    string_member(rd, ij, path, "title", false, &v->title) != 0 ||
	    optional_string_member(rd, ij, path, "section_title", &v->section_title) != 0 ||
	    optional_string_member(rd, ij, path, "hint", &v->hint) != 0)
		return -1;
	int st = enum_member(rd, ij, path, "status", status_names, CHECK_STATUS_COUNT, _("a status"));
	if (st < 0)
		return -1;
	v->status = (enum check_status)st;
	int an = enum_member(rd, ij, path, "answer", answers, ANSWER_COUNT, _("an answer"));
	if (an < 0)
		return -1;
	v->answer = (enum item_answer)an; /* answers follows enum item_answer */
	if (string_member(rd, ij, path, "reason", true, &v->reason) != 0 ||
	    (v->reason && optional_msg_member(rd, ij, path, "reason_msg", &v->reason_msg) != 0))
		return -1;
	json_t *checks = array_member(rd, ij, path, "checks");
	char cpath[256];
	if (!checks ||
	    string_array(rd, checks, field_path(cpath, sizeof cpath, path, "checks"), &v->check_ids,
			 &v->n_check_ids) != 0)
		return -1;
	/* The rows point at the results they name, as report_build_items() links them. */
	v->results = xcalloc(v->n_check_ids ? v->n_check_ids : 1, sizeof *v->results);
	for (size_t k = 0; k < v->n_check_ids; k++) {
		const struct check_result *r = result_by_id(rep, v->check_ids[k]);
		if (r)
			v->results[v->n_results++] = r;
	}
	report_item_accepted(v, NULL, NULL);
	/* "forms": optional (reports before forms existed: the edition says, saved.c) */
	json_t *forms = json_object_get(ij, "forms");
	if (forms) {
		char fpath[256];
		field_path(fpath, sizeof fpath, path, "forms");
		if (!json_is_array(forms) || json_array_size(forms) == 0)
			return fail(rd, fpath, _("is not a list of forms"));
		for (size_t k = 0; k < json_array_size(forms); k++) {
			json_t *f = json_array_get(forms, k);
			unsigned bit = json_is_string(f) ? checklist_form_from_name(json_string_value(f)) : 0;
			if (!bit)
				return fail(rd, fpath, _("is not a list of \"institution\" and \"vendor\""));
			v->forms |= bit;
		}
	}
	json_t *ma = json_object_get(ij, "manual_answer");
	if (!ma || json_is_null(ma))
		return 0;
	char mpath[256];
	field_path(mpath, sizeof mpath, path, "manual_answer");
	if (expect_type(rd, ma, JSON_OBJECT, mpath, _("an object or null")) != 0 ||
	    string_member(rd, ma, mpath, "by", false, &v->answered_by) != 0 ||
	    string_member(rd, ma, mpath, "date", false, &v->answered_on) != 0 ||
	    string_member(rd, ma, mpath, "note", true, &v->note) != 0 ||
	    string_member(rd, ma, mpath, "target_date", true, &v->target_date) != 0)
		return -1;
	return 0;
}

/* Each result's "items" is derived from the rows; a file where they disagree was edited by hand
 * and would not render or compare as it reads. */
static int check_result_items(struct reader *rd, const json_t *results, struct audit_report *rep)
{
	for (size_t i = 0; i < rep->n_results; i++) {
		char path[256];
		snprintf(path, sizeof path, "results[%zu].items", i);
		json_t *items = json_object_get(json_array_get(results, i), "items");
		const char *ids[64];
		size_t n = report_items_of_result(rep, &rep->results[i], ids, 64);
		bool same = n == json_array_size(items) && n <= 64;
		for (size_t k = 0; same && k < n; k++) {
			json_t *s = json_array_get(items, k);
			same = json_is_string(s) && strcmp(json_string_value(s), ids[k]) == 0;
		}
		if (!same)
			return fail(rd, path, _("does not match the rows in \"items\" that name %s"),
				    rep->results[i].id);
	}
	return 0;
}

static int check_summary(struct reader *rd, const json_t *root, struct audit_report *rep)
{
	json_t *summary = object_member(rd, root, "", "summary");
	if (!summary)
		return -1;
	report_count_summary(rep);
	for (int s = 0; s < CHECK_STATUS_COUNT; s++) {
		char path[64];
		snprintf(path, sizeof path, "summary.%s", status_names[s]);
		json_t *j = json_object_get(summary, status_names[s]);
		if (!j)
			return fail(rd, path, _("missing"));
		if (!json_is_integer(j))
			return fail(rd, path, _("is %s, not %s"), type_name(j), _("an integer"));
		if (json_integer_value(j) != (json_int_t)rep->summary[s])
			return fail(rd, path, _("%lld does not match the %u results with this status"),
				    (long long)json_integer_value(j), rep->summary[s]);
	}
	return 0;
}

static int read_header(struct reader *rd, const json_t *root, struct audit_report *rep)
{
	static const char *const platforms[] = { "linux", "windows" };
	static const char *const modes[] = { "offline", "live" };
	static const char *const langs[] = { "ja", "en" };
	static const char *const classes[] = { "server", "terminal", "network" };
	json_t *tool = object_member(rd, root, "", "tool");
	if (!tool)
		return -1;
	static const char *const kensa_name[] = { "kensa" };
	if (enum_member(rd, tool, "tool", "name", kensa_name, 1, "\"kensa\"") < 0 ||
	    string_member(rd, tool, "tool", "version", false, &rep->tool_version) != 0 ||
	    bool_member(rd, tool, "tool", "sandboxed", &rep->sandboxed) != 0)
		return -1;

	json_t *host = object_member(rd, root, "", "host");
	if (!host || string_member(rd, host, "host", "hostname", false, &rep->host.hostname) != 0 ||
	    string_member(rd, host, "host", "os", false, &rep->host.os) != 0 ||
	    string_member(rd, host, "host", "kernel", true, &rep->host.kernel) != 0)
		return -1;
	int p = enum_member(rd, host, "host", "platform", platforms, 2, _("a platform"));
	if (p < 0)
		return -1;
	rep->host.platform = xstrdup(platforms[p]);
	if (string_member(rd, host, "host", "root", false, &rep->host.root) != 0)
		return -1;
	int mode = enum_member(rd, host, "host", "mode", modes, 2, "\"live\" or \"offline\"");
	if (mode < 0)
		return -1;
	rep->host.live = mode == 1;

	/* optional (host.inventory): each member a string or null */
	json_t *inv = json_object_get(root, "inventory");
	if (inv && !json_is_null(inv)) {
		if (expect_type(rd, inv, JSON_OBJECT, "inventory", _("an object or null")) != 0)
			return -1;
		rep->inventory = xcalloc(1, sizeof *rep->inventory);
		for (size_t i = 0; i < INV_FIELD_COUNT; i++)
			if (optional_string_member(rd, inv, "inventory", inventory_keys[i],
						   &rep->inventory->value[i]) != 0)
				return -1;
	}

	json_t *profile = object_member(rd, root, "", "profile");
	json_t *files = profile ? array_member(rd, profile, "profile", "files") : NULL;
	if (!files || string_member(rd, profile, "profile", "name", false, &rep->profile_name) != 0 ||
	    string_array(rd, files, "profile.files", &rep->profile_files, &rep->n_profile_files) != 0)
		return -1;

	json_t *cl = object_member(rd, root, "", "checklist");
	if (!cl || string_member(rd, cl, "checklist", "edition", false, &rep->edition) != 0 ||
	    string_member(rd, cl, "checklist", "name", false, &rep->edition_name) != 0 ||
	    string_member(rd, cl, "checklist", "published", false, &rep->edition_published) != 0)
		return -1;
	int dc = enum_member(rd, cl, "checklist", "device_class", classes, 3, _("a device class"));
	if (dc < 0)
		return -1;
	rep->device_class = xstrdup(classes[dc]);

	json_t *site = json_object_get(root, "site");
	if (site && !json_is_null(site)) {
		if (expect_type(rd, site, JSON_OBJECT, "site", _("an object or null")) != 0 ||
		    string_member(rd, site, "site", "name", true, &rep->site_name) != 0 ||
		    optional_string_member(rd, site, "site", "vendor", &rep->site_vendor) != 0)
			return -1;
	}
	/* "form" and "vendor": absent from reports saved before forms existed (the institution's) */
	json_t *form = json_object_get(root, "form");
	if (form) {
		rep->form = json_is_string(form) ? checklist_form_from_name(json_string_value(form)) : 0;
		if (!rep->form)
			return fail(rd, "form", _("is not \"institution\" or \"vendor\""));
	}
	json_t *vendor = json_object_get(root, "vendor");
	if (vendor && !json_is_null(vendor)) {
		if (expect_type(rd, vendor, JSON_OBJECT, "vendor", _("an object or null")) != 0 ||
		    optional_string_member(rd, vendor, "vendor", "company", &rep->vendor_company) != 0 ||
		    optional_string_member(rd, vendor, "vendor", "person", &rep->vendor_person) != 0 ||
		    optional_string_member(rd, vendor, "vendor", "system", &rep->vendor_system) != 0)
			return -1;
	}
	int lang = enum_member(rd, root, "", "lang", langs, 2, "\"ja\" or \"en\"");
	if (lang < 0)
		return -1;
	rep->lang = xstrdup(langs[lang]);

	char *as_of = NULL;
	int64_t day;
	if (string_member(rd, root, "", "as_of", false, &as_of) != 0)
		return -1;
	if (strlen(as_of) != 10 || parse_day(as_of, &day) != 0) {
		free(as_of);
		return fail(rd, "as_of", _("is not a date in the form YYYY-MM-DD"));
	}
	memcpy(rep->as_of, as_of, 11);
	free(as_of);
	/* schema_minor 1: privileges (absent from older reports: no "run as root" notice) */
	rep->root_user = true;
	json_t *priv = json_object_get(root, "privileges");
	if (priv) {
		json_t *isroot = json_object_get(priv, "root");
		json_t *list = json_object_get(priv, "unreadable_checks");
		if (!json_is_object(priv) || !json_is_boolean(isroot) || !json_is_array(list))
			return fail(rd, "privileges", _("is not an object with \"root\" and \"unreadable_checks\""));
		rep->root_user = json_is_true(isroot);
		if (string_array(rd, list, "privileges.unreadable_checks", &rep->unreadable_checks,
				 &rep->n_unreadable_checks) != 0)
			return -1;
	}
	/* schema_minor 1: the zone and the moment; absent from older reports */
	char *zone = NULL, *at = NULL;
	if (optional_string_member(rd, root, "", "time_zone", &zone) != 0)
		return -1;
	int offset;
	if (zone && (parse_utc_offset(zone, &offset) != 0 || strlen(zone) != 6)) {
		free(zone);
		return fail(rd, "time_zone", _("is not a UTC offset such as +09:00"));
	}
	if (zone)
		memcpy(rep->time_zone, zone, 7);
	free(zone);
	if (optional_string_member(rd, root, "", "audited_at", &at) != 0)
		return -1;
	if (at && (strlen(at) != 25 || at[10] != 'T' || strncmp(at, rep->as_of, 10) != 0)) {
		free(at);
		return fail(rd, "audited_at", _("is not a time such as 2026-12-03T01:00:00+09:00 on the as_of date"));
	}
	if (at)
		memcpy(rep->audited_at, at, 26);
	free(at);

	json_t *d = member(rd, root, "", "duration_ms");
	if (!d || duration_value(rd, d, "duration_ms", &rep->duration_ms) != 0)
		return -1;
	return 0;
}

static int read_report(struct reader *rd, const json_t *root, struct audit_report *rep)
{
	if (!json_is_object(root))
		return fail(rd, NULL, _("not a kensa report (the top level is %s, not an object)"),
			    type_name(root));
	json_t *version = json_object_get(root, "schema_version");
	if (!version)
		return fail(rd, NULL, _("not a kensa report (no schema_version)"));
	if (!json_is_integer(version))
		return fail(rd, "schema_version", _("is %s, not %s"), type_name(version), _("an integer"));
	if (json_integer_value(version) != REPORT_SCHEMA_VERSION)
		return fail(rd, "schema_version",
			    _("%lld is not supported (this kensa reads schema_version %d); use the kensa that wrote it"),
			    (long long)json_integer_value(version), REPORT_SCHEMA_VERSION);
	if (read_header(rd, root, rep) != 0)
		return -1;
	/* schema_minor 2: the message ids the "<field>_msg" members name by index */
	json_t *msgs = json_object_get(root, "messages");
	char why[256];
	if (msgs && msg_table_from_json(msgs, &rd->msgs, why, sizeof why) != 0)
		return fail(rd, "messages", "%s", why);

	json_t *results = array_member(rd, root, "", "results");
	if (!results)
		return -1;
	size_t n = json_array_size(results);
	rep->results = xcalloc(n ? n : 1, sizeof *rep->results);
	rep->n_results = n;
	for (size_t i = 0; i < n; i++) {
		char path[64];
		snprintf(path, sizeof path, "results[%zu]", i);
		if (read_result(rd, json_array_get(results, i), path, &rep->results[i]) != 0)
			return -1;
		for (size_t k = 0; k < i; k++)
			if (strcmp(rep->results[k].id, rep->results[i].id) == 0)
				return fail(rd, path, _("the check %s appears twice"), rep->results[i].id);
	}

	json_t *items = array_member(rd, root, "", "items");
	if (!items)
		return -1;
	n = json_array_size(items);
	rep->items = xcalloc(n ? n : 1, sizeof *rep->items);
	rep->n_items = n;
	for (size_t i = 0; i < n; i++) {
		char path[64];
		snprintf(path, sizeof path, "items[%zu]", i);
		if (read_item(rd, json_array_get(items, i), path, &rep->items[i], rep) != 0)
			return -1;
	}
	if (check_result_items(rd, results, rep) != 0 || check_summary(rd, root, rep) != 0)
		return -1;
	char xerr[256];
	if (exception_notes_from_json((json_t *)root, rep, xerr, sizeof xerr) != 0)
		return fail(rd, NULL, "%s", xerr);

	rep->unmapped = xcalloc(rep->n_results ? rep->n_results : 1, sizeof *rep->unmapped);
	rep->off_form = xcalloc(rep->n_results ? rep->n_results : 1, sizeof *rep->off_form);
	for (size_t i = 0; i < rep->n_results; i++) {
		const char *ids[1];
		json_t *off = json_object_get(json_array_get(results, i), "off_form");
		if (off && !json_is_boolean(off)) {
			char path[64];
			snprintf(path, sizeof path, "results[%zu].off_form", i);
			return fail(rd, path, _("is %s, not %s"), type_name(off), _("a boolean"));
		}
		if (json_is_true(off) && report_items_of_result(rep, &rep->results[i], ids, 1) == 0) {
			rep->off_form[rep->n_off_form++] = &rep->results[i];
			continue;
		}
		if (report_items_of_result(rep, &rep->results[i], ids, 1) == 0) {
			/* "guideline": optional (reports before it existed have none) */
			json_t *g = json_object_get(json_array_get(results, i), "guideline");
			size_t ng = json_is_array(g) ? json_array_size(g) : 0;
			const char **refs = xcalloc(ng ? ng : 1, sizeof *refs);
			size_t nr = 0;
			for (size_t k = 0; k < ng; k++)
				if (json_is_string(json_array_get(g, k)))
					refs[nr++] = json_string_value(json_array_get(g, k));
			report_set_unmapped_refs(rep, rep->n_unmapped, (char *const *)refs, nr);
			free(refs);
			rep->unmapped[rep->n_unmapped++] = &rep->results[i];
		}
	}
	return 0;
}

int report_read_json_buffer(const char *data, size_t len, const char *name,
			    struct audit_report *out, char *err, size_t errlen)
{
	struct reader rd = { .file = name, .err = err, .errlen = errlen };
	memset(out, 0, sizeof *out);
	if (len > REPORT_MAX_BYTES)
		return fail(&rd, NULL, _("larger than %d MiB; not a kensa report"),
			    REPORT_MAX_BYTES >> 20);
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		if (len == 0)
			return fail(&rd, NULL, _("empty file; not a kensa report"));
		return fail(&rd, NULL, _("not JSON (line %d, column %d: %s)"), jerr.line, jerr.column,
			    jerr.text);
	}
	int rc = read_report(&rd, root, out);
	msg_table_free(&rd.msgs);
	json_decref(root);
	if (rc != 0)
		report_free(out);
	return rc;
}

int report_read_json(const char *path, struct audit_report *out, char *err, size_t errlen)
{
	struct reader rd = { .file = path, .err = err, .errlen = errlen };
	memset(out, 0, sizeof *out);
	/* O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can refuse it */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return fail(&rd, NULL, "%s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(&rd, NULL, _("not a regular file"));
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	if (st.st_size > REPORT_MAX_BYTES) {
		close(fd);
		return fail(&rd, NULL, _("larger than %d MiB; not a kensa report"),
			    REPORT_MAX_BYTES >> 20);
	}
	/* Read to the bound, not to st_size: the file may grow while we read. */
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (len == cap) {
			if (cap > REPORT_MAX_BYTES) {
				/* grew past the bound while read: an error, never a truncated parse */
				close(fd);
				free(buf);
				return fail(&rd, NULL, _("larger than %d MiB; not a kensa report"),
					    REPORT_MAX_BYTES >> 20);
			}
			cap = cap * 2 > (size_t)REPORT_MAX_BYTES + 1 ? (size_t)REPORT_MAX_BYTES + 1 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			free(buf);
			return fail(&rd, NULL, "%s", strerror(e));
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	int rc = report_read_json_buffer(buf, len, path, out, err, errlen);
	free(buf);
	return rc;
}
