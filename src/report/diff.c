/* Comparing two reports (see diff.h). Findings are matched by check id and subject, never by
 * wording: a kensa upgrade or another --lang rewords details without anything changing. */
#include "diff.h"
#include "sanitize.h"
#include "rows.h"
#include "../core/forms.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* How bad a status is for a comparison: a pass and a not_applicable are equally fine. */
static int status_rank(enum check_status s)
{
	switch (s) {
	case CHECK_FAIL:
		return 4;
	case CHECK_ERROR:
		return 3;
	case CHECK_WARN:
		return 2;
	case CHECK_MANUAL:
		return 1;
	default:
		return 0;
	}
}

static bool answer_bad(enum item_answer a)
{
	return a == ANSWER_NO || a == ANSWER_UNCHECKED || a == ANSWER_REVIEW;
}

/* A finding that counts towards the verdict: warn or fail, not covered by an exception. */
static bool finding_counts(const struct finding *f)
{
	return f->severity != FINDING_INFO && !f->accepted;
}

static struct diff_entry *add(struct report_diff *d, size_t *cap, enum diff_kind kind,
			      enum diff_direction dir)
{
	XGROW(d->entries, d->n, *cap, d->n + 1);
	struct diff_entry *e = &d->entries[d->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->direction = dir;
	if (dir == DIFF_WORSE)
		d->worse++;
	else if (dir == DIFF_BETTER)
		d->better++;
	else
		d->neutral++;
	return e;
}

static const struct check_result *find_result(const struct audit_report *rep, const char *id)
{
	for (size_t i = 0; i < rep->n_results; i++)
		if (strcmp(rep->results[i].id, id) == 0)
			return &rep->results[i];
	return NULL;
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static void diff_matched_finding(struct report_diff *d, size_t *cap, const struct check_result *o,
				 const struct check_result *n, const struct finding *of,
				 const struct finding *nf)
{
	struct diff_entry *e = NULL;
	if (of->accepted && !nf->accepted && nf->severity != FINDING_INFO)
		e = add(d, cap, DIFF_FINDING_UNACCEPTED, DIFF_WORSE);
	else if (!of->accepted && nf->accepted && of->severity != FINDING_INFO)
		e = add(d, cap, DIFF_FINDING_ACCEPTED, DIFF_NEUTRAL);
	else if (of->severity != nf->severity) {
		enum diff_direction dir = DIFF_NEUTRAL;
		if (!nf->accepted)
			dir = nf->severity > of->severity ? DIFF_WORSE : DIFF_BETTER;
		e = add(d, cap, DIFF_FINDING_SEVERITY, dir);
	}
	if (e) {
		e->old_result = o, e->new_result = n;
		e->old_finding = of, e->new_finding = nf;
	}
}

/* Pair the findings of one check: same subject and detail first, then same subject; what is
 * left over appeared or was resolved. */
static void diff_findings(struct report_diff *d, size_t *cap, const struct check_result *o,
			  const struct check_result *n)
{
	size_t no = o ? o->n_findings : 0, nn = n->n_findings;
	size_t *pair = xcalloc(nn ? nn : 1, sizeof *pair); /* new index -> old index + 1 */
	bool *taken = xcalloc(no ? no : 1, sizeof *taken);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nn; i++) {
			if (pair[i])
				continue;
			for (size_t k = 0; k < no; k++) {
				if (taken[k] || !same(o->findings[k].subject, n->findings[i].subject))
					continue;
				if (pass == 0 && !same(o->findings[k].detail, n->findings[i].detail))
					continue;
				pair[i] = k + 1;
				taken[k] = true;
				break;
			}
		}
	for (size_t i = 0; i < nn; i++) {
		const struct finding *nf = &n->findings[i];
		if (pair[i]) {
			diff_matched_finding(d, cap, o, n, &o->findings[pair[i] - 1], nf);
		} else if (nf->severity != FINDING_INFO) {
			struct diff_entry *e = add(d, cap, DIFF_FINDING_NEW,
						   finding_counts(nf) ? DIFF_WORSE : DIFF_NEUTRAL);
			e->old_result = o, e->new_result = n, e->new_finding = nf;
		}
	}
	for (size_t k = 0; k < no; k++) {
		const struct finding *of = &o->findings[k];
		if (taken[k] || of->severity == FINDING_INFO)
			continue;
		struct diff_entry *e = add(d, cap, DIFF_FINDING_RESOLVED,
					   finding_counts(of) ? DIFF_BETTER : DIFF_NEUTRAL);
		e->old_result = o, e->new_result = n, e->old_finding = of;
	}
	free(pair);
	free(taken);
}

void report_diff_build(const struct audit_report *old_rep, const struct audit_report *new_rep,
		       struct report_diff *d)
{
	size_t cap = 0;
	memset(d, 0, sizeof *d);
	d->old_rep = old_rep;
	d->new_rep = new_rep;
	for (size_t i = 0; i < new_rep->n_results; i++) {
		const struct check_result *n = &new_rep->results[i];
		const struct check_result *o = find_result(old_rep, n->id);
		if (!o) {
			struct diff_entry *e = add(d, &cap, DIFF_CHECK_ADDED,
						   status_rank(n->status) >= 2 ? DIFF_WORSE : DIFF_NEUTRAL);
			e->new_result = n;
		} else if (o->status != n->status) {
			int ro = status_rank(o->status), rn = status_rank(n->status);
			struct diff_entry *e = add(d, &cap, DIFF_CHECK_STATUS,
						   rn > ro ? DIFF_WORSE : rn < ro ? DIFF_BETTER : DIFF_NEUTRAL);
			e->old_result = o, e->new_result = n;
		}
		diff_findings(d, &cap, o, n);
	}
	/* A check that no longer runs (--skip, --only, another platform) is coverage lost. */
	for (size_t i = 0; i < old_rep->n_results; i++)
		if (!find_result(new_rep, old_rep->results[i].id))
			add(d, &cap, DIFF_CHECK_REMOVED, DIFF_WORSE)->old_result = &old_rep->results[i];
	for (size_t i = 0; i < new_rep->n_items; i++) {
		const struct item_verdict *nv = &new_rep->items[i], *ov = NULL;
		for (size_t k = 0; k < old_rep->n_items && !ov; k++)
			if (strcmp(old_rep->items[k].id, nv->id) == 0)
				ov = &old_rep->items[k];
		if (ov && ov->answer == nv->answer)
			continue;
		if (!ov && !answer_bad(nv->answer))
			continue;
		enum diff_direction dir = DIFF_NEUTRAL;
		if (answer_bad(nv->answer))
			dir = DIFF_WORSE;
		else if (ov && answer_bad(ov->answer))
			dir = DIFF_BETTER;
		struct diff_entry *e = add(d, &cap, DIFF_ITEM_ANSWER, dir);
		e->old_item = ov, e->new_item = nv;
	}
}

void report_diff_free(struct report_diff *d)
{
	free(d->entries);
	memset(d, 0, sizeof *d);
}

/* --- text --------------------------------------------------------------------------------- */

static const char *severity_label(enum finding_severity s)
{
	return s == FINDING_FAIL ? _("FAIL") : s == FINDING_WARN ? _("WARN") : _("INFO");
}

/* Text from the audited system: no terminal control, no line breaks (sanitize.h). */
static void put_clean(FILE *out, const char *s)
{
	sanitize_put(out, s, 0);
}

static void put_finding(FILE *out, const struct finding *f)
{
	put_clean(out, f->subject);
	fputs(": ", out);
	put_clean(out, f->detail);
}

static void put_item(FILE *out, const struct item_verdict *v)
{
	fprintf(out, _("item %s"), v->label);
	fputs(" (", out);
	put_clean(out, v->id);
	fputs(")", out);
}

/* One line (without newline) saying what changed. */
static void put_entry(FILE *out, const struct diff_entry *e)
{
	const struct check_result *r = e->new_result ? e->new_result : e->old_result;
	if (r) {
		put_clean(out, r->id);
		fputs(": ", out);
	}
	switch (e->kind) {
	case DIFF_CHECK_STATUS:
		fprintf(out, _("status %s -> %s"), report_status_label(e->old_result->status),
			report_status_label(e->new_result->status));
		fputs(" (", out);
		put_clean(out, e->new_result->title);
		fputc(')', out);
		break;
	case DIFF_CHECK_ADDED:
		fprintf(out, _("newly run, status %s"), report_status_label(e->new_result->status));
		break;
	case DIFF_CHECK_REMOVED:
		fprintf(out, _("no longer run (was %s)"), report_status_label(e->old_result->status));
		break;
	case DIFF_FINDING_NEW:
		fprintf(out, e->new_finding->accepted ? _("new %s finding, covered by an accepted exception: ")
						      : _("new %s finding: "),
			severity_label(e->new_finding->severity));
		put_finding(out, e->new_finding);
		break;
	case DIFF_FINDING_RESOLVED:
		fprintf(out, _("resolved %s finding: "), severity_label(e->old_finding->severity));
		put_finding(out, e->old_finding);
		break;
	case DIFF_FINDING_SEVERITY:
		fprintf(out, _("finding %s -> %s: "), severity_label(e->old_finding->severity),
			severity_label(e->new_finding->severity));
		put_finding(out, e->new_finding);
		break;
	case DIFF_FINDING_UNACCEPTED:
		fputs(e->new_finding->expired ? _("accepted exception expired, the finding counts again: ")
					      : _("no longer covered by an accepted exception: "),
		      out);
		put_finding(out, e->new_finding);
		break;
	case DIFF_FINDING_ACCEPTED:
		fputs(_("now covered by an accepted exception: "), out);
		put_finding(out, e->new_finding);
		break;
	case DIFF_ITEM_ANSWER:
		put_item(out, e->new_item);
		fputs(": ", out);
		if (e->old_item)
			fprintf(out, "%s -> ", item_answer_label(e->old_item->answer));
		else
			fprintf(out, "%s ", _("new row,"));
		fputs(item_answer_label(e->new_item->answer), out);
		fputs(" (", out);
		put_clean(out, e->new_item->title);
		fputc(')', out);
		break;
	}
}

static void put_report_name(FILE *out, const char *name, const struct audit_report *rep)
{
	put_clean(out, name);
	fputs(" (", out);
	put_clean(out, rep->host.hostname);
	fprintf(out, ", %s %s)", _("as of"), rep->as_of);
}

int report_diff_write_text(FILE *out, const struct report_diff *d, const char *old_name,
			   const char *new_name)
{
	fprintf(out, "%s ", _("Old:"));
	put_report_name(out, old_name, d->old_rep);
	fprintf(out, "\n%s ", _("New:"));
	put_report_name(out, new_name, d->new_rep);
	fputc('\n', out);
	if (d->n == 0) {
		fprintf(out, "\n%s\n", _("No change: the same verdicts, findings and checklist answers."));
		return ferror(out) ? -1 : 0;
	}
	static const struct {
		enum diff_direction dir;
		const char *title;
	} groups[] = {
		{ DIFF_WORSE, N_("Worse") },
		{ DIFF_BETTER, N_("Better") },
		{ DIFF_NEUTRAL, N_("Other changes") },
	};
	for (size_t g = 0; g < 3; g++) {
		size_t count = g == 0 ? d->worse : g == 1 ? d->better : d->neutral;
		if (!count)
			continue;
		fprintf(out, "\n%s (%zu):\n", _(groups[g].title), count);
		for (size_t i = 0; i < d->n; i++) {
			if (d->entries[i].direction != groups[g].dir)
				continue;
			fputs("  ", out);
			put_entry(out, &d->entries[i]);
			fputc('\n', out);
		}
	}
	fputc('\n', out);
	fprintf(out, _("%zu worse, %zu better, %zu other changes.\n"), d->worse, d->better, d->neutral);
	return ferror(out) ? -1 : 0;
}

int report_diff_write_regressions(FILE *out, const struct report_diff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		if (d->entries[i].direction != DIFF_WORSE)
			continue;
		put_clean(out, d->new_rep->host.hostname);
		fputs(": ", out);
		put_entry(out, &d->entries[i]);
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

/* --- JSON --------------------------------------------------------------------------------- */

static json_t *jstr(const char *s)
{
	if (!s)
		return json_null();
	char *valid = sanitize_utf8_dup(s); /* exact, but valid UTF-8 (sanitize.h) */
	json_t *j = json_string(valid);
	free(valid);
	return j ? j : json_string("");
}

static json_t *finding_json(const struct finding *f)
{
	return json_pack("{s:o, s:s, s:o, s:b}", "subject", jstr(f->subject), "severity",
			 finding_severity_name(f->severity), "detail", jstr(f->detail), "accepted",
			 f->accepted != NULL);
}

static json_t *side_json(const char *name, const struct audit_report *rep)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:s}", "file", jstr(name), "hostname",
			 jstr(rep->host.hostname), "as_of", jstr(rep->as_of), "checklist",
			 jstr(rep->edition), "device_class", jstr(rep->device_class), "form",
			 checklist_form_name(rep->form ? rep->form : CHECKLIST_FORM_INSTITUTION));
}

static const char *kind_name(enum diff_kind k)
{
	static const char *const names[] = {
		[DIFF_CHECK_STATUS] = "check_status",     [DIFF_CHECK_ADDED] = "check_added",
		[DIFF_CHECK_REMOVED] = "check_removed",   [DIFF_FINDING_NEW] = "finding_new",
		[DIFF_FINDING_RESOLVED] = "finding_resolved",
		[DIFF_FINDING_SEVERITY] = "finding_severity",
		[DIFF_FINDING_UNACCEPTED] = "finding_unaccepted",
		[DIFF_FINDING_ACCEPTED] = "finding_accepted", [DIFF_ITEM_ANSWER] = "item_answer",
	};
	return names[k];
}

int report_diff_write_json(FILE *out, const struct report_diff *d, const char *old_name,
			   const char *new_name)
{
	static const char *const dirs[] = { "worse", "better", "neutral" };
	json_t *changes = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const struct diff_entry *e = &d->entries[i];
		json_t *c = json_pack("{s:s, s:s}", "direction", dirs[e->direction], "kind",
				      kind_name(e->kind));
		const struct check_result *r = e->new_result ? e->new_result : e->old_result;
		if (r)
			json_object_set_new(c, "check", jstr(r->id));
		if (e->kind == DIFF_CHECK_STATUS || e->kind == DIFF_CHECK_REMOVED)
			json_object_set_new(c, "old_status",
					    json_string(check_status_name(e->old_result->status)));
		if (e->kind == DIFF_CHECK_STATUS || e->kind == DIFF_CHECK_ADDED)
			json_object_set_new(c, "new_status",
					    json_string(check_status_name(e->new_result->status)));
		if (e->old_finding)
			json_object_set_new(c, "old_finding", finding_json(e->old_finding));
		if (e->new_finding)
			json_object_set_new(c, "new_finding", finding_json(e->new_finding));
		if (e->kind == DIFF_ITEM_ANSWER) {
			json_object_set_new(c, "item", jstr(e->new_item->id));
			json_object_set_new(c, "label", jstr(e->new_item->label));
			json_object_set_new(c, "old_answer", e->old_item
				? json_string(item_answer_name(e->old_item->answer)) : json_null());
			json_object_set_new(c, "new_answer",
					    json_string(item_answer_name(e->new_item->answer)));
		}
		json_array_append_new(changes, c);
	}
	json_t *root = json_pack("{s:i, s:o, s:o, s:b, s:I, s:I, s:I, s:o}", "diff_version", 1,
		"old", side_json(old_name, d->old_rep), "new", side_json(new_name, d->new_rep),
		"same_host", same(d->old_rep->host.hostname, d->new_rep->host.hostname),
		"worse", (json_int_t)d->worse, "better", (json_int_t)d->better,
		"neutral", (json_int_t)d->neutral, "changes", changes);
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return rc != 0 || ferror(out) ? -1 : 0;
}

/* --- kensa diff --------------------------------------------------------------------------- */

/* Both reports on one form: `form`, or (none given) each as saved unless they differ, then the
 * rows both have, the vendor's form. 0, or 1 after a one-line error. */
static int diff_same_form(struct audit_report *old_rep, const char *old_path,
			  struct audit_report *new_rep, const char *new_path, unsigned form)
{
	unsigned of = old_rep->form ? old_rep->form : CHECKLIST_FORM_INSTITUTION;
	unsigned nf = new_rep->form ? new_rep->form : CHECKLIST_FORM_INSTITUTION;
	if (!form && of == nf)
		return 0;
	if (!form) {
		form = CHECKLIST_FORM_VENDOR;
		sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE,
				 _("kensa: warning: %s is the %s, %s the %s; comparing the rows of the %s\n"),
				 old_path, report_form_label(of), new_path, report_form_label(nf),
				 report_form_label(form));
	}
	struct audit_report *reps[2] = { old_rep, new_rep };
	const char *paths[2] = { old_path, new_path };
	for (int i = 0; i < 2; i++) {
		char err[512];
		report_complete_from_checklist(reps[i]); /* which forms rows of older reports are on */
		if (report_select_form(reps[i], form, err, sizeof err) != 0) {
			sanitize_fprintf(stderr, SANITIZE_KEEP_TAB, "kensa: %s: %s", paths[i], err);
			fputc('\n', stderr);
			return 1;
		}
	}
	return 0;
}

int report_diff_files(const char *old_path, const char *new_path, unsigned form, bool json,
		      const char *lang,
		      FILE *out)
{
	struct audit_report old_rep, new_rep;
	char err[1024];
	if (report_read_json(old_path, &old_rep, err, sizeof err) != 0) {
		sanitize_fprintf(stderr, SANITIZE_KEEP_TAB, "kensa: %s", err);
		fputc('\n', stderr);
		return 1;
	}
	if (report_read_json(new_path, &new_rep, err, sizeof err) != 0) {
		sanitize_fprintf(stderr, SANITIZE_KEEP_TAB, "kensa: %s", err);
		fputc('\n', stderr);
		report_free(&old_rep);
		return 1;
	}
	if (lang) {
		report_render_language(&old_rep, lang);
		report_render_language(&new_rep, lang);
	}
	/* An image compared with its predecessor has another hostname; say so, then compare. */
	if (!same(old_rep.host.hostname, new_rep.host.hostname))
		sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE,
				 _("kensa: warning: %s is a report of host %s, %s of host %s; comparing anyway\n"),
			old_path, old_rep.host.hostname, new_path, new_rep.host.hostname);
	if (!same(old_rep.edition, new_rep.edition) || !same(old_rep.device_class, new_rep.device_class))
		sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE,
				 _("kensa: warning: the reports answer different checklists (%s %s, %s %s); rows are matched by item id\n"),
			old_rep.edition, old_rep.device_class, new_rep.edition, new_rep.device_class);
	if (diff_same_form(&old_rep, old_path, &new_rep, new_path, form) != 0) {
		report_free(&old_rep);
		report_free(&new_rep);
		return 1;
	}
	struct report_diff d;
	report_diff_build(&old_rep, &new_rep, &d);
	int wrc = json ? report_diff_write_json(out, &d, old_path, new_path)
		       : report_diff_write_text(out, &d, old_path, new_path);
	int status = d.worse ? 2 : 0;
	if (wrc != 0 || fflush(out) != 0) {
		fprintf(stderr, "kensa: stdout: %s\n", strerror(errno));
		status = 1;
	}
	report_diff_free(&d);
	report_free(&old_rep);
	report_free(&new_rep);
	return status;
}
