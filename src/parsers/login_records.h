/* Binary login records: lastlog (sparse, indexed by UID) and utmp/wtmp (fixed-size records),
 * decoded by offset in the Linux glibc layout rather than through the host's own structs, so the
 * same code reads an image on any build platform (Cygwin's struct utmp differs). */
#ifndef KENSA_LOGIN_RECORDS_H
#define KENSA_LOGIN_RECORDS_H
#include <stddef.h>
#include <stdint.h>

#define LASTLOG_RECORD_SIZE 292 /* int32 time, char line[32], char host[256] */
#define UTMP_RECORD_SIZE 384    /* glibc's struct utmp on every Linux ABI with 32-bit ut_tv */

enum utmp_type {
	UTMP_EMPTY = 0,
	UTMP_RUN_LVL = 1,
	UTMP_BOOT_TIME = 2,
	UTMP_NEW_TIME = 3,
	UTMP_OLD_TIME = 4,
	UTMP_INIT_PROCESS = 5,
	UTMP_LOGIN_PROCESS = 6,
	UTMP_USER_PROCESS = 7,
	UTMP_DEAD_PROCESS = 8,
	UTMP_ACCOUNTING = 9,
};

struct lastlog_record {
	int64_t time; /* 0 = never */
	char line[33];
	char host[257];
};

struct utmp_record {
	int type;
	int32_t pid;
	char line[33];
	char user[33];
	char host[257];
	int64_t time;
};

void lastlog_decode(const unsigned char rec[LASTLOG_RECORD_SIZE], struct lastlog_record *out);
/* Returns 0, or -1 when the record is not a plausible utmp record (unknown type). */
int utmp_decode(const unsigned char rec[UTMP_RECORD_SIZE], struct utmp_record *out);

/* Stream a utmp/wtmp file from an fd with a fixed buffer: memory is flat in the file's size. */
struct utmp_stream {
	int fd;
	unsigned char buf[UTMP_RECORD_SIZE * 170];
	size_t len, pos;
	uint64_t records, invalid;
	size_t trailing_bytes; /* a truncated last record */
	int error;             /* errno of a failed read */
	int64_t file_pos;      /* offset of the next read; -1 when the fd cannot seek */
	uint64_t hole_records; /* all-zero (EMPTY) records skipped in holes of a sparse file */
};
void utmp_stream_init(struct utmp_stream *s, int fd);
/* Returns 1 with a record, 0 at the end (or on error: check s->error). Invalid records are
 * counted and skipped. Holes of a sparse file (which read as EMPTY records) are skipped with
 * SEEK_DATA and counted in records and hole_records, so an 8 GiB sparse wtmp costs nothing. */
int utmp_stream_next(struct utmp_stream *s, struct utmp_record *out);

#endif
