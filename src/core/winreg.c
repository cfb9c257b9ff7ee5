/* Registry look-ups through Cygwin's /proc/registry (winreg.h), component by component with a
 * case-insensitive match, all through rootfs. */
#include "winreg.h"
#include "rootfs.h"
#include "xalloc.h"
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool must_encode(char c)
{
	return c == '/' || c == '\\' || c == ':' || c == '%';
}

bool winreg_encode_name(const char *name, char *buf, size_t len)
{
	size_t di = 0;
	if (!*name) {
		if (len < 2)
			return false;
		buf[0] = '@';
		buf[1] = '\0';
		return true;
	}
	for (size_t si = 0; name[si]; si++) {
		char c = name[si];
		bool special = si == 0 && ((c == '.' && (!name[1] || (name[1] == '.' && !name[2]))) ||
					   (c == '@' && !name[1]));
		if (must_encode(c) || special) {
			if (di + 4 > len)
				return false;
			snprintf(buf + di, 4, "%%%02x", (unsigned char)c);
			di += 3;
		} else {
			if (di + 2 > len)
				return false;
			buf[di++] = c;
		}
	}
	buf[di] = '\0';
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool winreg_decode_name(const char *file, char *buf, size_t len, bool *is_val)
{
	size_t n = strlen(file);
	*is_val = false;
	if (n > 4 && memcmp(file + n - 4, "%val", 4) == 0) {
		n -= 4;
		*is_val = true;
	}
	size_t di = 0;
	if (n == 1 && file[0] == '@') {
		if (len < 1)
			return false;
		buf[0] = '\0';
		return true;
	}
	for (size_t si = 0; si < n; si++) {
		char c = file[si];
		if (c == '%') {
			if (si + 2 >= n)
				return false;
			int hi = hexval(file[si + 1]), lo = hexval(file[si + 2]);
			if (hi < 0 || lo < 0)
				return false;
			c = (char)(hi * 16 + lo);
			bool special = si == 0 && ((c == '.' && (n == 3 || (n == 4 && file[3] == '.'))) ||
						   (c == '@' && n == 3));
			if (!must_encode(c) && !special)
				return false;
			si += 2;
		}
		if (di + 1 >= len)
			return false;
		buf[di++] = c;
	}
	buf[di] = '\0';
	return true;
}

/* Windows compares key and value names without regard to case; kensa's names are ASCII. */
static int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca += 'a' - 'A';
		if (cb >= 'A' && cb <= 'Z')
			cb += 'a' - 'A';
		if (ca != cb || !ca)
			return ca - cb;
	}
}

static bool entry_is_dir(const struct rootfs *root, const char *dir, const struct dirent *e)
{
#ifdef DT_DIR
	if (e->d_type == DT_DIR)
		return true;
	if (e->d_type != DT_UNKNOWN)
		return false;
#endif
	char *p = xasprintf("%s/%s", dir, e->d_name);
	struct stat st;
	bool isdir = rootfs_lstat(root, p, &st) == 0 && S_ISDIR(st.st_mode);
	free(p);
	return isdir;
}

/* The entry of dir whose registry name is `name`: a subkey (want_dir) or a value. Returns 0 with
 * the entry's file name, -ENOENT, or the error of reading dir. A value named like a subkey is
 * the file with "%val"; an exact (case-sensitive) match wins over a case-insensitive one. */
static int find_entry(const struct rootfs *root, const char *dir, const char *name, bool want_dir,
		      char **found)
{
	DIR *d;
	int rc = rootfs_open_dir(root, dir, &d);
	if (rc < 0)
		return rc;
	*found = NULL;
	bool exact = false;
	struct dirent *e;
	char decoded[1024];
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		bool is_val;
		if (!winreg_decode_name(e->d_name, decoded, sizeof decoded, &is_val))
			continue;
		if (is_val && want_dir)
			continue;
		if (ascii_casecmp(decoded, name) != 0)
			continue;
		if (entry_is_dir(root, dir, e) != want_dir)
			continue;
		bool this_exact = strcmp(decoded, name) == 0;
		if (!*found || (this_exact && !exact)) {
			free(*found);
			*found = xstrdup(e->d_name);
			exact = this_exact;
		}
	}
	closedir(d);
	return *found ? 0 : -ENOENT;
}

static const struct {
	const char *abbrev, *full;
} hives[] = {
	{ "HKLM", "HKEY_LOCAL_MACHINE" },
	{ "HKCU", "HKEY_CURRENT_USER" },
	{ "HKU", "HKEY_USERS" },
	{ "HKCR", "HKEY_CLASSES_ROOT" },
	{ "HKCC", "HKEY_CURRENT_CONFIG" },
};

/* SYSTEM\Select\Current of a captured SYSTEM hive: the control set CurrentControlSet links to. */
static int current_control_set(const struct rootfs *root, const char *system_dir, char *name,
			       size_t len)
{
	char *select;
	int rc = find_entry(root, system_dir, "Select", true, &select);
	if (rc < 0)
		return rc;
	char *dir = xasprintf("%s/%s", system_dir, select);
	free(select);
	char *file;
	rc = find_entry(root, dir, "Current", false, &file);
	if (rc < 0) {
		free(dir);
		return rc;
	}
	char *path = xasprintf("%s/%s", dir, file);
	free(dir);
	free(file);
	struct winreg_value v = { 0 };
	struct file_buf buf;
	rc = rootfs_read_file(root, path, 64, &buf);
	free(path);
	if (rc < 0)
		return rc;
	v.data = (unsigned char *)buf.data;
	v.len = buf.len;
	int64_t n;
	enum winreg_num_kind kind;
	bool ok = winreg_value_number(&v, 999, &n, &kind) && n >= 1 && n <= 999;
	file_buf_free(&buf);
	if (!ok)
		return -EINVAL;
	snprintf(name, len, "ControlSet%03d", (int)n);
	return 0;
}

int winreg_key_path(const struct rootfs *root, const char *key, char **path_out)
{
	char *copy = xstrdup(key);
	char *cur = xstrdup(WINREG_ROOT);
	char *save = NULL;
	int rc = 0;
	size_t depth = 0;
	bool under_hklm = false;
	for (char *c = strtok_r(copy, "\\", &save); c; c = strtok_r(NULL, "\\", &save), depth++) {
		const char *want = c;
		if (depth == 0)
			for (size_t i = 0; i < sizeof hives / sizeof hives[0]; i++)
				if (!ascii_casecmp(c, hives[i].abbrev))
					want = hives[i].full;
		if (depth == 0)
			under_hklm = !ascii_casecmp(want, "HKEY_LOCAL_MACHINE");
		char *entry;
		rc = find_entry(root, cur, want, true, &entry);
		if (rc == -ENOENT && depth == 2 && under_hklm && !ascii_casecmp(want, "CurrentControlSet") &&
		    !ascii_casecmp(cur + strlen(cur) - 6, "SYSTEM")) {
			char set[32];
			rc = current_control_set(root, cur, set, sizeof set);
			if (rc == 0)
				rc = find_entry(root, cur, set, true, &entry);
			else
				rc = -ENOENT;
		}
		if (rc < 0)
			break;
		char *next = xasprintf("%s/%s", cur, entry);
		free(entry);
		free(cur);
		cur = next;
	}
	free(copy);
	if (rc < 0) {
		free(cur);
		return rc;
	}
	/* The key itself must be readable, as Windows opens it with KEY_READ. */
	DIR *d;
	rc = rootfs_open_dir(root, cur, &d);
	if (rc < 0) {
		free(cur);
		return rc;
	}
	closedir(d);
	*path_out = cur;
	return 0;
}

void winreg_value_free(struct winreg_value *v)
{
	free(v->data);
	free(v->path);
	memset(v, 0, sizeof *v);
}

int winreg_read(const struct rootfs *root, const char *key, const char *value,
		struct winreg_value *out)
{
	memset(out, 0, sizeof *out);
	char *dir;
	int rc = winreg_key_path(root, key, &dir);
	if (rc < 0)
		return rc;
	const char *name = strcmp(value, "@") == 0 ? "" : value;
	char *file;
	rc = find_entry(root, dir, name, false, &file);
	if (rc < 0) {
		free(dir);
		return rc;
	}
	char *path = xasprintf("%s/%s", dir, file);
	free(dir);
	free(file);
	struct file_buf buf;
	rc = rootfs_read_file(root, path, WINREG_MAX_VALUE, &buf);
	if (rc < 0) {
		free(path);
		return rc;
	}
	out->data = (unsigned char *)buf.data;
	out->len = buf.len;
	out->path = path;
	return 0;
}

/* "123\0", "-1\0": an optional sign and 1-19 digits, then exactly one NUL (or none). */
static bool decimal_string(const unsigned char *d, size_t len, int64_t *out)
{
	if (len && d[len - 1] == '\0')
		len--;
	size_t i = 0;
	bool neg = false;
	if (i < len && (d[i] == '-' || d[i] == '+'))
		neg = d[i++] == '-';
	if (i == len || len - i > 18)
		return false;
	int64_t v = 0;
	for (; i < len; i++) {
		if (d[i] < '0' || d[i] > '9')
			return false;
		v = v * 10 + (d[i] - '0');
	}
	*out = neg ? -v : v;
	return true;
}

bool winreg_value_number(const struct winreg_value *v, uint64_t plausible_max, int64_t *out,
			 enum winreg_num_kind *kind)
{
	int64_t s;
	/* A string needs its terminating NUL as Cygwin writes it, which keeps "1234" (4 bytes of
	 * binary that happen to be digits) a DWORD. */
	bool is_string = v->len >= 2 && v->data[v->len - 1] == '\0' &&
			 decimal_string(v->data, v->len, &s);
	bool is_binary = v->len == 4 || v->len == 8;
	uint64_t b = 0;
	if (is_binary)
		for (size_t i = v->len; i-- > 0;)
			b = (b << 8) | v->data[i];
	if (is_string && (!is_binary || b > plausible_max)) {
		*out = s;
		*kind = WINREG_NUM_STRING;
		return true;
	}
	/* "yes\0", "on\0\0": text with its NUL, far beyond what the value may hold as a number */
	bool looks_text = v->len >= 2 && v->data[v->len - 1] == '\0' && v->data[0] >= 0x20;
	for (size_t i = 0; looks_text && i + 1 < v->len; i++)
		looks_text = v->data[i] >= 0x20 || (v->data[i] == 0 && i > 0);
	if (is_binary && looks_text && b > plausible_max)
		return false;
	if (is_binary) {
		if (v->len == 8 && b > INT64_MAX)
			return false;
		*out = (int64_t)b;
		*kind = v->len == 4 ? WINREG_NUM_DWORD : WINREG_NUM_QWORD;
		return true;
	}
	return false;
}

const char *winreg_value_string(const struct winreg_value *v)
{
	if (!v->data)
		return NULL;
	size_t n = strnlen((const char *)v->data, v->len);
	if (n + 1 < v->len) /* a NUL before the end: binary or REG_MULTI_SZ */
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (v->data[i] < 0x20 && v->data[i] != '\t')
			return NULL;
	return (const char *)v->data; /* rootfs keeps a NUL after the data */
}

int winreg_read_number(const struct rootfs *root, const char *key, const char *value,
		       uint64_t plausible_max, int64_t *out, char **path_out)
{
	struct winreg_value v;
	int rc = winreg_read(root, key, value, &v);
	if (path_out)
		*path_out = NULL;
	if (rc < 0)
		return rc;
	enum winreg_num_kind kind;
	if (!winreg_value_number(&v, plausible_max, out, &kind))
		rc = -EINVAL;
	if (path_out) {
		*path_out = v.path;
		v.path = NULL;
	}
	winreg_value_free(&v);
	return rc;
}
