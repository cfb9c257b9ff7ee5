/* JUnit XML for CI dashboards (Jenkins, GitLab, GitHub test reporters): one testcase per check,
 * named by check id, its class the checklist item (e.g. "mhlw-r7.2-5"); fail -> <failure>,
 * error -> <error>, manual / not_applicable -> <skipped>, warn -> passes unless --fail-on warn.
 * The shape follows the Ant/Jenkins JUnit schema: <testsuites> holding one
 * <testsuite> with <properties>, the testcases, <system-out> and <system-err>. */
#include "report.h"
#include "../core/i18n.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decode one UTF-8 sequence; returns its length, or 0 when invalid (then *cp is unset). */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* XML 1.0 (section 2.2) allows only these characters, even as character references. */
static bool xml_char_allowed(uint32_t c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/* Text from the audited system may hold anything: characters XML forbids are dropped, bytes
 * that are not UTF-8 become U+FFFD, markup is escaped. In attributes, tab and newlines are
 * written as references so a consumer's attribute normalisation keeps them. */
static void xml_put(FILE *out, const char *s, bool attribute)
{
	if (!s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t c;
		size_t n = utf8_decode(p, &c);
		if (n == 0) {
			fputs("\xef\xbf\xbd", out);
			p++;
			continue;
		}
		if (!xml_char_allowed(c)) {
			p += n;
			continue;
		}
		switch (c) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs(attribute ? "&quot;" : "\"", out);
			break;
		case '\t':
		case '\n':
		case '\r':
			if (attribute)
				fprintf(out, "&#%u;", (unsigned)c);
			else
				fputc((int)c, out);
			break;
		default:
			fwrite(p, 1, n, out);
		}
		p += n;
	}
}

static void put_attr(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	xml_put(out, value, true);
	fputc('"', out);
}

/* Seconds as xs:decimal, independent of the locale's decimal separator. */
static void put_seconds(FILE *out, const char *name, double ms)
{
	long long us = ms > 0 ? (long long)(ms * 1000.0 + 0.5) : 0;
	fprintf(out, " %s=\"%lld.%06lld\"", name, us / 1000000, us % 1000000);
}

static void put_property(FILE *out, const char *name, const char *value)
{
	fputs("      <property", out);
	put_attr(out, "name", name);
	put_attr(out, "value", value ? value : "");
	fputs("/>\n", out);
}

static bool counts_as_failure(const struct audit_report *rep, enum check_status s)
{
	return s == CHECK_FAIL || (s == CHECK_WARN && rep->fail_on_warn);
}

static void put_exception_note(FILE *out, const struct finding_exception *x, const char *label)
{
	fprintf(out, "    %s ", label);
	xml_put(out, x->reason, false);
	fputs(" (", out);
	xml_put(out, x->by, false);
	if (x->expires) {
		fputs(", ", out);
		fprintf(out, _("until %s"), x->expires);
	}
	fputs(")\n", out);
}

/* The findings and evidence of a check as the body of <failure>/<error>/<system-out>. */
static void put_result_body(FILE *out, const struct check_result *r)
{
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct finding *f = &r->findings[i];
		fprintf(out, "%s ", finding_severity_name(f->severity));
		xml_put(out, f->subject, false);
		fputs(": ", out);
		xml_put(out, f->detail, false);
		fputc('\n', out);
		if (f->accepted)
			put_exception_note(out, f->accepted, _("accepted exception:"));
		if (f->expired)
			put_exception_note(out, f->expired, _("expired exception:"));
		for (size_t k = 0; k < f->n_evidence; k++) {
			fputs("    ", out);
			if (f->evidence[k].source) {
				xml_put(out, f->evidence[k].source, false);
				fputs(": ", out);
			}
			xml_put(out, f->evidence[k].value, false);
			fputc('\n', out);
		}
	}
	for (size_t k = 0; k < r->n_evidence; k++) {
		fputs(_("evidence: "), out);
		if (r->evidence[k].source) {
			xml_put(out, r->evidence[k].source, false);
			fputs(": ", out);
		}
		xml_put(out, r->evidence[k].value, false);
		fputc('\n', out);
	}
	if (r->status == CHECK_FAIL || r->status == CHECK_WARN) {
		fprintf(out, "%s ", _("Remedy:"));
		xml_put(out, r->remediation, false);
		fputc('\n', out);
	}
}

static void put_testcase(FILE *out, const struct audit_report *rep, const struct check_result *r)
{
	const char *items[1];
	char classname[256];
	if (report_items_of_result(rep, r, items, 1))
		snprintf(classname, sizeof classname, "%s.%s", rep->edition, items[0]);
	else if (report_result_off_form(rep, r)) /* its rows are on the other form */
		snprintf(classname, sizeof classname, "%s.other_form", rep->edition);
	else
		snprintf(classname, sizeof classname, "%s.unmapped", rep->edition);
	fputs("    <testcase", out);
	put_attr(out, "name", r->id);
	put_attr(out, "classname", classname);
	put_seconds(out, "time", r->duration_ms);
	const char *element = NULL;
	if (counts_as_failure(rep, r->status))
		element = "failure";
	else if (r->status == CHECK_ERROR)
		element = "error";
	else if (r->status == CHECK_MANUAL || r->status == CHECK_NOT_APPLICABLE)
		element = "skipped";
	if (!element) {
		fputs("/>\n", out);
		return;
	}
	fprintf(out, ">\n      <%s", element);
	/* message: the check's title and its one-line reason */
	char *message = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&message, &len);
	if (m) {
		fputs(r->title ? r->title : r->id, m);
		if (r->reason)
			fprintf(m, ": %s", r->reason);
		fclose(m);
	}
	put_attr(out, "message", message ? message : r->id);
	free(message);
	if (strcmp(element, "skipped") == 0) {
		fputs("/>\n    </testcase>\n", out);
		return;
	}
	put_attr(out, "type", check_status_name(r->status));
	fputc('>', out);
	put_result_body(out, r);
	fprintf(out, "</%s>\n    </testcase>\n", element);
}

int report_write_junit(FILE *out, const struct audit_report *rep)
{
	unsigned failures = 0, errors = 0, skipped = 0;
	for (size_t i = 0; i < rep->n_results; i++) {
		enum check_status s = rep->results[i].status;
		failures += counts_as_failure(rep, s);
		errors += s == CHECK_ERROR;
		skipped += s == CHECK_MANUAL || s == CHECK_NOT_APPLICABLE;
	}
	char suite[256], package[256];
	snprintf(suite, sizeof suite, "kensa %s %s", rep->edition, rep->device_class);
	snprintf(package, sizeof package, "kensa.%s", rep->edition);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite", out);
	put_attr(out, "name", suite);
	put_attr(out, "package", package);
	fputs(" id=\"0\"", out);
	/* kensa judges as of a day (--as-of): the timestamp is that day, without a zone as the
	 * schema wants. */
	fprintf(out, " timestamp=\"%sT00:00:00\"", rep->as_of);
	put_attr(out, "hostname", rep->host.hostname && *rep->host.hostname ? rep->host.hostname
									      : "localhost");
	fprintf(out, " tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\"", rep->n_results,
		failures, errors, skipped);
	put_seconds(out, "time", rep->duration_ms);
	fputs(">\n    <properties>\n", out);
	put_property(out, "kensa.version", rep->tool_version);
	put_property(out, "host.os", rep->host.os);
	put_property(out, "host.root", rep->host.root);
	put_property(out, "host.mode", rep->host.live ? "live" : "offline");
	put_property(out, "profile", rep->profile_name);
	put_property(out, "checklist", rep->edition);
	put_property(out, "checklist.device_class", rep->device_class);
	put_property(out, "as_of", rep->as_of);
	put_property(out, "fail_on", rep->fail_on_warn ? "warn" : "fail");
	if (rep->site_name)
		put_property(out, "site", rep->site_name);
	fputs("    </properties>\n", out);
	for (size_t i = 0; i < rep->n_results; i++)
		put_testcase(out, rep, &rep->results[i]);
	/* Warnings that do not fail the run, and findings covered by accepted exceptions, would
	 * be invisible in a passing testcase (the schema gives testcases no output element). */
	fputs("    <system-out>", out);
	for (size_t i = 0; i < rep->n_results; i++) {
		const struct check_result *r = &rep->results[i];
		bool accepted = false;
		for (size_t k = 0; k < r->n_findings; k++)
			accepted |= r->findings[k].accepted != NULL;
		if ((r->status == CHECK_WARN && !rep->fail_on_warn) ||
		    (accepted && !counts_as_failure(rep, r->status) && r->status != CHECK_ERROR)) {
			fprintf(out, "[%s] ", check_status_name(r->status));
			xml_put(out, r->id, false);
			fputs(": ", out);
			xml_put(out, r->title, false);
			fputc('\n', out);
			put_result_body(out, r);
		}
	}
	fputs("</system-out>\n    <system-err></system-err>\n  </testsuite>\n</testsuites>\n", out);
	return ferror(out) ? -1 : 0;
}
