/* Test helper: every record of an .evtx file as kensa's reader sees it, one per line, for the
 * python-evtx oracle test (tests/integration/test_evtx_oracle.py):
 *   RECORD_ID<TAB>EVENT_ID<TAB>TIME_CREATED_FILETIME[<TAB>NAME=VALUE]...
 * (values with \\, \t, \n, \r escaped)
 * then "chunks N bad_chunks N records N bad_records N" on stderr. */
#include "core/statefile.h"
#include "parsers/evtx.h"
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static long read_fd(void *src, uint64_t off, void *buf, size_t len)
{
	return (long)pread_full(*(int *)src, buf, len, off);
}

/* Tab, newline and backslash escaped so that a line stays a record. */
static void print_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", stdout);
		else if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\r')
			fputs("\\r", stdout);
		else
			putchar(*s);
	}
}

static int print_event(const struct evtx_event *ev, void *arg)
{
	(void)arg;
	printf("%llu\t%u\t%llu", (unsigned long long)ev->record_id, ev->event_id,
	       (unsigned long long)ev->time_created);
	for (size_t i = 0; i < ev->n_data; i++) {
		printf("\t%s=", ev->data[i].name);
		print_escaped(ev->data[i].value);
	}
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: evtx-dump FILE.evtx\n");
		return 2;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	struct evtx_stats st;
	char why[256];
	int rc = evtx_read(read_fd, &fd, 0, print_event, NULL, &st, why, sizeof why);
	close(fd);
	if (rc < 0) {
		fprintf(stderr, "evtx-dump: %s: %s\n", argv[1], why);
		return 1;
	}
	fprintf(stderr, "chunks %llu bad_chunks %llu records %llu bad_records %llu\n",
		(unsigned long long)st.chunks, (unsigned long long)st.bad_chunks,
		(unsigned long long)st.records, (unsigned long long)st.bad_records);
	return 0;
}
