/* Windows code page 932 (Japanese Shift_JIS as Windows extends it) to UTF-8 without iconv: the
 * self-contained kensa cannot load the C library's conversion modules (winsource.c). */
#ifndef KENSA_CP932_H
#define KENSA_CP932_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CP932_LEADS 60   /* 0x81-0x9F, 0xE0-0xFC */
#define CP932_TRAILS 188 /* 0x40-0x7E, 0x80-0xFC */
extern const uint16_t cp932_double[CP932_LEADS * CP932_TRAILS];

/* True for the names iconv gives this code page (CP932, WINDOWS-31J, MS932; any case). */
bool cp932_is_name(const char *name);

/* Decode LEN bytes into a new NUL-terminated UTF-8 string (caller frees; *out_len its length).
 * NULL when a byte sequence is not CP932, with *bad_offset the offset of its first byte: the
 * same bytes iconv refuses. */
char *cp932_to_utf8(const char *data, size_t len, size_t *out_len, size_t *bad_offset);
#endif
