/* media.usb_storage: could a USB mass-storage device plugged in now (live) or at the next boot
 * be read or written? Judged from what would stop its driver (modprobe.d install/blacklist as
 * libkmod applies them, module_blacklist=/modprobe.blacklist= on the kernel command line, the
 * installed kernels' modules.dep and modules.builtin) or the device itself (USBGuard,
 * usbcore.authorized_default). */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/xalloc.h"
#include "../parsers/kernel_cmdline.h"
#include "../parsers/modprobe.h"
#include "../parsers/usbguard.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONF_MAX (1u << 20)         /* one modprobe.d / grub / usbguard file */
#define MODULES_DEP_MAX (32u << 20) /* Debian's modules.dep is ~0.5 MiB */
#define PROC_MAX (4u << 20)
#define MAX_FILES 4096
#define MAX_STORAGE 16
#define MAX_KERNELS 32
#define MAX_CMDLINE_SOURCES 4

enum presence { ABSENT, AS_MODULE, BUILTIN };

struct kernel_info {
	char version[256];
	enum presence presence[MAX_STORAGE];
	char deps[MAX_STORAGE][1024];       /* module names, space-separated */
	char dependents[MAX_STORAGE][1024]; /* modules that depend on this one */
};

struct cmdline_source {
	char label[300]; /* "/proc/cmdline", "/etc/default/grub:12 (GRUB_CMDLINE_LINUX ...)" */
	char file[256];
	struct kcmdline kc;
};

struct usb_audit {
	struct audit_context *ctx;
	struct check_result *r;
	const struct profile_list *storage;
	const char **blocking;
	size_t n_blocking;
	struct modprobe_file *files;
	size_t n_files;
	struct cmdline_source cmdline[MAX_CMDLINE_SOURCES];
	size_t n_cmdline;
	struct kernel_info *kernels;
	size_t n_kernels;
	const char *moddir; /* "/lib/modules" or "/usr/lib/modules" */
	/* USBGuard's PresentDevicePolicy keeps devices present at boot: reported only when the
	 * kernel does not already leave them unauthorised (authorized_default). */
	bool present_hole;
	bool live_without_modules; /* live, and the running kernel has no /proc/modules */
	char present_policy[64];
	unsigned present_line;
	bool fatal;
};

static bool read_error(struct usb_audit *a, const char *path, int rc)
{
	if (rc == -EACCES) {
		result_error(a->r, _("%s: permission denied (run as root)"), path);
		a->fatal = true;
		return true;
	}
	struct finding *f = result_finding(a->r, FINDING_WARN, path, _("cannot be read: %s"),
					   rootfs_strerror(rc));
	finding_evidence(f, path, "%s", rootfs_strerror(rc));
	return false;
}

/* ---- modprobe.d ---- */

static void load_modprobe(struct usb_audit *a)
{
	struct modprobe_conf_list list = { 0 };
	for (size_t d = 0; d < modprobe_config_dir_count && !a->fatal; d++) {
		DIR *dir;
		int rc = rootfs_open_dir(a->ctx->root, modprobe_config_dirs[d], &dir);
		if (rc == -ENOENT || rc == -ENOTDIR)
			continue;
		if (rc < 0) {
			read_error(a, modprobe_config_dirs[d], rc);
			continue;
		}
		struct dirent *e;
		while ((e = readdir(dir)) && list.n < MAX_FILES) {
			if (!modprobe_conf_name_ok(e->d_name))
				continue;
			char path[PATH_MAX];
			msg_snprintf(path, sizeof path, "%s/%s", modprobe_config_dirs[d], e->d_name);
			struct stat st;
			/* libkmod skips entries it cannot stat and directories. */
			if (rootfs_stat(a->ctx->root, path, &st) != 0 || S_ISDIR(st.st_mode))
				continue;
			modprobe_conf_list_add(&list, d, e->d_name);
		}
		closedir(dir);
	}
	modprobe_conf_list_sort(&list);
	a->files = xcalloc(list.n ? list.n : 1, sizeof *a->files);
	for (size_t i = 0; i < list.n && !a->fatal; i++) {
		char path[PATH_MAX];
		msg_snprintf(path, sizeof path, "%s/%s", modprobe_config_dirs[list.entries[i].dir],
			 list.entries[i].name);
		struct file_buf buf;
		int rc = rootfs_read_file(a->ctx->root, path, CONF_MAX, &buf);
		if (rc == -ROOTFS_ENOTREG) {
			/* e.g. a link to /dev/null masking a packaged file: kmod reads nothing. */
			result_evidence(a->r, path, _("not a regular file (masked): read as empty"));
			buf.data = NULL;
			buf.len = 0;
		} else if (rc < 0) {
			read_error(a, path, rc);
			continue;
		}
		modprobe_parse(buf.data ? buf.data : "", buf.len, path, &a->files[a->n_files]);
		file_buf_free(&buf);
		struct modprobe_file *mf = &a->files[a->n_files++];
		for (size_t b = 0; b < mf->n_bad; b++) {
			struct finding *f = result_finding(a->r, FINDING_INFO, mf->path,
				_("line %u ignored by modprobe: %s"), mf->bad[b].line, mf->bad[b].why);
			finding_evidence(f, mf->path, _("line %u"), mf->bad[b].line);
		}
	}
	result_evidence(a->r, NULL, _("%zu modprobe.d file(s) read, in kmod's order"), a->n_files);
	modprobe_conf_list_free(&list);
}

/* ---- kernel command line ---- */

static void add_cmdline(struct usb_audit *a, const char *label, const char *file, const char *text)
{
	if (a->n_cmdline == MAX_CMDLINE_SOURCES)
		return;
	struct cmdline_source *s = &a->cmdline[a->n_cmdline++];
	msg_snprintf(s->label, sizeof s->label, "%s", label);
	msg_snprintf(s->file, sizeof s->file, "%s", file);
	memset(&s->kc, 0, sizeof s->kc);
	kcmdline_parse(text, &s->kc);
}

static int path_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void load_grub(struct usb_audit *a)
{
	struct shell_vars vars = { 0 };
	bool any = false, unknown = false;
	char *files[MAX_FILES];
	size_t n = 0;
	files[n++] = xstrdup("/etc/default/grub");
	DIR *dir;
	/* grub-mkconfig sources /etc/default/grub, then /etc/default/grub.d/NAME.cfg in glob order. */
	if (rootfs_open_dir(a->ctx->root, "/etc/default/grub.d", &dir) == 0) {
		struct dirent *e;
		size_t first = n;
		while ((e = readdir(dir)) && n < MAX_FILES) {
			size_t l = strlen(e->d_name);
			if (e->d_name[0] != '.' && l > 4 && strcmp(e->d_name + l - 4, ".cfg") == 0)
				files[n++] = xasprintf("/etc/default/grub.d/%s", e->d_name);
		}
		closedir(dir);
		if (n - first > 1)
			qsort(files + first, n - first, sizeof *files, path_cmp);
	}
	for (size_t i = 0; i < n && !a->fatal; i++) {
		struct file_buf buf;
		int rc = rootfs_read_file(a->ctx->root, files[i], CONF_MAX, &buf);
		if (rc == -ENOENT)
			continue;
		if (rc < 0) {
			read_error(a, files[i], rc);
			continue;
		}
		any = true;
		struct shell_issue *issues = NULL;
		size_t n_issues = 0;
		shell_vars_parse(&vars, files[i], buf.data, buf.len, &issues, &n_issues);
		for (size_t k = 0; k < n_issues; k++) {
			/* Only the command line matters here (GRUB_DISTRIBUTOR=`lsb_release ...` is
			 * in Debian's stock file). */
			if (strncmp(issues[k].name, "GRUB_CMDLINE_LINUX", 18) != 0)
				continue;
			unknown = true;
			struct finding *f = result_finding(a->r, FINDING_WARN, files[i],
				_("line %u: %s of %s: kernel command line settings are not counted"),
				issues[k].line, issues[k].why, issues[k].name);
			finding_evidence(f, files[i], _("line %u"), issues[k].line);
		}
		shell_issues_free(issues, n_issues);
		file_buf_free(&buf);
	}
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	if (any) {
		const struct shell_var *l = shell_vars_get(&vars, "GRUB_CMDLINE_LINUX");
		const struct shell_var *d = shell_vars_get(&vars, "GRUB_CMDLINE_LINUX_DEFAULT");
		/* An unknown value counts as an empty command line: no control is credited. */
		char *text = unknown ? xstrdup("") :
			xasprintf("%s %s", l ? l->value : "", d ? d->value : "");
		char label[300];
		msg_snprintf(label, sizeof label, "GRUB_CMDLINE_LINUX%s%s:%u GRUB_CMDLINE_LINUX_DEFAULT%s%s:%u",
			 l ? " " : "", l ? l->file : "", l ? l->line : 0, d ? " " : "",
			 d ? d->file : "", d ? d->line : 0);
		add_cmdline(a, label, l ? l->file : "/etc/default/grub", text);
		result_evidence(a->r, l ? l->file : "/etc/default/grub", _("kernel command line: %s"),
				text);
		free(text);
	}
	shell_vars_free(&vars);
}

static void load_cmdline(struct usb_audit *a)
{
	struct file_buf buf;
	if (a->ctx->live) {
		int rc = rootfs_read_file(a->ctx->root, "/proc/cmdline", 65536, &buf);
		if (rc < 0) {
			read_error(a, "/proc/cmdline", rc);
			return;
		}
		char *nl = strchr(buf.data, '\n');
		if (nl)
			*nl = '\0';
		add_cmdline(a, "/proc/cmdline", "/proc/cmdline", buf.data);
		result_evidence(a->r, "/proc/cmdline", "%s", buf.data);
		file_buf_free(&buf);
		return;
	}
	load_grub(a);
	int rc = rootfs_read_file(a->ctx->root, "/etc/kernel/cmdline", 65536, &buf);
	if (rc == 0) {
		char *nl = strchr(buf.data, '\n');
		if (nl)
			*nl = '\0';
		add_cmdline(a, "/etc/kernel/cmdline", "/etc/kernel/cmdline", buf.data);
		result_evidence(a->r, "/etc/kernel/cmdline", "%s", buf.data);
		file_buf_free(&buf);
	} else if (rc != -ENOENT) {
		read_error(a, "/etc/kernel/cmdline", rc);
	}
	if (a->n_cmdline == 0)
		result_evidence(a->r, NULL, _("no kernel command line configured (/etc/default/grub, "
					      "/etc/kernel/cmdline): none is assumed"));
	else if (a->n_cmdline > 1)
		result_evidence(a->r, NULL, _("several boot loader configurations: a command-line "
					      "setting counts only when every one has it"));
}

/* Is `module` in the comma list `list`, comparing as `underscores` says? */
static bool in_list(const char *list, const char *module, bool underscores)
{
	char *copy = xstrdup(list);
	bool found = false;
	for (char *save = NULL, *t = strtok_r(copy, ",", &save); t && !found;
	     t = strtok_r(NULL, ",", &save)) {
		if (underscores)
			modprobe_underscores(t);
		found = strcmp(t, module) == 0;
	}
	free(copy);
	return found;
}

/* The kernel refuses to load modules named in module_blacklist= (exact names, last value). */
static bool cmdline_module_blacklist(struct usb_audit *a, const char *module, char *ev, size_t evlen)
{
	if (a->n_cmdline == 0)
		return false;
	for (size_t i = 0; i < a->n_cmdline; i++) {
		const char *v = kcmdline_last(&a->cmdline[i].kc, "module_blacklist");
		if (!v || !in_list(v, module, false))
			return false;
		msg_snprintf(ev, evlen, "%s: module_blacklist=%s", a->cmdline[i].label, v);
	}
	return true;
}

/* modprobe.blacklist= is added to libkmod's blacklist (kcmdline_parse_result). */
static bool cmdline_modprobe_blacklist(struct usb_audit *a, const char *module, char *ev, size_t evlen)
{
	if (a->n_cmdline == 0)
		return false;
	for (size_t i = 0; i < a->n_cmdline; i++) {
		bool found = false;
		const struct kcmdline *kc = &a->cmdline[i].kc;
		for (size_t k = 0; k < kc->n && !found; k++)
			if (kc->params[k].value && strcmp(kc->params[k].name, "modprobe.blacklist") == 0 &&
			    in_list(kc->params[k].value, module, true)) {
				found = true;
				msg_snprintf(ev, evlen, "%s: modprobe.blacklist=%s", a->cmdline[i].label,
					 kc->params[k].value);
			}
		if (!found)
			return false;
	}
	return true;
}

/* ---- installed kernels ---- */

static int storage_index(struct usb_audit *a, const char *name)
{
	for (size_t i = 0; i < a->storage->n && i < MAX_STORAGE; i++)
		if (strcmp(a->storage->items[i], name) == 0)
			return (int)i;
	return -1;
}

static void append_word(char *buf, size_t len, const char *w)
{
	size_t used = strlen(buf);
	if (used + strlen(w) + 2 < len)
		msg_snprintf(buf + used, len - used, "%s%s", used ? " " : "", w);
}

static void load_kernel(struct usb_audit *a, const char *moddir, const char *version)
{
	char path[PATH_MAX];
	struct file_buf dep, builtin;
	msg_snprintf(path, sizeof path, "%s/%s/modules.dep", moddir, version);
	int rc = rootfs_read_file(a->ctx->root, path, MODULES_DEP_MAX, &dep);
	if (rc == -ENOENT) {
		result_evidence(a->r, path, _("absent: modprobe cannot load any module of kernel %s"),
				version);
		return;
	}
	if (rc < 0) {
		read_error(a, path, rc);
		return;
	}
	struct kernel_info *k = &a->kernels[a->n_kernels++];
	memset(k, 0, sizeof *k);
	msg_snprintf(k->version, sizeof k->version, "%s", version);
	struct line_iter it;
	char line[65536], name[256];
	char *deps = xmalloc(65536);
	bool truncated;
	line_iter_init(&it, &dep);
	while (line_iter_next(&it, line, sizeof line, &truncated)) {
		if (truncated || !modules_dep_line(line, name, sizeof name, deps, 65536))
			continue;
		int idx = storage_index(a, name);
		if (idx >= 0) {
			k->presence[idx] = AS_MODULE;
			msg_snprintf(k->deps[idx], sizeof k->deps[idx], "%s", deps);
		}
		/* Who pulls a storage module in as a dependency (uas, ums_*)? */
		char *save = NULL;
		for (char *t = strtok_r(deps, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			int d = storage_index(a, t);
			if (d >= 0)
				append_word(k->dependents[d], sizeof k->dependents[d], name);
		}
	}
	free(deps);
	file_buf_free(&dep);
	msg_snprintf(path, sizeof path, "%s/%s/modules.builtin", moddir, version);
	rc = rootfs_read_file(a->ctx->root, path, MODULES_DEP_MAX, &builtin);
	if (rc == 0) {
		line_iter_init(&it, &builtin);
		while (line_iter_next(&it, line, sizeof line, &truncated)) {
			if (truncated || !line[0])
				continue;
			modprobe_path_to_modname(line, name, sizeof name);
			int idx = storage_index(a, name);
			if (idx >= 0)
				k->presence[idx] = BUILTIN;
		}
		file_buf_free(&builtin);
	} else if (rc != -ENOENT) {
		read_error(a, path, rc);
	}
}

static void load_kernels(struct usb_audit *a)
{
	a->kernels = xcalloc(MAX_KERNELS, sizeof *a->kernels);
	const char *moddir = "/lib/modules";
	a->moddir = moddir;
	DIR *dir;
	int rc = rootfs_open_dir(a->ctx->root, moddir, &dir);
	if (rc == -ENOENT) {
		moddir = "/usr/lib/modules";
		a->moddir = moddir;
		rc = rootfs_open_dir(a->ctx->root, moddir, &dir);
	}
	if (rc < 0) {
		if (rc != -ENOENT)
			read_error(a, moddir, rc);
		result_evidence(a->r, "/lib/modules", _("no installed kernel found: judged from the "
							"configuration alone"));
		return;
	}
	char *names[MAX_KERNELS];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dir)) && n < MAX_KERNELS)
		if (e->d_name[0] != '.')
			names[n++] = xstrdup(e->d_name);
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof *names, path_cmp);
	for (size_t i = 0; i < n; i++) {
		if (!a->fatal)
			load_kernel(a, moddir, names[i]);
		free(names[i]);
	}
	for (size_t i = 0; i < a->n_kernels; i++)
		result_evidence(a->r, moddir, _("kernel %s: modules.dep read"), a->kernels[i].version);
	if (a->n_kernels == 0)
		result_evidence(a->r, moddir, _("no kernel with a modules.dep: judged from the "
						"configuration alone"));
}

/* ---- modprobe verdicts ---- */

struct block {
	bool strong, weak;
	char source[PATH_MAX];
	char value[1024];
};

/* Would libkmod/the kernel refuse to insert this module whatever asks for it? */
static bool own_strong_block(struct usb_audit *a, const char *module, struct block *b)
{
	if (cmdline_module_blacklist(a, module, b->value, sizeof b->value)) {
		msg_snprintf(b->source, sizeof b->source, "%s", a->cmdline[0].file);
		return true;
	}
	struct modprobe_hit hit;
	if (modprobe_find_install(a->files, a->n_files, module, &hit) &&
	    modprobe_install_effect(hit.directive->argument, a->blocking, a->n_blocking) ==
		    INSTALL_BLOCKS &&
	    !modprobe_find_softdep(a->files, a->n_files, module, NULL)) {
		msg_snprintf(b->source, sizeof b->source, "%s", hit.file->path);
		msg_snprintf(b->value, sizeof b->value, _("line %u: install %s %s"), hit.directive->line,
			 hit.directive->module, hit.directive->argument);
		return true;
	}
	return false;
}

static void judge_module(struct usb_audit *a, size_t idx, bool device_control)
{
	const char *m = a->storage->items[idx];
	struct block own = { 0 };
	bool strong = own_strong_block(a, m, &own);
	/* Dash spelling in module_blacklist= does not match: the kernel compares exactly. */
	for (size_t i = 0; i < a->n_cmdline; i++) {
		const char *v = kcmdline_last(&a->cmdline[i].kc, "module_blacklist");
		char dashed[256];
		msg_snprintf(dashed, sizeof dashed, "%s", m);
		for (char *p = dashed; *p; p++)
			if (*p == '_')
				*p = '-';
		if (v && strcmp(dashed, m) != 0 && in_list(v, dashed, false) && !in_list(v, m, false)) {
			struct finding *f = result_finding(a->r, FINDING_WARN, m,
				_("module_blacklist= names %s, but the kernel compares module names "
				  "exactly and this module is called %s: no effect"), dashed, m);
			finding_evidence(f, a->cmdline[i].file, "%s: module_blacklist=%s",
					 a->cmdline[i].label, v);
		}
	}

	/* Presence in the installed kernels. */
	size_t as_module = 0, builtin = 0, blocked_by_dep = 0;
	char builtin_in[512] = "", dep_ev[1024] = "", dep_src[PATH_MAX] = "";
	for (size_t k = 0; k < a->n_kernels; k++) {
		const struct kernel_info *ki = &a->kernels[k];
		if (ki->presence[idx] == BUILTIN) {
			builtin++;
			append_word(builtin_in, sizeof builtin_in, ki->version);
		} else if (ki->presence[idx] == AS_MODULE) {
			as_module++;
			char deps[1024];
			msg_snprintf(deps, sizeof deps, "%s", ki->deps[idx]);
			char *save = NULL;
			for (char *t = strtok_r(deps, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
				struct block db = { 0 };
				if (own_strong_block(a, t, &db)) {
					blocked_by_dep++;
					msg_snprintf(dep_ev, sizeof dep_ev,
						 _("kernel %s: %s needs %s, which cannot load (%s)"),
						 ki->version, m, t, db.value);
					msg_snprintf(dep_src, sizeof dep_src, "%s", db.source);
					break;
				}
			}
		}
	}
	enum finding_severity downgrade = FINDING_INFO;
	const char *dc_note = device_control ? _(" (devices are not authorised: see usbguard/usbcore)") : "";
	if (builtin) {
		struct finding *f = result_finding(a->r, device_control ? downgrade : FINDING_FAIL, m,
			_("built into kernel %s: modprobe.d and module_blacklist= cannot stop it%s"),
			builtin_in, dc_note);
		for (size_t k = 0; k < a->n_kernels; k++)
			if (a->kernels[k].presence[idx] == BUILTIN) {
				char p[PATH_MAX];
				msg_snprintf(p, sizeof p, "%s/%s/modules.builtin", a->moddir,
					 a->kernels[k].version);
				finding_evidence(f, p, _("lists %s"), m);
			}
		return;
	}
	if (a->ctx->live && a->live_without_modules && a->n_kernels == 0) {
		/* Nothing to boot into but the running kernel, which cannot load modules; a
		 * built-in driver is reported by judge_loaded from /sys/bus/usb/drivers. */
		struct finding *f = result_finding(a->r, FINDING_INFO, m,
			_("cannot be loaded: the running kernel has no module support and no other "
			  "kernel is installed"));
		finding_evidence(f, "/proc/modules", _("absent"));
		return;
	}
	if (a->n_kernels > 0 && as_module == 0) {
		result_finding(a->r, FINDING_INFO, m, _("not built for any installed kernel"));
		return;
	}
	if (strong) {
		struct finding *f = result_finding(a->r, FINDING_INFO, m, _("cannot be loaded"));
		finding_evidence(f, own.source, "%s", own.value);
		return;
	}
	if (as_module > 0 && blocked_by_dep == as_module) {
		struct finding *f = result_finding(a->r, FINDING_INFO, m,
			_("cannot be loaded: a module it depends on is blocked"));
		finding_evidence(f, dep_src, "%s", dep_ev);
		return;
	}

	/* Not blocked: explain what there is. */
	struct modprobe_hit ins, sd, bl;
	bool has_install = modprobe_find_install(a->files, a->n_files, m, &ins);
	bool has_softdep = modprobe_find_softdep(a->files, a->n_files, m, &sd);
	enum install_effect eff = has_install ?
		modprobe_install_effect(ins.directive->argument, a->blocking, a->n_blocking) :
		INSTALL_LOADS;
	bool conf_bl = modprobe_find_blacklist(a->files, a->n_files, m, &bl);
	char cmd_ev[1024];
	bool cmd_bl = cmdline_modprobe_blacklist(a, m, cmd_ev, sizeof cmd_ev);
	bool unknown_install = has_install && eff == INSTALL_UNKNOWN && !has_softdep;
	bool weak = conf_bl || cmd_bl || unknown_install;

	struct finding *f;
	enum finding_severity sev;
	if (unknown_install) {
		sev = device_control ? downgrade : FINDING_WARN;
		f = result_finding(a->r, sev, m,
			_("install command not recognised as blocking (not in [media] "
			  "blocking_install_commands): it may still load the module%s"), dc_note);
	} else if (weak) {
		sev = device_control ? downgrade : FINDING_WARN;
		f = result_finding(a->r, sev, m,
			_("only blacklisted: udev does not autoload it by alias, but \"modprobe %s\" "
			  "and modules depending on it still load it%s"), m, dc_note);
	} else {
		sev = device_control ? downgrade : FINDING_FAIL;
		f = result_finding(a->r, sev, m,
			_("can be loaded: nothing blocks it, so a USB storage device is usable%s"),
			dc_note);
	}
	if (has_install)
		finding_evidence(f, ins.file->path, _("line %u: install %s %s%s"), ins.directive->line,
				 ins.directive->module, ins.directive->argument,
				 eff == INSTALL_LOADS ? _(" (loads the module)") : "");
	if (has_install && has_softdep)
		finding_evidence(f, sd.file->path,
				 _("line %u: softdep %s %s: kmod ignores the install command of a "
				   "module with soft dependencies"), sd.directive->line,
				 sd.directive->module, sd.directive->argument);
	if (conf_bl)
		finding_evidence(f, bl.file->path, _("line %u: blacklist %s"), bl.directive->line,
				 bl.directive->module);
	if (cmd_bl)
		finding_evidence(f, a->cmdline[0].file, "%s", cmd_ev);
	if (!has_install && !conf_bl && !cmd_bl)
		finding_evidence(f, NULL, _("no install, blacklist or module_blacklist= for %s"), m);
	for (size_t k = 0; k < a->n_kernels; k++)
		if (a->kernels[k].dependents[idx][0] && weak) {
			char p[PATH_MAX];
			msg_snprintf(p, sizeof p, "%s/%s/modules.dep", a->moddir, a->kernels[k].version);
			finding_evidence(f, p, _("loaded as a dependency of: %s"),
					 a->kernels[k].dependents[idx]);
		}
}

/* ---- device authorisation: USBGuard, usbcore.authorized_default ---- */

static bool usbguard_rules_file(struct usb_audit *a, const char *path, bool *decided,
				bool *allows, struct finding **why_f)
{
	struct file_buf buf;
	int rc = rootfs_read_file(a->ctx->root, path, PROC_MAX, &buf);
	if (rc == -ENOENT)
		return true;
	if (rc < 0) {
		read_error(a, path, rc);
		return false;
	}
	struct line_iter it;
	char line[8192], why[128];
	bool truncated, ok = true;
	line_iter_init(&it, &buf);
	while (!*decided && line_iter_next(&it, line, sizeof line, &truncated)) {
		enum usbguard_verdict v = truncated ? USBGUARD_MALFORMED :
						      usbguard_rule_storage(line, why, sizeof why);
		if (v == USBGUARD_MALFORMED) {
			struct finding *f = result_finding(a->r, FINDING_WARN, "usbguard",
				_("rule kensa cannot read (%s): the daemon may refuse the rule set"),
				truncated ? _("over-long line") : why);
			finding_evidence(f, path, _("line %u"), it.lineno);
			ok = false;
			break;
		}
		if (v == USBGUARD_ALLOWS || v == USBGUARD_BLOCKS) {
			*decided = true;
			*allows = v == USBGUARD_ALLOWS;
			*why_f = result_finding(a->r, FINDING_INFO, "usbguard",
				*allows ? _("the first rule matching a mass-storage device allows it") :
					  _("the first rule matching a mass-storage device blocks it"));
			finding_evidence(*why_f, path, _("line %u: %s%s%s"), it.lineno, line,
					 why[0] ? " — " : "", why);
		}
	}
	file_buf_free(&buf);
	return ok;
}

static bool usbguard_enabled(struct usb_audit *a, char *ev, size_t evlen)
{
	char target[PATH_MAX];
	struct stat st;
	int n = rootfs_readlink(a->ctx->root, "/etc/systemd/system/usbguard.service", target,
				sizeof target - 1);
	if (n > 0) {
		target[n] = '\0';
		if (strcmp(target, "/dev/null") == 0) {
			snprintf(ev, evlen, "/etc/systemd/system/usbguard.service");
			return false;
		}
	}
	static const char *const wants[] = {
		"/etc/systemd/system/basic.target.wants/usbguard.service",
		"/etc/systemd/system/multi-user.target.wants/usbguard.service",
		"/etc/systemd/system/graphical.target.wants/usbguard.service",
		"/etc/systemd/system/sysinit.target.wants/usbguard.service",
	};
	for (size_t i = 0; i < sizeof wants / sizeof wants[0]; i++)
		if (rootfs_lstat(a->ctx->root, wants[i], &st) == 0) {
			msg_snprintf(ev, evlen, "%s", wants[i]);
			return true;
		}
	ev[0] = '\0';
	return false;
}

static bool judge_usbguard(struct usb_audit *a)
{
	static const char *const daemons[] = { "/usr/sbin/usbguard-daemon", "/usr/bin/usbguard-daemon",
					      "/sbin/usbguard-daemon" };
	const char *daemon = NULL;
	for (size_t i = 0; i < sizeof daemons / sizeof daemons[0] && !daemon; i++)
		if (rootfs_exists(a->ctx->root, daemons[i]))
			daemon = daemons[i];
	if (!daemon) {
		result_evidence(a->r, "/usr/sbin/usbguard-daemon", _("USBGuard not installed"));
		return false;
	}
	char ev[PATH_MAX];
	if (!usbguard_enabled(a, ev, sizeof ev)) {
		struct finding *f = result_finding(a->r, FINDING_INFO, "usbguard",
			_("installed but not enabled at boot: it does not protect"));
		finding_evidence(f, ev[0] ? ev : "/etc/systemd/system",
				 ev[0] ? _("masked") : _("no usbguard.service in any *.target.wants"));
		return false;
	}
	const char *conf = "/etc/usbguard/usbguard-daemon.conf";
	struct file_buf buf;
	int rc = rootfs_read_file(a->ctx->root, conf, CONF_MAX, &buf);
	if (rc < 0) {
		if (rc == -ENOENT) {
			struct finding *f = result_finding(a->r, FINDING_WARN, "usbguard",
				_("enabled, but its configuration is missing: the daemon does not start"));
			finding_evidence(f, conf, "%s", rootfs_strerror(rc));
		} else {
			read_error(a, conf, rc);
		}
		return false;
	}
	struct usbguard_daemon_conf dc;
	usbguard_parse_daemon_conf(buf.data, buf.len, &dc);
	file_buf_free(&buf);
	result_evidence(a->r, ev, _("usbguard.service enabled"));

	const char *inserted = dc.inserted_policy.found ? dc.inserted_policy.value : "apply-policy";
	const char *present = dc.present_policy.found ? dc.present_policy.value : "apply-policy";
	const char *implicit = dc.implicit_target.found ? dc.implicit_target.value : "block";
	bool blocks = false;
	struct finding *f = NULL;
	if (usbguard_target_blocks(inserted)) {
		blocks = true;
		f = result_finding(a->r, FINDING_INFO, "usbguard",
				   _("blocks every USB device inserted while it runs"));
		finding_evidence(f, conf, _("line %u: InsertedDevicePolicy=%s"), dc.inserted_policy.line,
				 inserted);
	} else if (strcmp(inserted, "apply-policy") == 0) {
		bool decided = false, allows = false, ok = true;
		struct finding *rule_f = NULL;
		if (dc.rule_file.found && dc.rule_file.value[0])
			ok = usbguard_rules_file(a, dc.rule_file.value, &decided, &allows, &rule_f);
		else
			result_evidence(a->r, conf, _("no RuleFile= set"));
		if (ok && !decided && dc.rule_folder.found && dc.rule_folder.value[0] && !a->fatal) {
			DIR *dir;
			if (rootfs_open_dir(a->ctx->root, dc.rule_folder.value, &dir) == 0) {
				char *names[MAX_FILES];
				size_t n = 0;
				struct dirent *e;
				size_t fl = strlen(dc.rule_folder.value);
				while (fl > 1 && dc.rule_folder.value[fl - 1] == '/')
					fl--; /* Debian's RuleFolder=/etc/usbguard/rules.d/ */
				while ((e = readdir(dir)) && n < MAX_FILES)
					if (modprobe_conf_name_ok(e->d_name))
						names[n++] = xasprintf("%.*s/%s", (int)fl,
								       dc.rule_folder.value, e->d_name);
				closedir(dir);
				if (n > 1)
					qsort(names, n, sizeof *names, path_cmp);
				for (size_t i = 0; i < n; i++) {
					if (ok && !decided)
						ok = usbguard_rules_file(a, names[i], &decided, &allows,
									 &rule_f);
					free(names[i]);
				}
			}
		}
		if (!ok || a->fatal)
			return false;
		if (decided) {
			blocks = !allows;
		} else {
			blocks = usbguard_target_blocks(implicit);
			f = result_finding(a->r, FINDING_INFO, "usbguard",
				blocks ? _("no rule allows an arbitrary mass-storage device; the implicit "
					   "policy blocks it") :
					 _("no rule matches an arbitrary mass-storage device and the "
					   "implicit policy allows it"));
			finding_evidence(f, conf, dc.implicit_target.found ?
				_("line %u: ImplicitPolicyTarget=%s") : _("line %u: ImplicitPolicyTarget "
				"unset (default %s)"), dc.implicit_target.line, implicit);
		}
	} else {
		f = result_finding(a->r, FINDING_WARN, "usbguard",
			_("InsertedDevicePolicy=%s is not a policy USBGuard knows"), inserted);
		finding_evidence(f, conf, _("line %u"), dc.inserted_policy.line);
		return false;
	}
	if (blocks && (strcmp(present, "allow") == 0 || strcmp(present, "keep") == 0)) {
		a->present_hole = true;
		snprintf(a->present_policy, sizeof a->present_policy, "%.63s", present);
		a->present_line = dc.present_policy.line;
	}
	return blocks;
}

/* usbcore.authorized_default=0 (nothing authorised) or 2 (only internal ports). */
static bool judge_authorized_default(struct usb_audit *a, bool usbguard)
{
	const char *opt_val = NULL, *opt_src = NULL;
	char opt_ev[600] = "", ev[600] = "";
	/* options usbcore authorized_default=N in modprobe.d (usbcore is a module on Debian);
	 * libkmod concatenates all options lines in order, so the last value wins. */
	for (size_t i = 0; i < a->n_files; i++)
		for (size_t j = 0; j < a->files[i].n; j++) {
			const struct modprobe_directive *d = &a->files[i].directives[j];
			if (d->command != MODPROBE_OPTIONS || strcmp(d->module, "usbcore") != 0)
				continue;
			struct kcmdline opts = { 0 };
			kcmdline_parse(d->argument, &opts);
			const char *v = kcmdline_last(&opts, "authorized_default");
			if (v) {
				opt_val = strcmp(v, "0") == 0 ? "0" : strcmp(v, "2") == 0 ? "2" : "other";
				opt_src = a->files[i].path;
				msg_snprintf(opt_ev, sizeof opt_ev, _("line %u: options usbcore %s"), d->line,
					 d->argument);
			}
			kcmdline_free(&opts);
		}
	/* The command line is appended last by kmod (and set directly when usbcore is built in),
	 * so it overrides; every boot configuration must end up with 0 or 2. */
	const char *val = opt_val, *src = opt_src;
	msg_snprintf(ev, sizeof ev, "%s", opt_ev);
	for (size_t i = 0; i < a->n_cmdline; i++) {
		const char *v = kcmdline_last(&a->cmdline[i].kc, "usbcore.authorized_default");
		const char *eff = v ? v : opt_val;
		if (!eff || (strcmp(eff, "0") != 0 && strcmp(eff, "2") != 0))
			return false;
		if (v) {
			val = strcmp(v, "0") == 0 ? "0" : "2";
			src = a->cmdline[i].file;
			msg_snprintf(ev, sizeof ev, "%s: usbcore.authorized_default=%s", a->cmdline[i].label, v);
		}
	}
	if (!val || strcmp(val, "other") == 0)
		return false;
	/* Something must authorise the devices that are wanted; a udev rule doing it for all
	 * devices would undo the default. */
	static const char *const rule_dirs[] = { "/etc/udev/rules.d", "/run/udev/rules.d",
						 "/usr/lib/udev/rules.d", "/lib/udev/rules.d" };
	for (size_t d = 0; d < sizeof rule_dirs / sizeof rule_dirs[0]; d++) {
		DIR *dir;
		if (rootfs_open_dir(a->ctx->root, rule_dirs[d], &dir) != 0)
			continue;
		struct dirent *e;
		while ((e = readdir(dir))) {
			size_t l = strlen(e->d_name);
			if (l < 7 || strcmp(e->d_name + l - 6, ".rules") != 0)
				continue;
			char path[PATH_MAX];
			msg_snprintf(path, sizeof path, "%s/%s", rule_dirs[d], e->d_name);
			struct file_buf buf;
			if (rootfs_read_file(a->ctx->root, path, CONF_MAX, &buf) != 0)
				continue;
			struct line_iter it;
			char line[8192];
			bool tr;
			line_iter_init(&it, &buf);
			while (line_iter_next(&it, line, sizeof line, &tr)) {
				char squeezed[8192];
				size_t o = 0;
				for (const char *p = line; *p && o + 1 < sizeof squeezed; p++)
					if (*p != ' ' && *p != '\t')
						squeezed[o++] = *p;
				squeezed[o] = '\0';
				if (squeezed[0] != '#' && strstr(squeezed, "ATTR{authorized}=\"1\"")) {
					struct finding *f = result_finding(a->r, FINDING_WARN, "usbcore",
						_("authorized_default=%s, but a udev rule authorises devices: "
						  "kensa does not judge which"), val);
					finding_evidence(f, src, "%s", ev);
					finding_evidence(f, path, _("line %u: %s"), it.lineno, line);
					file_buf_free(&buf);
					closedir(dir);
					return false;
				}
			}
			file_buf_free(&buf);
		}
		closedir(dir);
	}
	struct finding *f = result_finding(a->r, FINDING_INFO, "usbcore",
		strcmp(val, "0") == 0 ?
		_("USB devices are not authorised by default (authorized_default=0)%s") :
		_("only devices on internal ports are authorised by default (authorized_default=2)%s"),
		usbguard ? _("; USBGuard authorises devices by its rules") :
			   _("; nothing authorises other devices automatically"));
	finding_evidence(f, src, "%s", ev);
	return true;
}

/* ---- live state and desktop ---- */

static void judge_loaded(struct usb_audit *a, bool device_control)
{
	if (!a->ctx->live) {
		result_evidence(a->r, "/proc/modules", _("loaded modules not checked: offline audit"));
		return;
	}
	bool loaded[MAX_STORAGE] = { false };
	struct file_buf buf;
	int rc = rootfs_read_file(a->ctx->root, "/proc/modules", PROC_MAX, &buf);
	if (rc == -ENOENT) {
		result_evidence(a->r, "/proc/modules", _("absent: the running kernel cannot load modules"));
	} else if (rc < 0) {
		read_error(a, "/proc/modules", rc);
		return;
	} else {
		struct line_iter it;
		char line[4096];
		bool tr;
		line_iter_init(&it, &buf);
		while (line_iter_next(&it, line, sizeof line, &tr)) {
			char name[256];
			int idx;
			if (sscanf(line, "%255s", name) != 1 || (idx = storage_index(a, name)) < 0)
				continue;
			loaded[idx] = true;
			struct finding *f = result_finding(a->r,
				device_control ? FINDING_INFO : FINDING_FAIL, name,
				_("loaded now: blocking its loading takes effect only after "
				  "\"modprobe -r %s\" or a reboot"), name);
			finding_evidence(f, "/proc/modules", "%s", line);
		}
		file_buf_free(&buf);
	}
	/* A driver registered with the USB core but not a loaded module is built into the
	 * running kernel (usb_storage registers as "usb-storage"). */
	for (size_t i = 0; i < a->storage->n && i < MAX_STORAGE; i++) {
		if (loaded[i])
			continue;
		char drv[300], dashed[256];
		msg_snprintf(dashed, sizeof dashed, "%s", a->storage->items[i]);
		for (char *p = dashed; *p; p++)
			if (*p == '_')
				*p = '-';
		const char *names[] = { a->storage->items[i], dashed };
		for (size_t k = 0; k < 2; k++) {
			struct stat st;
			msg_snprintf(drv, sizeof drv, "/sys/bus/usb/drivers/%s", names[k]);
			if (rootfs_stat(a->ctx->root, drv, &st) == 0 && S_ISDIR(st.st_mode)) {
				struct finding *f = result_finding(a->r,
					device_control ? FINDING_INFO : FINDING_FAIL,
					a->storage->items[i],
					_("its driver is registered in the running kernel (built in): "
					  "modprobe cannot stop it"));
				finding_evidence(f, drv, _("present"));
				break;
			}
		}
	}
}

static void judge_desktop(struct usb_audit *a)
{
	if (rootfs_exists(a->ctx->root, "/usr/libexec/udisks2/udisksd")) {
		struct finding *f = result_finding(a->r, FINDING_INFO, "udisks2",
			_("udisks2 is installed: desktop users can mount storage without root"));
		finding_evidence(f, "/usr/libexec/udisks2/udisksd", _("present"));
	}
	DIR *db;
	if (rootfs_open_dir(a->ctx->root, "/etc/dconf/db", &db) != 0)
		return;
	struct dirent *e;
	while ((e = readdir(db))) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l < 3 || strcmp(e->d_name + l - 2, ".d") != 0)
			continue;
		char dpath[PATH_MAX];
		msg_snprintf(dpath, sizeof dpath, "/etc/dconf/db/%s", e->d_name);
		DIR *d;
		if (rootfs_open_dir(a->ctx->root, dpath, &d) != 0)
			continue;
		struct dirent *fe;
		while ((fe = readdir(d))) {
			if (fe->d_name[0] == '.')
				continue;
			char path[PATH_MAX + 256];
			msg_snprintf(path, sizeof path, "%s/%s", dpath, fe->d_name);
			struct file_buf buf;
			if (rootfs_read_file(a->ctx->root, path, CONF_MAX, &buf) != 0)
				continue; /* locks/ is a directory */
			struct line_iter it;
			char line[4096];
			bool tr, in_section = false;
			line_iter_init(&it, &buf);
			while (line_iter_next(&it, line, sizeof line, &tr)) {
				char *s = line + strspn(line, " \t");
				if (*s == '[') {
					in_section = strncmp(s, "[org/gnome/desktop/media-handling]", 34) == 0;
					continue;
				}
				if (!in_section || (strncmp(s, "automount", 9) != 0))
					continue;
				struct finding *f = result_finding(a->r, FINDING_INFO, "dconf",
					_("GNOME media handling: %s"), s);
				finding_evidence(f, path, _("line %u: %s"), it.lineno, s);
			}
			file_buf_free(&buf);
		}
		closedir(d);
	}
	closedir(db);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	struct usb_audit a = { .ctx = ctx, .r = r };
	a.storage = profile_list(ctx->profile, "media", "storage_modules");
	const struct profile_list *bl = profile_list(ctx->profile, "media", "blocking_install_commands");
	a.blocking = (const char **)bl->items;
	a.n_blocking = bl->n;
	if (a.storage->n == 0) {
		result_error(r, _("[media] storage_modules is empty: nothing to judge"));
		return;
	}
	if (a.storage->n > MAX_STORAGE)
		result_evidence(r, NULL, _("only the first %d storage modules are judged"), MAX_STORAGE);

	load_modprobe(&a);
	if (!a.fatal)
		load_cmdline(&a);
	if (!a.fatal)
		load_kernels(&a);
	if (!a.fatal) {
		bool usbguard = judge_usbguard(&a);
		bool authdef = !a.fatal && judge_authorized_default(&a, usbguard);
		bool device_control = usbguard || authdef;
		struct stat pst;
		a.live_without_modules = ctx->live && rootfs_stat(ctx->root, "/proc/self", &pst) == 0 &&
					 !rootfs_exists(ctx->root, "/proc/modules");
		if (a.present_hole && !authdef) {
			struct finding *f = result_finding(r, FINDING_WARN, "usbguard",
				_("PresentDevicePolicy=%s: a device already plugged in when the daemon "
				  "starts (at boot) stays usable"), a.present_policy);
			finding_evidence(f, "/etc/usbguard/usbguard-daemon.conf", _("line %u"),
					 a.present_line);
		}
		for (size_t i = 0; i < a.storage->n && i < MAX_STORAGE && !a.fatal; i++)
			judge_module(&a, i, device_control);
		if (!a.fatal)
			judge_loaded(&a, device_control);
		if (!a.fatal && profile_bool(ctx->profile, "media", "report_desktop_automount"))
			judge_desktop(&a);
		if (!a.fatal)
			result_reason(r, device_control ?
				      _("USB devices are not authorised unless allowed: storage cannot attach") :
				      _("judged from what stops the storage drivers from loading"));
	}

	for (size_t i = 0; i < a.n_files; i++)
		modprobe_file_free(&a.files[i]);
	free(a.files);
	for (size_t i = 0; i < a.n_cmdline; i++)
		kcmdline_free(&a.cmdline[i].kc);
	free(a.kernels);
}

const struct check check_media_usb_storage = {
	.id = "media.usb_storage",
	.title = N_("USB mass-storage devices cannot be attached"),
	.remediation = N_("Block the drivers in /etc/modprobe.d/usb-storage.conf with "
			  "\"install usb-storage /bin/false\" and \"install uas /bin/false\" (plus "
			  "\"blacklist\" lines), or add module_blacklist=usb_storage,uas to "
			  "GRUB_CMDLINE_LINUX and run update-grub; or enable USBGuard with "
			  "ImplicitPolicyTarget=block and no rule allowing interface 08:*:*. Then run "
			  "update-initramfs -u (the initramfs carries its own copy of modprobe.d) and "
			  "unload loaded drivers with modprobe -r uas usb_storage."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};
