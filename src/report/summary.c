/* kensa summary: many hosts' reports reduced to the institution's answer (see summary.h). */
#include "summary.h"
#include "../core/forms.h"
#include "../core/i18n.h"
#include "../core/xalloc.h"
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* --- the edition's items, in row order ------------------------------------------------------ */

static size_t group_of(struct summary *s, size_t *cap, const char *edition, const char *name)
{
	for (size_t g = 0; g < s->n_groups; g++)
		if (strcmp(s->groups[g].edition, edition) == 0)
			return g;
	XGROW(s->groups, s->n_groups, *cap, s->n_groups + 1);
	struct summary_group *g = &s->groups[s->n_groups];
	memset(g, 0, sizeof *g);
	g->edition = xstrdup(edition);
	g->edition_name = xstrdup(nz(name));
	return s->n_groups++;
}

/* The index of item id in g, added after item `after` (SIZE_MAX: first) when it is new, so that
 * rows a device class lacks keep the edition's order once another class's report shows them. */
static size_t item_of(struct summary_group *g, const struct item_verdict *v, size_t after)
{
	for (size_t i = 0; i < g->n_items; i++)
		if (strcmp(g->items[i].id, v->id) == 0)
			return i;
	size_t pos = after == SIZE_MAX ? 0 : g->items[after].order + 1;
	for (size_t i = 0; i < g->n_items; i++)
		if (g->items[i].order >= pos)
			g->items[i].order++;
	g->items = xreallocarray(g->items, g->n_items + 1, sizeof *g->items);
	struct summary_item *it = &g->items[g->n_items];
	it->id = xstrdup(v->id);
	it->label = xstrdup(nz(v->label));
	it->title = xstrdup(nz(v->title));
	it->order = pos;
	return g->n_items++;
}

/* --- one report reduced to its answers ------------------------------------------------------ */

static bool result_ran(const struct item_verdict *v, const char *id, enum check_status *status)
{
	for (size_t j = 0; j < v->n_results; j++)
		if (strcmp(v->results[j]->id, id) == 0) {
			*status = v->results[j]->status;
			return true;
		}
	return false;
}

/* The checks a No rests on (those that failed), or those that left a row Not checked (not run,
 * error, warn, manual). NULL when the row has none (a manual row). */
static char *checks_behind(const struct item_verdict *v)
{
	if (v->answer == ANSWER_YES || v->answer == ANSWER_NOT_APPLICABLE)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	for (size_t k = 0; k < v->n_check_ids; k++) {
		enum check_status st = CHECK_MANUAL;
		bool ran = result_ran(v, v->check_ids[k], &st);
		bool behind = v->answer == ANSWER_NO ? ran && st == CHECK_FAIL
						     : !ran || (st != CHECK_PASS && st != CHECK_NOT_APPLICABLE);
		if (!behind)
			continue;
		size_t n = strlen(v->check_ids[k]);
		buf = xrealloc(buf, len + n + 3);
		if (len) {
			buf[len++] = ',';
			buf[len++] = ' ';
		}
		memcpy(buf + len, v->check_ids[k], n + 1);
		len += n;
	}
	return buf;
}

static void add_host(struct summary *s, size_t *hcap, size_t *gcap, const struct audit_report *rep,
		     const char *file, time_t mtime)
{
	size_t g = group_of(s, gcap, rep->edition, rep->edition_name);
	XGROW(s->hosts, s->n_hosts, *hcap, s->n_hosts + 1);
	struct summary_host *h = &s->hosts[s->n_hosts++];
	memset(h, 0, sizeof *h);
	h->hostname = xstrdup(nz(rep->host.hostname));
	h->device_class = xstrdup(nz(rep->device_class));
	h->os = xstrdup(nz(rep->host.os));
	h->profile = xstrdup(nz(rep->profile_name));
	h->file = xstrdup(file);
	memcpy(h->as_of, rep->as_of, sizeof h->as_of);
	h->mtime = mtime;
	h->group = g;
	h->answers = rep->n_items ? xcalloc(rep->n_items, sizeof *h->answers) : NULL;
	size_t prev = SIZE_MAX;
	for (size_t k = 0; k < rep->n_items; k++) {
		const struct item_verdict *v = &rep->items[k];
		size_t idx = item_of(&s->groups[g], v, prev);
		prev = idx;
		struct summary_answer *a = &h->answers[h->n_answers++];
		a->item = idx;
		a->answer = v->answer;
		a->checks = checks_behind(v);
	}
	if (!s->lang && rep->lang)
		s->lang = xstrdup(rep->lang);
}

static void host_free(struct summary_host *h)
{
	free(h->hostname);
	free(h->device_class);
	free(h->os);
	free(h->profile);
	free(h->file);
	for (size_t i = 0; i < h->n_answers; i++)
		free(h->answers[i].checks);
	free(h->answers);
}

static int read_one(struct summary *s, size_t *hcap, size_t *gcap, const char *path, char *err,
		    size_t errlen)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	struct audit_report rep;
	if (report_read_json(path, &rep, err, errlen) != 0)
		return -1;
	if (!rep.host.hostname || !*rep.host.hostname) {
		report_free(&rep);
		return fail(err, errlen, _("%s: the report names no host"), path);
	}
	if ((rep.form ? rep.form : CHECKLIST_FORM_INSTITUTION) != s->form) {
		/* the other form's report: named, never mixed into this form's answers */
		s->other_form_files = xreallocarray(s->other_form_files, s->n_other_form + 1,
						    sizeof *s->other_form_files);
		s->other_form_files[s->n_other_form++] = xstrdup(path);
		report_free(&rep);
		return 0;
	}
	add_host(s, hcap, gcap, &rep, path, st.st_mtime);
	s->n_reports++;
	report_free(&rep);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A directory: every *.json directly in it, in name order. */
static int read_dir(struct summary *s, size_t *hcap, size_t *gcap, const char *dir, char *err,
		    size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d)
		return fail(err, errlen, "%s: %s", dir, strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		XGROW(names, n, cap, n + 1);
		names[n++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = read_one(s, hcap, gcap, names[i], err, errlen);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Newest last: by report date, then file time, then file name. */
static int cmp_host_age(const struct summary_host *a, const struct summary_host *b)
{
	int c = strcmp(a->as_of, b->as_of);
	if (c)
		return c;
	if (a->mtime != b->mtime)
		return a->mtime < b->mtime ? -1 : 1;
	return strcmp(a->file, b->file);
}

static int cmp_hosts(const void *pa, const void *pb)
{
	const struct summary_host *a = pa, *b = pb;
	int c = strcmp(a->hostname, b->hostname);
	return c ? c : cmp_host_age(a, b);
}

int summary_build(struct summary *s, unsigned form, char *const *paths, size_t n_paths, char *err,
		  size_t errlen)
{
	memset(s, 0, sizeof *s);
	s->form = form;
	size_t hcap = 0, gcap = 0;
	for (size_t i = 0; i < n_paths; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0)
			return fail(err, errlen, "%s: %s", paths[i], strerror(errno));
		int rc = S_ISDIR(st.st_mode) ? read_dir(s, &hcap, &gcap, paths[i], err, errlen)
					     : read_one(s, &hcap, &gcap, paths[i], err, errlen);
		if (rc != 0)
			return -1;
	}
	if (s->n_reports == 0 && s->n_other_form)
		return fail(err, errlen, _("no reports of the %s among them (%zu of the %s: --form %s)"),
			    report_form_label(form), s->n_other_form,
			    report_form_label(form ^ (CHECKLIST_FORM_INSTITUTION | CHECKLIST_FORM_VENDOR)),
			    checklist_form_name(form ^ (CHECKLIST_FORM_INSTITUTION | CHECKLIST_FORM_VENDOR)));
	if (s->n_reports == 0)
		return fail(err, errlen, _("no reports found (give REPORT.json files or directories of them)"));
	/* Keep each host's newest report. */
	qsort(s->hosts, s->n_hosts, sizeof *s->hosts, cmp_hosts);
	size_t kept = 0;
	for (size_t i = 0; i < s->n_hosts; i++) {
		bool superseded = i + 1 < s->n_hosts && strcmp(s->hosts[i].hostname, s->hosts[i + 1].hostname) == 0;
		if (superseded)
			host_free(&s->hosts[i]);
		else
			s->hosts[kept++] = s->hosts[i];
	}
	s->n_hosts = kept;
	for (size_t i = 0; i < s->n_hosts; i++) {
		struct summary_group *g = &s->groups[s->hosts[i].group];
		g->hosts = xreallocarray(g->hosts, g->n_hosts + 1, sizeof *g->hosts);
		g->hosts[g->n_hosts++] = i;
	}
	/* Items in row order, so that output walks them in order. */
	for (size_t gi = 0; gi < s->n_groups; gi++) {
		struct summary_group *g = &s->groups[gi];
		struct summary_item *sorted = xcalloc(g->n_items ? g->n_items : 1, sizeof *sorted);
		size_t *map = xcalloc(g->n_items ? g->n_items : 1, sizeof *map);
		for (size_t i = 0; i < g->n_items; i++) {
			sorted[g->items[i].order] = g->items[i];
			map[i] = g->items[i].order;
		}
		free(g->items);
		g->items = sorted;
		for (size_t h = 0; h < g->n_hosts; h++) {
			struct summary_host *host = &s->hosts[g->hosts[h]];
			for (size_t a = 0; a < host->n_answers; a++)
				host->answers[a].item = map[host->answers[a].item];
		}
		free(map);
	}
	return 0;
}

const struct summary_answer *summary_host_answer(const struct summary_host *h, size_t item)
{
	for (size_t a = 0; a < h->n_answers; a++)
		if (h->answers[a].item == item)
			return &h->answers[a];
	return NULL;
}

static size_t answer_slot(enum item_answer a)
{
	return a == ANSWER_YES || a == ANSWER_NO || a == ANSWER_NOT_APPLICABLE ? (size_t)a
										 : (size_t)ANSWER_UNCHECKED;
}

void summary_verdict(const struct summary *s, size_t group, size_t item, struct summary_verdict *v)
{
	const struct summary_group *g = &s->groups[group];
	memset(v, 0, sizeof *v);
	for (size_t h = 0; h < g->n_hosts; h++) {
		const struct summary_answer *a = summary_host_answer(&s->hosts[g->hosts[h]], item);
		if (a)
			v->counts[answer_slot(a->answer)]++;
	}
	v->answer = v->counts[ANSWER_NO]	? ANSWER_NO
		    : v->counts[ANSWER_UNCHECKED] ? ANSWER_UNCHECKED
		    : v->counts[ANSWER_YES]	? ANSWER_YES
						: ANSWER_NOT_APPLICABLE;
}

const struct summary_host *summary_oldest(const struct summary *s)
{
	const struct summary_host *oldest = NULL;
	for (size_t i = 0; i < s->n_hosts; i++)
		if (!oldest || cmp_host_age(&s->hosts[i], oldest) < 0)
			oldest = &s->hosts[i];
	return oldest;
}

/* --- an earlier summary ---------------------------------------------------------------------- */

static int answer_rank(enum item_answer a)
{
	return a == ANSWER_NO ? 2 : a == ANSWER_UNCHECKED ? 1 : 0;
}

static enum item_answer answer_from_name(const char *name)
{
	if (strcmp(name, "yes") == 0)
		return ANSWER_YES;
	if (strcmp(name, "no") == 0)
		return ANSWER_NO;
	if (strcmp(name, "not_applicable") == 0)
		return ANSWER_NOT_APPLICABLE;
	return ANSWER_UNCHECKED; /* unchecked, or any undecided answer a later kensa writes */
}

static struct summary_change *add_change(struct summary *s, size_t *cap, enum summary_change_kind k)
{
	XGROW(s->changes, s->n_changes, *cap, s->n_changes + 1);
	struct summary_change *c = &s->changes[s->n_changes++];
	memset(c, 0, sizeof *c);
	c->kind = k;
	if (k == SUMMARY_HOST_MISSING || k == SUMMARY_ITEM_WORSE || k == SUMMARY_HOST_ITEM_WORSE)
		s->worse++;
	return c;
}

static const struct summary_host *host_named(const struct summary *s, const char *name)
{
	size_t lo = 0, hi = s->n_hosts; /* hosts are sorted by name */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->hosts[mid].hostname, name);
		if (c == 0)
			return &s->hosts[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static size_t group_named(const struct summary *s, const char *edition)
{
	for (size_t g = 0; g < s->n_groups; g++)
		if (s->groups[g].n_hosts && strcmp(s->groups[g].edition, edition) == 0)
			return g;
	return SIZE_MAX;
}

static size_t item_named(const struct summary_group *g, const char *id)
{
	for (size_t i = 0; i < g->n_items; i++)
		if (strcmp(g->items[i].id, id) == 0)
			return i;
	return SIZE_MAX;
}

static const char *jstr(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* One host of the previous summary against now. */
static int compare_host(struct summary *s, size_t *cap, const json_t *ph, const char *edition,
			const char *path, char *err, size_t errlen)
{
	const char *name = jstr(ph, "hostname"), *as_of = jstr(ph, "as_of");
	const json_t *answers = json_object_get(ph, "answers");
	if (!name || !as_of || !json_is_object(answers))
		return fail(err, errlen, _("%s: not a kensa summary (a host lacks hostname, as_of or answers)"), path);
	const struct summary_host *now = host_named(s, name);
	if (!now) {
		struct summary_change *c = add_change(s, cap, SUMMARY_HOST_MISSING);
		c->host = xstrdup(name);
		c->edition = xstrdup(edition);
		snprintf(c->before_as_of, sizeof c->before_as_of, "%.10s", as_of);
		return 0;
	}
	const struct summary_group *g = &s->groups[now->group];
	if (strcmp(g->edition, edition) != 0)
		return 0; /* judged against another edition now: rows are not comparable */
	const char *id;
	json_t *val;
	json_object_foreach((json_t *)answers, id, val) {
		if (!json_is_string(val))
			return fail(err, errlen, _("%s: not a kensa summary (an answer is not a string)"), path);
		size_t item = item_named(g, id);
		const struct summary_answer *a = item == SIZE_MAX ? NULL : summary_host_answer(now, item);
		if (!a)
			continue;
		enum item_answer before = answer_from_name(json_string_value(val));
		if (answer_rank(a->answer) > answer_rank(before)) {
			struct summary_change *c = add_change(s, cap, SUMMARY_HOST_ITEM_WORSE);
			c->host = xstrdup(name);
			c->edition = xstrdup(edition);
			c->item = xstrdup(id);
			c->label = xstrdup(g->items[item].label);
			c->before = before;
			c->after = a->answer;
		}
	}
	return 0;
}

int summary_compare_previous(struct summary *s, const char *path, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return fail(err, errlen, "%s:%d: %s", path, je.line, je.text);
	int rc = -1;
	size_t cap = 0;
	const json_t *groups = json_object_get(root, "groups");
	const char *generated = jstr(root, "generated");
	if (!json_is_object(root) || !jstr(root, "kind") || strcmp(jstr(root, "kind"), "kensa-summary") != 0 ||
	    !json_is_array(groups) || !generated) {
		fail(err, errlen, _("%s: not a kensa summary (kensa summary --format json)"), path);
		goto out;
	}
	/* "form": absent from summaries made before forms (the institution's) */
	const char *pform = jstr(root, "form");
	if ((pform ? checklist_form_from_name(pform) : CHECKLIST_FORM_INSTITUTION) != s->form) {
		fail(err, errlen, _("%s: a summary of another form (%s); give --form %s or a summary of the %s"),
		     path, pform ? pform : "?", pform ? pform : "?", report_form_label(s->form));
		goto out;
	}
	s->has_previous = true;
	snprintf(s->previous_generated, sizeof s->previous_generated, "%.10s", generated);
	size_t gi;
	const json_t *pg;
	json_array_foreach(groups, gi, pg) {
		const char *edition = jstr(pg, "edition");
		const json_t *hosts = json_object_get(pg, "hosts"), *items = json_object_get(pg, "items");
		if (!edition || !json_is_array(hosts) || !json_is_array(items)) {
			fail(err, errlen, _("%s: not a kensa summary (a group lacks edition, hosts or items)"), path);
			goto out;
		}
		size_t hi;
		const json_t *ph;
		json_array_foreach(hosts, hi, ph)
			if (compare_host(s, &cap, ph, edition, path, err, errlen) != 0)
				goto out;
		size_t g = group_named(s, edition);
		size_t ii;
		const json_t *pi;
		json_array_foreach(items, ii, pi) {
			const char *id = jstr(pi, "id"), *answer = jstr(pi, "answer");
			if (!id || !answer) {
				fail(err, errlen, _("%s: not a kensa summary (an item lacks id or answer)"), path);
				goto out;
			}
			size_t item = g == SIZE_MAX ? SIZE_MAX : item_named(&s->groups[g], id);
			if (item == SIZE_MAX)
				continue;
			struct summary_verdict v;
			summary_verdict(s, g, item, &v);
			enum item_answer before = answer_from_name(answer);
			int d = answer_rank(v.answer) - answer_rank(before);
			if (d == 0)
				continue;
			struct summary_change *c = add_change(s, &cap, d > 0 ? SUMMARY_ITEM_WORSE : SUMMARY_ITEM_BETTER);
			c->edition = xstrdup(edition);
			c->item = xstrdup(id);
			c->label = xstrdup(s->groups[g].items[item].label);
			c->before = before;
			c->after = v.answer;
		}
	}
	/* Hosts reporting now that the previous summary did not have. */
	for (size_t h = 0; h < s->n_hosts; h++) {
		bool known = false;
		json_array_foreach(groups, gi, pg) {
			size_t hi;
			const json_t *ph;
			json_array_foreach(json_object_get(pg, "hosts"), hi, ph) {
				const char *name = jstr(ph, "hostname");
				if (name && strcmp(name, s->hosts[h].hostname) == 0)
					known = true;
			}
		}
		if (!known) {
			struct summary_change *c = add_change(s, &cap, SUMMARY_HOST_NEW);
			c->host = xstrdup(s->hosts[h].hostname);
			c->edition = xstrdup(s->groups[s->hosts[h].group].edition);
		}
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

void summary_free(struct summary *s)
{
	for (size_t i = 0; i < s->n_other_form; i++)
		free(s->other_form_files[i]);
	free(s->other_form_files);
	for (size_t i = 0; i < s->n_hosts; i++)
		host_free(&s->hosts[i]);
	free(s->hosts);
	for (size_t g = 0; g < s->n_groups; g++) {
		struct summary_group *grp = &s->groups[g];
		for (size_t i = 0; i < grp->n_items; i++) {
			free(grp->items[i].id);
			free(grp->items[i].label);
			free(grp->items[i].title);
		}
		free(grp->items);
		free(grp->hosts);
		free(grp->edition);
		free(grp->edition_name);
	}
	free(s->groups);
	for (size_t i = 0; i < s->n_changes; i++) {
		free(s->changes[i].edition);
		free(s->changes[i].item);
		free(s->changes[i].label);
		free(s->changes[i].host);
	}
	free(s->changes);
	free(s->lang);
	memset(s, 0, sizeof *s);
}
