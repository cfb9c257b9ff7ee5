/* libFuzzer harness: lastlog and utmp/wtmp records (src/parsers/login_records.c): the decoders
 * on every record of the input, and the streaming reader over the same bytes in a memfd. */
#include "parsers/login_records.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);
	if (n == cap)
		abort(); /* not terminated inside its field */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort(); /* control bytes must never reach a report */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t off = 0; off + LASTLOG_RECORD_SIZE <= size; off += LASTLOG_RECORD_SIZE) {
		struct lastlog_record ll;
		lastlog_decode(data + off, &ll);
		if (ll.time < 0)
			abort();
		check_text(ll.line, sizeof ll.line);
		check_text(ll.host, sizeof ll.host);
	}
	uint64_t decoded = 0;
	for (size_t off = 0; off + UTMP_RECORD_SIZE <= size; off += UTMP_RECORD_SIZE) {
		struct utmp_record ut;
		if (utmp_decode(data + off, &ut) == 0) {
			decoded++;
			check_text(ut.line, sizeof ut.line);
			check_text(ut.user, sizeof ut.user);
			check_text(ut.host, sizeof ut.host);
		}
	}
	int fd = memfd_create("wtmp", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	lseek(fd, 0, SEEK_SET);
	struct utmp_stream *s = malloc(sizeof *s);
	struct utmp_record ut;
	uint64_t streamed = 0;
	utmp_stream_init(s, fd);
	while (utmp_stream_next(s, &ut))
		streamed++;
	/* the stream sees exactly the records the decoder accepts */
	if (s->error || streamed != decoded || s->records != size / UTMP_RECORD_SIZE ||
	    s->trailing_bytes != size % UTMP_RECORD_SIZE || s->invalid != s->records - streamed)
		abort();
	free(s);
	close(fd);
	return 0;
}
