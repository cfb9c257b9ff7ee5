/* Test helper: every entry of a systemd journal file as kensa's walker hands it to logs.review,
 * one per line, for the journalctl oracle test (tests/integration/test_journal_compressed.py):
 *   REALTIME_USEC<TAB>SYSLOG_IDENTIFIER<TAB>MESSAGE   (\\ and \t escaped)
 * then "entries N read N unsupported N damaged N beyond N codecs_read N" on stderr; exit 1
 * when the walk stopped with an error (its reason on stderr). */
#include "core/statefile.h"
#include "parsers/journal_entries.h"
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_fd(void *io, uint64_t off, void *buf, size_t len)
{
	return pread_full(*(int *)io, buf, len, off) == (ssize_t)len ? 0 : -1;
}

static void print_escaped(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", stdout);
		else if (*s == '\t')
			fputs("\\t", stdout);
		else
			putchar(*s);
	}
}

static bool on_entry(void *ud, uint64_t realtime, const char *ident, const char *message,
		     long pid)
{
	(void)ud;
	(void)pid;
	printf("%llu\t", (unsigned long long)realtime);
	print_escaped(ident);
	putchar('\t');
	print_escaped(message);
	putchar('\n');
	return true;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: journal-dump FILE.journal\n", stderr);
		return 2;
	}
	int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		perror(argv[1]);
		return 2;
	}
	struct journal_walk_stats s;
	const char *why = NULL;
	int rc = journal_walk(read_fd, &fd, (uint64_t)st.st_size, 0, on_entry, NULL, &s, &why);
	close(fd);
	fprintf(stderr, "entries %llu read %llu unsupported %llu damaged %llu beyond %llu "
		"codecs_read %u\n", (unsigned long long)s.entries,
		(unsigned long long)s.compressed_read, (unsigned long long)s.compressed_unsupported,
		(unsigned long long)s.compressed_damaged, (unsigned long long)s.compressed_beyond,
		s.codecs_read);
	if (rc != 0) {
		fprintf(stderr, "stopped: %s\n", why);
		return 1;
	}
	return 0;
}
