/* kensa summary: many hosts' JSON reports -> the institution's answer (src/report/summary.c). */
#include "cli.h"
#include "../core/forms.h"
#include "../core/i18n.h"
#include "../core/output.h"
#include "../core/timefmt.h"
#include "../report/summary.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The day in Japan time (UTC+9, no daylight saving): the date a Japanese institution files. */
static void today_in_japan(char *buf, size_t len)
{
	format_day(((int64_t)time(NULL) + 9 * 3600) / 86400, buf, len);
}

int cmd_summary(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ "previous", required_argument, NULL, 'P' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "form", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text", *lang = NULL, *path = NULL, *previous = NULL, *as_of = NULL;
	unsigned form = CHECKLIST_FORM_INSTITUTION;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:o:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': path = optarg; break;
		case 'l': lang = optarg; break;
		case 'P': previous = optarg; break;
		case 'a': as_of = optarg; break;
		case 'W': form = form_option(optarg); break;
		case 'h': {
			char *args[] = { "help", "summary", NULL };
			return cmd_help(2, args);
		}
		case ':': die_usage(argv[optind - 1], _("needs a value"));
		default: die_usage(argv[optind - 1], _("unknown option (see 'kensa help summary')"));
		}
	}
	if (lang && strcmp(lang, "ja") && strcmp(lang, "en"))
		die_usage("--lang", _("'%s' is not one of ja, en"), lang);
	int (*write)(FILE *, const struct summary *, const char *) = NULL;
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "csv") && strcmp(format, "html"))
		die_usage("--format", _("'%s' is not one of text, json, csv, html"), format);
	if (strcmp(format, "json") == 0)
		write = summary_write_json;
	else if (strcmp(format, "html") == 0)
		write = summary_write_html;
	char generated[11];
	int64_t day;
	if (as_of) {
		if (parse_day(as_of, &day) != 0)
			die_usage("--as-of", _("'%s' is not a date in the form YYYY-MM-DD"), as_of);
		snprintf(generated, sizeof generated, "%s", as_of);
	} else {
		today_in_japan(generated, sizeof generated);
	}
	if (argc == optind)
		die_usage("summary", _("needs reports: REPORT.json files or directories of them (see 'kensa help summary')"));
	char err[1024];
	struct summary s;
	if (summary_build(&s, form, argv + optind, (size_t)(argc - optind), err, sizeof err) != 0) {
		summary_free(&s);
		die_usage("summary", "%s", err);
	}
	/* kensa's own wording follows --lang, else the language the reports were written in */
	setup_language(lang ? lang : s.lang ? s.lang : "en");
	if (previous && summary_compare_previous(&s, previous, err, sizeof err) != 0) {
		summary_free(&s);
		die_usage("--previous", "%s", err);
	}
	struct output out;
	if (output_open(&out, path, NULL, err, sizeof err) != 0) {
		summary_free(&s);
		die_usage("--output", "%s", err);
	}
	int rc;
	if (write)
		rc = write(out.fp, &s, generated);
	else if (strcmp(format, "csv") == 0)
		rc = summary_write_csv(out.fp, &s);
	else
		rc = summary_write_text(out.fp, &s);
	int status = s.worse ? EXIT_FINDINGS : EXIT_OK;
	if (output_commit(&out, rc, err, sizeof err) != 0) {
		fprintf(stderr, "kensa: --output: %s\n", err);
		status = EXIT_ERROR;
	}
	summary_free(&s);
	return status;
}
