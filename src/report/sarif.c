/* SARIF 2.1.0 (OASIS) for code-scanning dashboards: one rule per check that ran, one result per
 * finding (fail -> error, warn -> warning, info -> note), located at the evidence files relative
 * to the audited root (uriBaseId "ROOT"); accepted exceptions are external suppressions; checks
 * that could not decide are tool execution notifications. */
#include "report.h"
#include "json_text.h"
#include "../core/i18n.h"
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* The project has no public home page yet; this names it without pointing anywhere real
 * (the same id as docs/report.schema.json). */
#define KENSA_INFORMATION_URI "https://kensa.invalid/"

static json_t *text(const char *s)
{
	return report_json_text(s ? s : "");
}

static json_t *message(const char *s)
{
	return json_pack("{s:o}", "text", text(s));
}

/* Percent-encode a path for a URI (RFC 3986): unreserved characters and '/' stay. */
static char *uri_path(const char *path, bool trailing_slash)
{
	size_t n = strlen(path);
	char *out = malloc(n * 3 + 2), *o = out;
	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	if (trailing_slash && (o == out || o[-1] != '/'))
		*o++ = '/';
	*o = '\0';
	return out;
}

/* "line N" / "N 行目" at the start of an evidence value: the line in its source file. */
static long evidence_line(const char *value)
{
	const char *p = value;
	if (strncmp(p, "line ", 5) == 0)
		p += 5;
	if (*p < '1' || *p > '9')
		return 0;
	char *end;
	long line = strtol(p, &end, 10);
	if (line <= 0 || line > INT_MAX)
		return 0;
	if (p != value || strncmp(end, " 行目", strlen(" 行目")) == 0)
		return line;
	return 0;
}

static json_t *location(const struct evidence *ev)
{
	/* Only files inside the root have a location; commands and derived values do not. */
	if (!ev->source || ev->source[0] != '/' || !ev->source[1])
		return NULL;
	char *uri = uri_path(ev->source + 1, false);
	if (!uri)
		return NULL;
	json_t *phys = json_pack("{s:{s:s, s:s}}", "artifactLocation", "uri", uri, "uriBaseId", "ROOT");
	free(uri);
	long line = ev->value ? evidence_line(ev->value) : 0;
	if (line)
		json_object_set_new(phys, "region", json_pack("{s:I}", "startLine", (json_int_t)line));
	return json_pack("{s:o}", "physicalLocation", phys);
}

/* A finding's own evidence, then what it shares with other findings of its check (SARIF results
 * stand alone: each carries all of its evidence). i < n_evidence + n_evidence_refs. */
static const struct evidence *finding_ev(const struct check_result *r, const struct finding *f,
					 size_t i)
{
	return i < f->n_evidence ? &f->evidence[i] : &r->evidence[f->evidence_refs[i - f->n_evidence]];
}

static json_t *finding_locations(const struct check_result *r, const struct finding *f)
{
	json_t *locs = json_array();
	for (size_t i = 0; i < f->n_evidence + f->n_evidence_refs; i++) {
		json_t *loc = location(finding_ev(r, f, i));
		if (!loc)
			continue;
		bool seen = false;
		for (size_t k = 0; k < json_array_size(locs) && !seen; k++)
			seen = json_equal(json_array_get(locs, k), loc);
		if (seen)
			json_decref(loc);
		else
			json_array_append_new(locs, loc);
	}
	return locs;
}

static const char *level_of(enum finding_severity s)
{
	return s == FINDING_FAIL ? "error" : s == FINDING_WARN ? "warning" : "note";
}

/* The rule's readable name, distinct from its id as SARIF wants: "accounts.stale" ->
 * "AccountsStale". */
static json_t *rule_name(const char *id)
{
	char name[128];
	size_t n = 0;
	bool upper = true;
	for (const char *p = id; *p && n + 1 < sizeof name; p++) {
		if (*p == '.' || *p == '_' || *p == '-') {
			upper = true;
			continue;
		}
		name[n++] = upper && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
		upper = false;
	}
	name[n] = '\0';
	return text(name);
}

static json_t *rule_json(const struct audit_report *rep, const struct check_result *r)
{
	const char *ids[32];
	size_t n = report_items_of_result(rep, r, ids, 32);
	json_t *items = json_array(), *labels = json_array(), *tags = json_array();
	json_array_append_new(tags, json_string("security"));
	for (size_t i = 0; i < n && i < 32; i++) {
		json_array_append_new(items, text(ids[i]));
		char tag[128];
		snprintf(tag, sizeof tag, "%s/%s", rep->edition, ids[i]);
		json_array_append_new(tags, text(tag));
		for (size_t k = 0; k < rep->n_items; k++)
			if (strcmp(rep->items[k].id, ids[i]) == 0)
				json_array_append_new(labels, text(rep->items[k].label));
	}
	size_t nrefs;
	char *const *refs = report_guideline_of_result(rep, r, &nrefs);
	for (size_t i = 0; i < nrefs; i++) {
		char tag[160];
		snprintf(tag, sizeof tag, "guideline/%s", refs[i]);
		json_array_append_new(tags, text(tag));
	}
	char *full = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&full, &len);
	if (m) {
		fputs(r->title ? r->title : r->id, m);
		if (n)
			fprintf(m, _(" (checklist %s, item %s)"), rep->edition, ids[0]);
		fputc('.', m);
		fclose(m);
	}
	json_t *rule = json_pack("{s:o, s:o, s:o, s:o, s:o, s:{s:s}, s:{s:o, s:o, s:o, s:o}}",
		"id", text(r->id),
		"name", rule_name(r->id),
		"shortDescription", message(r->title),
		"fullDescription", message(full ? full : r->id),
		"help", message(r->remediation),
		"defaultConfiguration", "level", "error",
		"properties", "checklist", text(rep->edition), "items", items, "itemLabels", labels,
		"tags", tags);
	free(full);
	return rule;
}

static json_t *suppression(const struct finding_exception *x)
{
	char *just = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&just, &len);
	if (m) {
		fprintf(m, "%s (%s", x->reason ? x->reason : "", x->by ? x->by : "");
		if (x->expires)
			fprintf(m, _(", until %s"), x->expires);
		fputc(')', m);
		fclose(m);
	}
	json_t *s = json_pack("{s:s, s:s, s:o}", "kind", "external", "status", "accepted",
			      "justification", text(just ? just : ""));
	free(just);
	return s;
}

static json_t *result_json(const struct check_result *r, size_t rule_index, const struct finding *f)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&msg, &len);
	if (m) {
		fprintf(m, "%s: %s", f->subject ? f->subject : "", f->detail ? f->detail : "");
		if (len == 0 || msg[strlen(msg) - 1] != '.')
			fputc('.', m); /* SARIF asks for messages that are sentences */
		fclose(m);
	}
	json_t *evidence = json_array();
	for (size_t i = 0; i < f->n_evidence + f->n_evidence_refs; i++) {
		const struct evidence *ev = finding_ev(r, f, i);
		json_array_append_new(evidence, json_pack("{s:o, s:o}", "source",
			ev->source ? text(ev->source) : json_null(), "value", text(ev->value)));
	}
	char fingerprint[1024];
	snprintf(fingerprint, sizeof fingerprint, "%s:%s", r->id, f->subject ? f->subject : "");
	json_t *res = json_pack("{s:o, s:I, s:s, s:o, s:o, s:{s:o}, s:{s:o, s:o}}",
		"ruleId", text(r->id),
		"ruleIndex", (json_int_t)rule_index,
		"level", level_of(f->severity),
		"message", message(msg ? msg : ""),
		"locations", finding_locations(r, f),
		"partialFingerprints", "kensaFinding/v1", text(fingerprint),
		"properties", "subject", text(f->subject), "evidence", evidence);
	free(msg);
	if (f->accepted)
		json_object_set_new(res, "suppressions", json_pack("[o]", suppression(f->accepted)));
	return res;
}

static json_t *root_base(const struct audit_report *rep)
{
	const char *root = rep->host.root ? rep->host.root : "/";
	char resolved[PATH_MAX];
	if (root[0] != '/') {
		/* a relative --root: only a fresh report is still beside it */
		if (!realpath(root, resolved))
			return NULL;
		root = resolved;
	}
	char *path = uri_path(root, true);
	if (!path)
		return NULL;
	char *uri = NULL;
	if (asprintf(&uri, "file://%s", path) < 0)
		uri = NULL;
	free(path);
	if (!uri)
		return NULL;
	json_t *base = json_pack("{s:{s:s, s:o}}", "ROOT", "uri", uri, "description",
				 message(_("The root file system kensa audited.")));
	free(uri);
	return base;
}

int report_write_sarif(FILE *out, const struct audit_report *rep)
{
	json_t *rules = json_array(), *results = json_array(), *notes = json_array();
	bool failed = false;
	for (size_t i = 0; i < rep->n_results; i++) {
		const struct check_result *r = &rep->results[i];
		json_array_append_new(rules, rule_json(rep, r));
		for (size_t k = 0; k < r->n_findings; k++)
			json_array_append_new(results, result_json(r, i, &r->findings[k]));
		failed |= r->status == CHECK_FAIL || (r->status == CHECK_WARN && rep->fail_on_warn);
		if (r->status == CHECK_ERROR) {
			char *msg = NULL;
			if (asprintf(&msg, "%s: %s", r->id, r->reason ? r->reason : _("the check could not decide")) < 0)
				msg = NULL;
			json_array_append_new(notes, json_pack("{s:s, s:o, s:{s:o, s:I}}", "level", "error",
				"message", message(msg ? msg : r->id), "associatedRule", "id", text(r->id),
				"index", (json_int_t)i));
			free(msg);
		}
	}
	json_t *invocation = json_pack("{s:b, s:i}", "executionSuccessful", 1, "exitCode", failed ? 2 : 0);
	if (json_array_size(notes))
		json_object_set_new(invocation, "toolExecutionNotifications", notes);
	else
		json_decref(notes);
	char automation[512];
	snprintf(automation, sizeof automation, "kensa/%s/%s/%s", rep->edition,
		 rep->host.hostname ? rep->host.hostname : "unknown", rep->as_of);
	json_t *run = json_pack("{s:{s:{s:s, s:o, s:o, s:s, s:o}}, s:{s:o}, s:[o]}",
		"tool", "driver", "name", "kensa", "version", text(rep->tool_version),
		"semanticVersion", text(rep->tool_version), "informationUri", KENSA_INFORMATION_URI,
		"rules", rules,
		"automationDetails", "id", text(automation),
		"invocations", invocation);
	json_t *base = root_base(rep);
	if (base)
		json_object_set_new(run, "originalUriBaseIds", base);
	json_object_set_new(run, "results", results);
	json_object_set_new(run, "properties",
		json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:s}", "hostname", text(rep->host.hostname),
			  "os", text(rep->host.os), "mode", rep->host.live ? "live" : "offline",
			  "checklist", text(rep->edition), "profile", text(rep->profile_name),
			  "asOf", text(rep->as_of), "failOn", rep->fail_on_warn ? "warn" : "fail"));
	json_t *log = json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA, "version", "2.1.0",
				"runs", run);
	int rc = json_dumpf(log, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(log);
	return rc != 0 || ferror(out) ? -1 : 0;
}
