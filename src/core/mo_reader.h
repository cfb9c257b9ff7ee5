/* A reader for GNU gettext's compiled catalogues (.mo), used on the copy built into kensa when
 * the system has no catalogue or no locale (the self-contained binary on a bare host). */
#ifndef KENSA_MO_READER_H
#define KENSA_MO_READER_H
#include <stdbool.h>
#include <stddef.h>

/* True when DATA is a well-formed .mo file: magic, revision 0, every string inside the buffer
 * and NUL-terminated, originals sorted (the binary search needs it). */
bool mo_valid(const unsigned char *data, size_t len);

/* The translation of MSGID in a catalogue mo_valid() accepted, or NULL when it has none (an
 * empty translation counts as none, as gettext does). For a plural entry, its first form: kensa's
 * catalogues are Japanese, which has one form. */
const char *mo_lookup(const unsigned char *data, size_t len, const char *msgid);

#endif
