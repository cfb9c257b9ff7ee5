/* The inventory row (see inventory.h): files inside the root for what an image keeps
 * (/etc/hostname, os-release, /etc/machine-id, /lib/modules, /boot, dpkg's status), the live
 * kernel, DMI (/sys/class/dmi/id) and interfaces (platform layer) only for the running host. */
#include "config.h"
#include "inventory.h"
#include "context.h"
#include "i18n.h"
#include "platform.h"
#include "result.h"
#include "rootfs.h"
#include "winreg.h"
#include "xalloc.h"
#include "../parsers/dpkg_status.h"
#include "../parsers/dpkg_version.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#define MAX_DPKG_BYTES (256u << 20)


/* The first line of a small file, printable ASCII and UTF-8 kept, NULL when absent or empty. */
static char *first_line(struct audit_context *ctx, const char *path, int *err)
{
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, 4096, &buf);
	if (err)
		*err = rc;
	if (rc != 0)
		return NULL;
	size_t n = strcspn(buf.data, "\r\n");
	while (n && (buf.data[n - 1] == ' ' || buf.data[n - 1] == '\t'))
		n--;
	char *s = n ? xstrndup(buf.data, n) : NULL;
	file_buf_free(&buf);
	return s;
}

static void os_release(struct audit_context *ctx, struct host_inventory *inv)
{
	const char *paths[] = { "/etc/os-release", "/usr/lib/os-release" };
	for (size_t p = 0; p < 2; p++) {
		struct file_buf buf;
		if (rootfs_read_file(ctx->root, paths[p], 64 * 1024, &buf) != 0)
			continue;
		struct line_iter it;
		char line[1024];
		bool truncated;
		line_iter_init(&it, &buf);
		while (line_iter_next(&it, line, sizeof line, &truncated)) {
			int field = !strncmp(line, "PRETTY_NAME=", 12) ? INV_OS
				    : !strncmp(line, "VERSION_ID=", 11) ? INV_OS_VERSION : -1;
			if (field < 0)
				continue;
			char *v = strchr(line, '=') + 1;
			size_t n = strlen(v);
			if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
				v[n - 1] = '\0';
				v++;
			}
			free(inv->value[field]);
			inv->value[field] = xstrdup(v);
		}
		file_buf_free(&buf);
		return;
	}
}

/* An image's kernel: the newest (in Debian's version order) of /lib/modules/VERSION, else of
 * /boot/vmlinuz-VERSION. */
static char *image_kernel(struct audit_context *ctx)
{
	static const struct {
		const char *dir, *prefix;
	} places[] = { { "/lib/modules", "" }, { "/usr/lib/modules", "" }, { "/boot", "vmlinuz-" } };
	for (size_t p = 0; p < sizeof places / sizeof places[0]; p++) {
		DIR *d;
		if (rootfs_open_dir(ctx->root, places[p].dir, &d) < 0)
			continue;
		char *best = NULL;
		struct dirent *de;
		size_t pl = strlen(places[p].prefix), seen = 0;
		while ((de = readdir(d)) && seen++ < 4096) {
			if (de->d_name[0] == '.' || strncmp(de->d_name, places[p].prefix, pl))
				continue;
			const char *v = de->d_name + pl;
			int ok = 0;
			if (!*v || (best && dpkg_version_compare_text(v, best, &ok) <= 0 && ok))
				continue;
			free(best);
			best = xstrdup(v);
		}
		closedir(d);
		if (best) {
			char *k = xasprintf(_("%s (newest in %s; not running: offline audit)"), best,
					    places[p].dir);
			free(best);
			return k;
		}
	}
	return NULL;
}

static long package_count(struct audit_context *ctx, struct check_result *r)
{
	const char *path = "/var/lib/dpkg/status";
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, MAX_DPKG_BYTES, &buf);
	if (rc < 0) {
		if (rc != -ENOENT && r)
			result_evidence(r, path, _("not read: %s"), rootfs_strerror(rc));
		return -1;
	}
	struct dpkg_status st;
	dpkg_status_parse(buf.data, buf.len, &st);
	file_buf_free(&buf);
	long n = 0;
	for (size_t i = 0; i < st.n; i++)
		n += dpkg_package_present(&st.pkgs[i]);
	dpkg_status_free(&st);
	return n;
}

static void collect(struct audit_context *ctx, struct host_inventory *inv, struct check_result *r)
{
	if (ctx->live) {
		char name[256];
		if (gethostname(name, sizeof name) == 0) {
			name[sizeof name - 1] = '\0';
			inv->value[INV_HOSTNAME] = xstrdup(name);
		}
		struct utsname u;
		if (uname(&u) == 0)
			inv->value[INV_KERNEL] = xasprintf("%s %s %s", u.sysname, u.release, u.machine);
	}
	if (!inv->value[INV_HOSTNAME])
		inv->value[INV_HOSTNAME] = first_line(ctx, "/etc/hostname", NULL);
	os_release(ctx, inv);
	if (!inv->value[INV_KERNEL])
		inv->value[INV_KERNEL] = image_kernel(ctx);
	inv->value[INV_MACHINE_ID] = first_line(ctx, "/etc/machine-id", NULL);
	if (ctx->live) {
		static const struct {
			int field;
			const char *path;
		} dmi[] = {
			{ INV_DMI_VENDOR, "/sys/class/dmi/id/sys_vendor" },
			{ INV_DMI_PRODUCT, "/sys/class/dmi/id/product_name" },
			{ INV_DMI_SERIAL, "/sys/class/dmi/id/product_serial" },
		};
		for (size_t i = 0; i < sizeof dmi / sizeof dmi[0]; i++) {
			int err = 0;
			inv->value[dmi[i].field] = first_line(ctx, dmi[i].path, &err);
			if (err < 0 && err != -ENOENT && r)
				result_evidence(r, dmi[i].path, _("not read: %s"), rootfs_strerror(err));
		}
		int rc = platform_interfaces(&inv->value[INV_ADDRESSES], &inv->value[INV_MACS]);
		if (rc < 0 && r)
			result_evidence(r, NULL, _("network interfaces not read: %s"), kensa_strerror(-rc));
	} else if (r) {
		result_evidence(r, NULL, _("offline audit: DMI, addresses and MACs belong to the "
					   "running machine and are not read"));
	}
	long pkgs = package_count(ctx, r);
	if (pkgs >= 0)
		inv->value[INV_PACKAGES] = xasprintf("%ld", pkgs);
	inv->value[INV_KENSA_VERSION] = xstrdup(KENSA_VERSION);
}

/* Windows: the registry (a copy under --root, or the live one through Cygwin). */
static char *reg_string(struct audit_context *ctx, const char *key, const char *value)
{
	struct winreg_value v;
	if (winreg_read(ctx->root, key, value, &v) != 0)
		return NULL;
	const char *s = winreg_value_string(&v);
	char *out = s && *s ? xstrdup(s) : NULL;
	winreg_value_free(&v);
	return out;
}

static long uninstall_entries(struct audit_context *ctx, const char *base)
{
	char *dir = NULL;
	if (winreg_key_path(ctx->root, base, &dir) < 0) {
		free(dir);
		return 0;
	}
	DIR *d;
	long n = 0;
	if (rootfs_open_dir(ctx->root, dir, &d) == 0) {
		struct dirent *de;
		size_t read = 0;
		while ((de = readdir(d)) && read++ < 65536) {
			char name[512];
			bool is_val = false;
			if (de->d_name[0] == '.' ||
			    !winreg_decode_name(de->d_name, name, sizeof name, &is_val) || is_val)
				continue;
			char *key = xasprintf("%s\\%s", base, name);
			char *display = reg_string(ctx, key, "DisplayName");
			n += display != NULL; /* what Apps & features lists */
			free(display);
			free(key);
		}
		closedir(d);
	}
	free(dir);
	return n;
}

static void collect_windows(struct audit_context *ctx, struct host_inventory *inv,
			    struct check_result *r)
{
	static const char *const cv =
		"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
	static const char *const bios = "HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS";
	inv->value[INV_HOSTNAME] = reg_string(ctx, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\"
					      "Control\\ComputerName\\ComputerName", "ComputerName");
	inv->value[INV_OS] = reg_string(ctx, cv, "ProductName");
	char *display = reg_string(ctx, cv, "DisplayVersion");
	char *build = reg_string(ctx, cv, "CurrentBuild");
	if (display || build)
		inv->value[INV_OS_VERSION] = xasprintf("%s%s%s%s%s", display ? display : "",
						       display && build ? " " : "",
						       build ? "(build " : "", build ? build : "",
						       build ? ")" : "");
	free(display);
	free(build);
	inv->value[INV_MACHINE_ID] = reg_string(ctx, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\"
						"Cryptography", "MachineGuid");
	inv->value[INV_DMI_VENDOR] = reg_string(ctx, bios, "SystemManufacturer");
	inv->value[INV_DMI_PRODUCT] = reg_string(ctx, bios, "SystemProductName");
	long apps = uninstall_entries(ctx, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\"
					   "CurrentVersion\\Uninstall") +
		    uninstall_entries(ctx, "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\"
					   "Windows\\CurrentVersion\\Uninstall");
	inv->value[INV_PACKAGES] = xasprintf("%ld", apps);
	if (r)
		result_evidence(r, NULL, _("Windows: the serial number, addresses and MACs are in "
					   "no registry value: they are not read"));
	inv->value[INV_KENSA_VERSION] = xstrdup(KENSA_VERSION);
}

const struct host_inventory *inventory_get(struct audit_context *ctx, struct check_result *r)
{
	if (!ctx->inventory) {
		ctx->inventory = xcalloc(1, sizeof *ctx->inventory);
		if (ctx->platform == PLATFORM_WINDOWS)
			collect_windows(ctx, ctx->inventory, r);
		else
			collect(ctx, ctx->inventory, r);
	}
	return ctx->inventory;
}
