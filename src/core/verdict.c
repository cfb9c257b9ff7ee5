/* Checklist rows from check results: a row is はい only when every check mapped to it passed;
 * only a fail makes it いいえ; a warn, an error or a check that did not run makes it 要確認 with
 * the reasons, never はい. Rows no check answers take the site file's answer, or stay 未確認. */
#include "checklist.h"
#include "check.h"
#include "i18n.h"
#include "site.h"
#include "xalloc.h"
#include "../report/report.h"
#include "../report/rows.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int severity_rank(enum check_status s)
{
	switch (s) {
	case CHECK_FAIL:
		return 5;
	case CHECK_ERROR:
		return 4;
	case CHECK_WARN:
		return 3;
	case CHECK_PASS:
		return 2;
	case CHECK_MANUAL:
		return 1;
	default:
		return 0; /* not_applicable */
	}
}

static const struct check_result *find_result(const struct audit_report *rep, const char *id)
{
	for (size_t i = 0; i < rep->n_results; i++)
		if (strcmp(rep->results[i].id, id) == 0)
			return &rep->results[i];
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void append_piece(char **buf, const char *piece, struct kmsg **msg, struct kmsg *piece_msg)
{
	char *joined = *buf ? xasprintf("%s; %s", *buf, piece) : xstrdup(piece);
	free(*buf);
	*buf = joined;
	if (*msg) {
		struct kmsg *both[2] = { *msg, piece_msg };
		*msg = msg_make("%s; %s", 2, both);
	} else {
		*msg = piece_msg;
	}
}

/* The row's reason: a phrase (N_() msgid) with its identity, so a saved report renders it in
 * either language. */
static void set_reason_phrase(struct item_verdict *v, const char *msgid)
{
	free(v->reason);
	msg_free(v->reason_msg);
	v->reason = xstrdup(_(msgid));
	v->reason_msg = msg_phrase(msgid);
}

/* The identity of what undecided_why(r) returned. */
static struct kmsg *undecided_why_msg(const struct check_result *r, const char *why)
{
	if (r->status == CHECK_WARN)
		for (size_t f = 0; f < r->n_findings; f++)
			if (r->findings[f].detail == why)
				return msg_or_literal(r->findings[f].detail_msg, why);
	if (r->reason == why)
		return msg_or_literal(r->reason_msg, why);
	struct kmsg *m = msg_of_string(why); /* the status word */
	return m ? m : msg_literal(why);
}

/* Why a check leaves its row to a person: its first warn that counts, or its reason. */
static const char *undecided_why(const struct check_result *r)
{
	if (r->status == CHECK_WARN)
		for (size_t f = 0; f < r->n_findings; f++)
			if (r->findings[f].severity == FINDING_WARN && !r->findings[f].accepted)
				return r->findings[f].detail;
	return r->reason ? r->reason : report_status_word(r->status);
}

void report_item_accepted(struct item_verdict *v, bool *accepted_fail, bool *accepted_warn)
{
	bool open_ended = false, fail = false, warn = false;
	v->accepted = 0;
	free(v->accepted_expires);
	v->accepted_expires = NULL;
	for (size_t k = 0; k < v->n_results; k++) {
		const struct check_result *r = v->results[k];
		for (size_t f = 0; f < r->n_findings; f++) {
			const struct finding *fd = &r->findings[f];
			if (!fd->accepted)
				continue;
			v->accepted++;
			fail |= fd->severity == FINDING_FAIL;
			warn |= fd->severity == FINDING_WARN;
			if (!fd->accepted->expires)
				open_ended = true;
			else if (!v->accepted_expires ||
				 strcmp(fd->accepted->expires, v->accepted_expires) < 0) {
				free(v->accepted_expires);
				v->accepted_expires = xstrdup(fd->accepted->expires);
			}
		}
	}
	if (open_ended) { /* one finding accepted with no end: the row has no expiry either */
		free(v->accepted_expires);
		v->accepted_expires = NULL;
	}
	if (accepted_fail)
		*accepted_fail = fail;
	if (accepted_warn)
		*accepted_warn = warn;
}

/* fail → いいえ; warn, error, a check that did not run → 要確認 with the reasons; every check
 * passed (info findings allowed) → はい; all not applicable → 該当なし. A finding an accepted
 * exception covers still says what is not in place: an accepted fail keeps いいえ, an accepted
 * warn 要確認, and the row notes the exception. */
static void answer_from_checks(struct item_verdict *v)
{
	bool failed = false, all_na = true;
	char *review = NULL;
	struct kmsg *review_msg = NULL;
	enum check_status worst = CHECK_NOT_APPLICABLE;
	bool accepted_fail, accepted_warn;
	for (size_t k = 0; k < v->n_results; k++) {
		const struct check_result *r = v->results[k];
		enum check_status s = r->status;
		if (severity_rank(s) > severity_rank(worst))
			worst = s;
		failed |= s == CHECK_FAIL;
		all_na &= s == CHECK_NOT_APPLICABLE;
		if (s == CHECK_WARN || s == CHECK_ERROR || s == CHECK_MANUAL) {
			const char *why = undecided_why(r);
			char *piece = xasprintf("%s: %s", r->title ? r->title : r->id, why);
			struct kmsg *parts[2] = { msg_or_literal(r->title ? r->title_msg : NULL,
								 r->title ? r->title : r->id),
						  undecided_why_msg(r, why) };
			append_piece(&review, piece, &review_msg, msg_make("%s: %s", 2, parts));
			free(piece);
		}
	}
	report_item_accepted(v, &accepted_fail, &accepted_warn);
	for (size_t k = 0; k < v->n_check_ids; k++) {
		bool ran = false;
		for (size_t j = 0; j < v->n_results; j++)
			ran |= strcmp(v->results[j]->id, v->check_ids[k]) == 0;
		if (!ran) {
			static const char did_not_run[] =
				N_("%s: did not run (--only/--skip or another platform)");
			char *piece = xasprintf(_(did_not_run), v->check_ids[k]);
			struct kmsg *id = msg_literal(v->check_ids[k]);
			append_piece(&review, piece, &review_msg, msg_make(did_not_run, 1, &id));
			free(piece);
		}
	}
	v->status = v->n_results ? worst : CHECK_MANUAL;
	if (failed || accepted_fail) {
		v->answer = ANSWER_NO;
		set_reason_phrase(v, failed ? N_("a check found what the item forbids")
					    : N_("a check found what the item forbids; an accepted exception covers it"));
	} else if (review || accepted_warn) {
		v->answer = ANSWER_REVIEW;
		static const char settle[] = N_("to settle before signing: %s");
		if (review) {
			v->reason = xasprintf(_(settle), review);
			v->reason_msg = msg_make(settle, 1, &review_msg);
			review_msg = NULL;
		} else {
			set_reason_phrase(v, N_("to settle before signing: a warning an accepted exception covers"));
		}
	} else if (all_na) {
		v->answer = ANSWER_NOT_APPLICABLE;
		set_reason_phrase(v, N_("its checks do not apply to this system"));
	} else {
		v->answer = ANSWER_YES;
		set_reason_phrase(v, N_("every check passed"));
	}
	free(review);
	msg_free(review_msg);
}

/* Every check of the row ran and none failed or erred, and at least one said "a person must
 * answer" (result_manual). */
static bool defers_to_person(const struct item_verdict *v)
{
	if ((v->answer != ANSWER_UNCHECKED && v->answer != ANSWER_REVIEW) ||
	    v->n_results < v->n_check_ids)
		return false;
	bool manual = false;
	for (size_t k = 0; k < v->n_results; k++) {
		enum check_status s = v->results[k]->status;
		if (s != CHECK_MANUAL && s != CHECK_PASS && s != CHECK_NOT_APPLICABLE)
			return false;
		manual |= s == CHECK_MANUAL;
	}
	return manual;
}

void report_build_items(struct audit_report *rep, const struct checklist *c,
			const struct site *site)
{
	bool ja = strcmp(rep->lang, "ja") == 0;
	for (size_t i = 0; i < rep->n_results; i++) {
		result_share_evidence(&rep->results[i]); /* each piece of evidence once per check */
		result_compose_remedy(&rep->results[i]); /* what this host needs, not a generic text */
	}
	rep->items = xcalloc(c->n_items ? c->n_items : 1, sizeof *rep->items);
	rep->n_items = 0;
	for (size_t i = 0; i < c->n_items; i++) {
		const struct checklist_item *it = &c->items[i];
		if (!checklist_item_applies(it, rep->device_class))
			continue;
		struct item_verdict *v = &rep->items[rep->n_items++];
		const struct checklist_section *sec = checklist_section(c, it->section);
		v->id = xstrdup(it->id);
		v->forms = it->forms ? it->forms : sec->forms; /* checklist_item_forms() */
		v->label = xstrdup(it->label);
		v->title = xstrdup(ja ? it->title_ja : it->title_en);
		v->section = xstrdup(it->section);
		v->section_title = xstrdup(ja ? sec->title_ja : sec->title_en);
		v->hint = dup_or_null(ja ? it->manual_hint_ja : it->manual_hint_en);
		v->n_check_ids = it->n_checks;
		v->check_ids = xcalloc(it->n_checks ? it->n_checks : 1, sizeof *v->check_ids);
		v->results = xcalloc(it->n_checks ? it->n_checks : 1, sizeof *v->results);
		for (size_t k = 0; k < it->n_checks; k++) {
			v->check_ids[k] = xstrdup(it->checks[k]);
			const struct check_result *r = find_result(rep, it->checks[k]);
			if (r)
				v->results[v->n_results++] = r;
		}
		if (it->n_checks) {
			answer_from_checks(v);
			if (!it->person_answers || !defers_to_person(v))
				continue;
			/* a check found no proof but the item accepts a person's answer (2-10: a
			 * plan by FY2027): the site file decides, the check stays as evidence */
			free(v->reason);
			v->reason = NULL;
			msg_free(v->reason_msg);
			v->reason_msg = NULL;
		}
		v->status = CHECK_MANUAL;
		const struct site_answer *a = site_answer_for(site, it->id);
		if (!a) {
			v->answer = ANSWER_UNCHECKED;
			set_reason_phrase(v, N_("answered by a person; no answer given in the site file"));
			continue;
		}
		v->answer = a->yes ? ANSWER_YES : ANSWER_NO;
		set_reason_phrase(v, N_("answered by a person (site file)"));
		v->answered_by = xstrdup(a->by);
		v->answered_on = xstrdup(a->date);
		v->note = dup_or_null(a->note);
		v->target_date = dup_or_null(a->target_date);
	}
	rep->unmapped = xcalloc(rep->n_results ? rep->n_results : 1, sizeof *rep->unmapped);
	rep->n_unmapped = 0;
	for (size_t i = 0; i < rep->n_results; i++) {
		const char *ids[1];
		if (report_items_of_result(rep, &rep->results[i], ids, 1) == 0) {
			size_t nrefs;
			char *const *refs = checklist_guideline_refs(c, rep->results[i].id, &nrefs);
			report_set_unmapped_refs(rep, rep->n_unmapped, refs, nrefs);
			rep->unmapped[rep->n_unmapped++] = &rep->results[i];
		}
	}
}

const char *report_form_label(unsigned form)
{
	return form == CHECKLIST_FORM_VENDOR ? _("vendor's form (事業者確認用)")
					     : _("institution's form (医療機関確認用)");
}

bool report_result_off_form(const struct audit_report *rep, const struct check_result *r)
{
	for (size_t i = 0; i < rep->n_off_form; i++)
		if (rep->off_form[i] == r)
			return true;
	return false;
}

static void item_verdict_free(struct item_verdict *v)
{
	free(v->id);
	free(v->label);
	free(v->title);
	free(v->section);
	free(v->section_title);
	free(v->hint);
	free(v->reason);
	msg_free(v->reason_msg);
	for (size_t k = 0; k < v->n_check_ids; k++)
		free(v->check_ids[k]);
	free(v->check_ids);
	free(v->results);
	free(v->answered_by);
	free(v->answered_on);
	free(v->note);
	free(v->target_date);
	free(v->accepted_expires);
}

int report_select_form(struct audit_report *rep, unsigned form, char *err, size_t errlen)
{
	unsigned have = rep->form ? rep->form : CHECKLIST_FORM_INSTITUTION;
	if (form == have) {
		rep->form = form;
		return 0;
	}
	if (have != CHECKLIST_FORM_INSTITUTION) {
		snprintf(err, errlen, _("this report holds the %s only; audit again with --form %s"),
			 report_form_label(have), checklist_form_name(form));
		return -1;
	}
	for (size_t i = 0; i < rep->n_items; i++)
		if (!rep->items[i].forms) {
			snprintf(err, errlen,
				 _("row %s does not say which forms it is on (checklist edition '%s' is not known to this kensa)"),
				 rep->items[i].id, rep->edition ? rep->edition : "");
			return -1;
		}
	/* results on a dropped row and on no kept row: checks of this audit, rows of another form
	 * (one pass over the rows' links: rows point into rep->results) */
	size_t nr = rep->n_results ? rep->n_results : 1;
	unsigned char *on = xcalloc(nr, 1); /* bit 1: on a kept row, bit 2: on a dropped row */
	for (size_t i = 0; i < rep->n_items; i++)
		for (size_t k = 0; k < rep->items[i].n_results; k++) {
			const struct check_result *r = rep->items[i].results[k];
			if (r >= rep->results && r < rep->results + rep->n_results)
				on[r - rep->results] |= rep->items[i].forms & form ? 1 : 2;
		}
	const struct check_result **off = xcalloc(nr, sizeof *off);
	size_t n_off = 0;
	for (size_t r = 0; r < rep->n_results; r++)
		if (on[r] == 2)
			off[n_off++] = &rep->results[r];
	free(on);
	size_t n = 0;
	for (size_t i = 0; i < rep->n_items; i++) {
		if (rep->items[i].forms & form)
			rep->items[n++] = rep->items[i];
		else
			item_verdict_free(&rep->items[i]);
	}
	rep->n_items = n;
	free(rep->off_form);
	rep->off_form = off;
	rep->n_off_form = n_off;
	rep->form = form;
	return 0;
}

void report_set_unmapped_refs(struct audit_report *rep, size_t i, char *const *refs, size_t n)
{
	if (!rep->unmapped_refs) {
		size_t cap = rep->n_results ? rep->n_results : 1;
		rep->unmapped_refs = xcalloc(cap, sizeof *rep->unmapped_refs);
		rep->n_unmapped_refs = xcalloc(cap, sizeof *rep->n_unmapped_refs);
	}
	rep->unmapped_refs[i] = xcalloc(n ? n : 1, sizeof **rep->unmapped_refs);
	for (size_t k = 0; k < n; k++)
		rep->unmapped_refs[i][k] = xstrdup(refs[k]);
	rep->n_unmapped_refs[i] = n;
}

const char *report_ref_prefix(const char *ref)
{
	/* a guideline's version number: digits, '.', a digit ("7.0 14-⑥") */
	size_t n = strspn(ref, "0123456789");
	return n && ref[n] == '.' && ref[n + 1] >= '0' && ref[n + 1] <= '9' ? _("Guideline:") : NULL;
}

const char *report_unmapped_heading(const struct audit_report *rep)
{
	for (size_t i = 0; i < rep->n_unmapped; i++) {
		size_t n;
		char *const *refs = report_guideline_of_result(rep, rep->unmapped[i], &n);
		for (size_t k = 0; k < n; k++)
			if (!report_ref_prefix(refs[k]))
				return _("Requirements beyond this edition (guideline, nine rules)");
	}
	return _("Guideline requirements beyond this edition");
}

char *const *report_guideline_of_result(const struct audit_report *rep,
					const struct check_result *r, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < rep->n_unmapped && rep->unmapped_refs; i++)
		if (rep->unmapped[i] == r && rep->unmapped_refs[i]) {
			*n = rep->n_unmapped_refs[i];
			return rep->unmapped_refs[i];
		}
	return NULL;
}

size_t report_items_of_result(const struct audit_report *rep, const struct check_result *r,
			      const char **ids, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < rep->n_items; i++)
		for (size_t k = 0; k < rep->items[i].n_results; k++)
			if (rep->items[i].results[k] == r) {
				if (n < max)
					ids[n] = rep->items[i].id;
				n++;
			}
	return n;
}

void report_count_summary(struct audit_report *rep)
{
	memset(rep->summary, 0, sizeof rep->summary);
	for (size_t i = 0; i < rep->n_results; i++)
		rep->summary[rep->results[i].status]++;
}

const char *item_answer_label(enum item_answer a)
{
	switch (a) {
	case ANSWER_YES:
		return _("Yes");
	case ANSWER_NO:
		return _("No");
	case ANSWER_NOT_APPLICABLE:
		return _("Not applicable");
	case ANSWER_REVIEW:
		return _("To review");
	default:
		return _("Not checked");
	}
}

static const char *const answer_names[ANSWER_COUNT] = {
	[ANSWER_YES] = "yes",
	[ANSWER_NO] = "no",
	[ANSWER_UNCHECKED] = "unchecked",
	[ANSWER_NOT_APPLICABLE] = "not_applicable",
	[ANSWER_REVIEW] = "review",
};

const char *item_answer_name(enum item_answer a)
{
	return answer_names[a];
}

int item_answer_from_name(const char *name)
{
	for (int i = 0; i < ANSWER_COUNT; i++)
		if (strcmp(answer_names[i], name) == 0)
			return i;
	return -1;
}

char *item_exception_note(const struct item_verdict *v)
{
	if (!v->accepted)
		return NULL;
	return v->accepted_expires ? xasprintf(_("accepted exception (until %s)"), v->accepted_expires)
				   : xstrdup(_("accepted exception (no expiry)"));
}

static const char *const exception_state_names[EXCEPTION_STATE_COUNT] = {
	[EXCEPTION_ACTIVE] = "active",
	[EXCEPTION_EXPIRED] = "expired",
	[EXCEPTION_UNMATCHED] = "unmatched",
	[EXCEPTION_NOT_RUN] = "not_run",
	[EXCEPTION_TOO_LONG] = "too_long",
};

const char *exception_state_name(enum exception_state s)
{
	return exception_state_names[s];
}

int exception_state_from_name(const char *name)
{
	for (int i = 0; i < EXCEPTION_STATE_COUNT; i++)
		if (strcmp(exception_state_names[i], name) == 0)
			return i;
	return -1;
}

void report_free(struct audit_report *rep)
{
	inventory_free(rep->inventory);
	rep->inventory = NULL;
	for (size_t i = 0; i < rep->n_items; i++)
		item_verdict_free(&rep->items[i]);
	free(rep->items);
	free(rep->off_form);
	free(rep->vendor_company);
	free(rep->vendor_person);
	free(rep->vendor_system);
	for (size_t i = 0; i < rep->n_unmapped && rep->unmapped_refs; i++) {
		for (size_t k = 0; rep->unmapped_refs[i] && k < rep->n_unmapped_refs[i]; k++)
			free(rep->unmapped_refs[i][k]);
		free(rep->unmapped_refs[i]);
	}
	free(rep->unmapped_refs);
	free(rep->n_unmapped_refs);
	free(rep->unmapped);
	for (size_t i = 0; i < rep->n_exceptions; i++) {
		free(rep->exceptions[i].check_id);
		free(rep->exceptions[i].subject);
		free(rep->exceptions[i].reason);
		free(rep->exceptions[i].by);
		free(rep->exceptions[i].expires);
	}
	free(rep->exceptions);
	for (size_t i = 0; i < rep->n_unreadable_checks; i++)
		free(rep->unreadable_checks[i]);
	free(rep->unreadable_checks);
	for (size_t i = 0; i < rep->n_results; i++)
		result_free(&rep->results[i]);
	free(rep->results);
	free(rep->host.hostname);
	free(rep->host.os);
	free(rep->host.kernel);
	free(rep->host.platform);
	free(rep->host.root);
	for (size_t i = 0; i < rep->n_profile_files; i++)
		free(rep->profile_files[i]);
	free(rep->profile_files);
	free(rep->profile_name);
	free(rep->tool_version);
	free(rep->edition);
	free(rep->edition_name);
	free(rep->edition_published);
	free(rep->device_class);
	free(rep->site_name);
	free(rep->site_vendor);
	free(rep->lang);
	memset(rep, 0, sizeof *rep);
}
