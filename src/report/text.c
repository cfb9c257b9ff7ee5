/* Text report: the checklist in item order, a verdict line per check, findings and evidence
 * indented below, a summary last. Colour only on a terminal and never with NO_COLOR. */
#include "report.h"
#include "../core/i18n.h"
#include <string.h>

struct style {
	bool color;
};

static const char *status_label(enum check_status s)
{
	switch (s) {
	case CHECK_PASS:
		return _("PASS");
	case CHECK_WARN:
		return _("WARN");
	case CHECK_FAIL:
		return _("FAIL");
	case CHECK_ERROR:
		return _("ERROR");
	case CHECK_NOT_APPLICABLE:
		return _("N/A");
	default:
		return _("MANUAL");
	}
}

static const char *status_color(enum check_status s)
{
	switch (s) {
	case CHECK_PASS:
		return "\033[32m";
	case CHECK_WARN:
		return "\033[33m";
	case CHECK_FAIL:
		return "\033[31;1m";
	case CHECK_ERROR:
		return "\033[35m";
	default:
		return "\033[36m";
	}
}

static void put_status(FILE *out, const struct style *st, enum check_status s)
{
	if (st->color)
		fprintf(out, "%s[%s]\033[0m", status_color(s), status_label(s));
	else
		fprintf(out, "[%s]", status_label(s));
}

/* Strip terminal control bytes from text that came from the audited system. */
static void put_clean(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s, out);
}

static void put_evidence(FILE *out, const struct evidence *ev, size_t n, const char *indent)
{
	for (size_t i = 0; i < n; i++) {
		fputs(indent, out);
		if (ev[i].source) {
			put_clean(out, ev[i].source);
			fputs(": ", out);
		}
		put_clean(out, ev[i].value);
		fputc('\n', out);
	}
}

static void put_result(FILE *out, const struct style *st, const struct check_result *r)
{
	fputs("    ", out);
	put_status(out, st, r->status);
	fputc(' ', out);
	put_clean(out, r->title);
	fprintf(out, "  (%s)\n", r->id);
	if (r->reason) {
		fputs("        ", out);
		put_clean(out, r->reason);
		fputc('\n', out);
	}
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		fprintf(out, "        - %s ", f->severity == FINDING_FAIL ? "✗" :
				f->severity == FINDING_WARN ? "!" : "·");
		put_clean(out, f->subject);
		fputs(": ", out);
		put_clean(out, f->detail);
		fputc('\n', out);
		put_evidence(out, f->evidence, f->n_evidence, "            ");
	}
	if (r->n_evidence) {
		fprintf(out, "        %s\n", _("Evidence:"));
		put_evidence(out, r->evidence, r->n_evidence, "            ");
	}
	if (r->status == CHECK_FAIL || r->status == CHECK_WARN)
		fprintf(out, "        %s %s\n", _("Remedy:"), r->remediation);
}

static void put_answer(FILE *out, const struct style *st, enum item_answer a)
{
	static const char *const colors[] = { "\033[32m", "\033[31;1m", "\033[35m", "\033[36m" };
	if (st->color)
		fprintf(out, "%s[%s]\033[0m", colors[a], item_answer_label(a));
	else
		fprintf(out, "[%s]", item_answer_label(a));
}

int report_write_text(FILE *out, const struct audit_report *rep, bool color)
{
	struct style st = { .color = color };
	fprintf(out, _("kensa %s audit report\n"), rep->tool_version);
	if (rep->site_name) {
		fprintf(out, "  %-14s ", _("Site:"));
		put_clean(out, rep->site_name);
		fputc('\n', out);
	}
	fprintf(out, "  %-14s ", _("Host:"));
	put_clean(out, rep->host.hostname);
	fputs(" (", out);
	put_clean(out, rep->host.os);
	fputs(")\n", out);
	fprintf(out, "  %-14s ", _("Root:"));
	put_clean(out, rep->host.root);
	fprintf(out, " (%s)\n", rep->host.live ? _("live host") : _("offline image"));
	fprintf(out, "  %-14s %s (%s, %s)\n", _("Checklist:"), rep->edition_name, rep->edition,
		rep->device_class);
	fprintf(out, "  %-14s ", _("Profile:"));
	put_clean(out, rep->profile_name);
	fprintf(out, "\n  %-14s %s\n", _("As of:"), rep->as_of);
	const char *last_section = NULL;
	for (size_t i = 0; i < rep->n_items; i++) {
		const struct item_verdict *v = &rep->items[i];
		if (!last_section || strcmp(last_section, v->section) != 0) {
			fprintf(out, "\n== %s %s ==\n", v->section, v->section_title);
			last_section = v->section;
		}
		fputc('\n', out);
		put_answer(out, &st, v->answer);
		fprintf(out, " %s %s\n", v->label, v->title);
		if (v->answered_by) {
			fprintf(out, "    %s ", _("Answered by"));
			put_clean(out, v->answered_by);
			fprintf(out, " (%s)", v->answered_on);
			if (v->note) {
				fputs(": ", out);
				put_clean(out, v->note);
			}
			fputc('\n', out);
			if (v->target_date)
				fprintf(out, "    %s %s\n", _("Target date:"), v->target_date);
		} else if (v->n_check_ids == 0) {
			fprintf(out, "    %s\n", v->reason);
			if (v->hint)
				fprintf(out, "    %s %s\n", _("To confirm:"), v->hint);
		} else if (v->answer == ANSWER_UNCHECKED) {
			fprintf(out, "    %s\n", v->reason);
		}
		for (size_t k = 0; k < v->n_results; k++)
			put_result(out, &st, v->results[k]);
	}
	if (rep->n_unmapped) {
		fprintf(out, "\n== %s ==\n", _("Checks this edition does not name"));
		for (size_t i = 0; i < rep->n_unmapped; i++)
			put_result(out, &st, rep->unmapped[i]);
	}
	fprintf(out, "\n%s ", _("Summary (checks):"));
	for (int s = 0; s < CHECK_STATUS_COUNT; s++)
		fprintf(out, "%s%s %u", s ? ", " : "", status_label(s), rep->summary[s]);
	fprintf(out, _("; %.1f ms\n"), rep->duration_ms);
	return ferror(out) ? -1 : 0;
}
