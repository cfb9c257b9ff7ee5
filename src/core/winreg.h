/* The Windows registry as Cygwin shows it under /proc/registry: keys are directories, values are
 * files holding the raw data (REG_SZ/EXPAND_SZ as UTF-8 with one trailing NUL, REG_MULTI_SZ as
 * NUL-separated strings with an extra NUL, REG_DWORD 4 bytes little-endian, REG_QWORD 8 bytes;
 * the type itself is not shown). Names match case-insensitively as in Windows; '/', '\', ':' and
 * '%' in a name appear as "%xx" (Cygwin's encode_regname), the default value is "@", and a value
 * that shares its name with a subkey carries the suffix "%val". Read through rootfs, so a
 * captured registry under --root works the same as the live one. */
#ifndef KENSA_WINREG_H
#define KENSA_WINREG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rootfs;

#define WINREG_ROOT "/proc/registry"
#define WINREG_MAX_VALUE (1u << 20)

struct winreg_value {
	unsigned char *data;
	size_t len;
	char *path; /* the file read, inside the root (for evidence) */
};

/* Cygwin's file name for a key or value name (encode_regname), into buf; false when too long. */
bool winreg_encode_name(const char *name, char *buf, size_t len);
/* The registry name of a file name (decode_regname): false when the escapes are invalid;
 * *is_val set when the name carries the "%val" suffix. */
bool winreg_decode_name(const char *file, char *buf, size_t len, bool *is_val);

/* Resolve a key ("HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\USBSTOR"; "HKLM\" is
 * accepted) to its directory inside the root, walking one component at a time with a
 * case-insensitive match. "CurrentControlSet" under HKLM\SYSTEM, when the link is absent (a
 * captured hive), is found through SYSTEM\Select\Current (ControlSet00N). Returns 0 and a malloc'd
 * path, -ENOENT when a component does not exist, -EACCES when a key may not be read (Windows
 * denies it: run elevated), or another negative errno. */
int winreg_key_path(const struct rootfs *root, const char *key, char **path_out);

/* Read one value of a key (value "" or "@" is the default value). Same errors as above. */
int winreg_read(const struct rootfs *root, const char *key, const char *value,
		struct winreg_value *out);
void winreg_value_free(struct winreg_value *v);

enum winreg_num_kind { WINREG_NUM_DWORD, WINREG_NUM_QWORD, WINREG_NUM_STRING };

/* A number stored either as REG_DWORD / REG_QWORD or as a decimal REG_SZ ("0", "-1": policies
 * written by hand or by some ADMX files). Four bytes that also read as a 3-digit string plus NUL
 * ("255\0") are taken as the string only when the DWORD reading exceeds plausible_max; four or
 * eight bytes of text with its NUL ("yes\0") beyond plausible_max are text, not a number. Returns
 * false when the data is neither (e.g. "yes", 3 bytes of binary). A DWORD is returned unsigned
 * (0xFFFFFFFF stays 4294967295); a string may be negative. */
bool winreg_value_number(const struct winreg_value *v, uint64_t plausible_max, int64_t *out,
			 enum winreg_num_kind *kind);
/* The value as one string (REG_SZ/EXPAND_SZ): a pointer into v->data when it holds text ending
 * in a single NUL (or none), else NULL. */
const char *winreg_value_string(const struct winreg_value *v);

/* Convenience: read and interpret a number. Returns 0, -ENOENT (absent), -EACCES, or -EINVAL
 * (present but not a number; *out untouched). path_out (optional) receives the file read. */
int winreg_read_number(const struct rootfs *root, const char *key, const char *value,
		       uint64_t plausible_max, int64_t *out, char **path_out);

#endif
