/* Decoding lastlog and utmp records by offset (see login_records.h). */
#include "login_records.h"
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int32_t get_i32(const unsigned char *p)
{
	int32_t v;
	memcpy(&v, p, sizeof v); /* files are written in the host's byte order */
	return v;
}

static int16_t get_i16(const unsigned char *p)
{
	int16_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* Copy a fixed-size, possibly unterminated char field; stop at NUL, drop control bytes. */
static void copy_field(char *dst, const unsigned char *src, size_t n)
{
	size_t i;
	for (i = 0; i < n && src[i]; i++)
		dst[i] = (src[i] < 0x20 || src[i] == 0x7f) ? '?' : (char)src[i];
	dst[i] = '\0';
}

void lastlog_decode(const unsigned char rec[LASTLOG_RECORD_SIZE], struct lastlog_record *out)
{
	/* ll_time is an unsigned 32-bit count on 64-bit glibc (y2106); read it as such. */
	out->time = (int64_t)(uint32_t)get_i32(rec);
	copy_field(out->line, rec + 4, 32);
	copy_field(out->host, rec + 36, 256);
}

int utmp_decode(const unsigned char rec[UTMP_RECORD_SIZE], struct utmp_record *out)
{
	out->type = get_i16(rec);
	out->pid = get_i32(rec + 4);
	copy_field(out->line, rec + 8, 32);
	copy_field(out->user, rec + 44, 32);
	copy_field(out->host, rec + 76, 256);
	out->time = (int64_t)(uint32_t)get_i32(rec + 340);
	if (out->type < UTMP_EMPTY || out->type > UTMP_ACCOUNTING)
		return -1;
	return 0;
}

void utmp_stream_init(struct utmp_stream *s, int fd)
{
	s->fd = fd;
	s->len = s->pos = 0;
	s->records = s->invalid = 0;
	s->trailing_bytes = 0;
	s->error = 0;
	s->hole_records = 0;
	off_t cur = lseek(fd, 0, SEEK_CUR);
	s->file_pos = cur < 0 ? -1 : (int64_t)cur;
}

/* At a record boundary with an empty buffer: jump over whole records that lie in a hole. A hole
 * reads as zeros, i.e. EMPTY records, which no caller looks at. */
static void skip_hole(struct utmp_stream *s)
{
#ifdef SEEK_DATA
	if (s->file_pos < 0)
		return;
	off_t here = (off_t)s->file_pos;
	off_t data = lseek(s->fd, here, SEEK_DATA);
	if (data < 0) {
		if (errno != ENXIO) { /* SEEK_DATA unsupported here: read everything */
			(void)lseek(s->fd, here, SEEK_SET);
			s->file_pos = -1;
			return;
		}
		struct stat st; /* ENXIO: only a hole remains up to the end of the file */
		if (fstat(s->fd, &st) != 0 || st.st_size <= here) {
			(void)lseek(s->fd, here, SEEK_SET);
			return;
		}
		data = st.st_size;
	}
	uint64_t skip = (uint64_t)(data - here) / UTMP_RECORD_SIZE;
	off_t to = here + (off_t)(skip * UTMP_RECORD_SIZE);
	if (lseek(s->fd, to, SEEK_SET) != to) {
		(void)lseek(s->fd, here, SEEK_SET);
		s->file_pos = -1;
		return;
	}
	s->records += skip;
	s->hole_records += skip;
	s->file_pos = (int64_t)to;
#else
	(void)s;
#endif
}

int utmp_stream_next(struct utmp_stream *s, struct utmp_record *out)
{
	for (;;) {
		if (s->len - s->pos < UTMP_RECORD_SIZE) {
			size_t left = s->len - s->pos;
			memmove(s->buf, s->buf + s->pos, left);
			s->len = left;
			s->pos = 0;
			if (left == 0)
				skip_hole(s);
			ssize_t n;
			do
				n = read(s->fd, s->buf + s->len, sizeof s->buf - s->len);
			while (n < 0 && errno == EINTR);
			if (n < 0) {
				s->error = errno;
				return 0;
			}
			s->len += (size_t)n;
			if (s->file_pos >= 0)
				s->file_pos += n;
			if (s->len < UTMP_RECORD_SIZE) {
				s->trailing_bytes = s->len;
				return 0;
			}
		}
		const unsigned char *rec = s->buf + s->pos;
		s->pos += UTMP_RECORD_SIZE;
		s->records++;
		if (utmp_decode(rec, out) == 0)
			return 1;
		s->invalid++;
	}
}
