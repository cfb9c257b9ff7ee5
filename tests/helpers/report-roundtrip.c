/* Test helper: read a saved JSON report with the strict reader and write it out again as JSON
 * (the round trip test_reports_ci compares byte for byte). Exit 1 with the reader's one-line
 * error on a report it refuses. */
#include "report/report.h"
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: report-roundtrip REPORT.json\n");
		return 2;
	}
	struct audit_report rep;
	char err[1024];
	if (report_read_json(argv[1], &rep, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	int rc = report_write_json(stdout, &rep);
	report_free(&rep);
	return rc == 0 && fflush(stdout) == 0 ? 0 : 1;
}
