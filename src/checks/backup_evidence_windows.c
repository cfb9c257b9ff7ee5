/* backup.evidence on Windows (item 3-2, evidence): scheduled tasks (C:\Windows\System32\Tasks,
 * Task Scheduler XML in UTF-16) whose action runs a backup tool — wbadmin, robocopy, Veeam,
 * Acronis, restic, rclone, or a program whose name says backup — and the backup services set to
 * start (Windows Server Backup's wbengine, Veeam Agent, Acronis). Isolation from the network
 * cannot be seen from the host: always manual. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/winreg.h"
#include "../core/winsource.h"
#include "../core/xalloc.h"
#include "../parsers/win_task.h"
#include "evidence_util.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define TASKS "/Windows/System32/Tasks"
#define SERVICES "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services"
#define MAX_TASK_BYTES (1u << 20)
#define MAX_TASKS 4096

static const char *const tools[] = { "wbadmin", "robocopy", "veeam", "acronis", "restic",
				     "rclone", "backup", NULL };

/* The tool a task's action runs (its program or arguments, "cmd.exe /c robocopy ..."), compared
 * without case, or NULL. */
static const char *tool_of(const char *exec)
{
	for (size_t i = 0; tools[i]; i++) {
		size_t tl = strlen(tools[i]);
		for (const char *p = exec; p[0]; p++)
			if (!strncasecmp(p, tools[i], tl))
				return tools[i];
	}
	return NULL;
}

struct tally {
	size_t jobs, files;
};

static void task_file(struct audit_context *ctx, struct check_result *r, const char *path,
		      struct tally *t)
{
	struct file_buf buf;
	int rc = rootfs_read_file(ctx->root, path, MAX_TASK_BYTES, &buf);
	if (rc < 0) {
		result_evidence(r, path, _("not read: %s"), rootfs_strerror(rc));
		return;
	}
	char why[256];
	size_t len = 0;
	char *xml = win_text_decode(buf.data, buf.len,
				    profile_string(ctx->profile, "windows", "oem_codepage"), &len,
				    why, sizeof why);
	file_buf_free(&buf);
	if (!xml) {
		result_evidence(r, path, _("not read: %s"), why);
		return;
	}
	t->files++;
	struct win_task task;
	win_task_parse(xml, len, &task);
	free(xml);
	for (size_t i = 0; i < task.n_exec; i++) {
		const char *tool = tool_of(task.exec[i]);
		if (!tool)
			continue;
		t->jobs += task.enabled;
		char *shown = evidence_redact_command(task.exec[i], 240);
		struct finding *f = result_finding(r, FINDING_INFO, path + strlen(TASKS) + 1,
			task.enabled ? _("scheduled task runs %s (%s)")
				     : _("scheduled task would run %s, but it is disabled (%s)"),
			tool, task.triggers[0] ? task.triggers : _("no trigger"));
		finding_evidence(f, path, "%s", shown);
		free(shown);
	}
}

static void task_dir(struct audit_context *ctx, struct check_result *r, const char *dir,
		     int depth, size_t *budget, struct tally *t)
{
	DIR *d;
	int rc = rootfs_open_dir(ctx->root, dir, &d);
	if (rc < 0) {
		if (rc != -ENOENT || depth == 0)
			result_evidence(r, dir, _("not read: %s"), rootfs_strerror(rc));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) && *budget) {
		if (de->d_name[0] == '.')
			continue;
		--*budget;
		XGROW(names, n, cap, n + 1);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1) /* qsort(NULL, 0, ...) is undefined: glibc declares it nonnull */
		qsort(names, n, sizeof *names, evidence_cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		struct stat st;
		if (rootfs_lstat(ctx->root, path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && depth < 8)
				task_dir(ctx, r, path, depth + 1, budget, t);
			else if (S_ISREG(st.st_mode))
				task_file(ctx, r, path, t);
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

static const struct {
	const char *service, *product;
} agents[] = {
	{ "wbengine", "Windows Server Backup" },
	{ "VeeamEndpointBackupSvc", "Veeam Agent for Windows" },
	{ "AcronisCyberProtectService", "Acronis" },
	{ "MMS", "Acronis" },
};

static void run(struct audit_context *ctx, struct check_result *r)
{
	struct tally t = { 0, 0 };
	size_t budget = MAX_TASKS;
	task_dir(ctx, r, TASKS, 0, &budget, &t);
	result_evidence(r, TASKS, _("%zu task definitions read"), t.files);
	size_t agents_on = 0;
	char *services_dir = NULL;
	int krc = winreg_key_path(ctx->root, SERVICES, &services_dir);
	free(services_dir);
	if (krc == 0) {
		for (size_t i = 0; i < sizeof agents / sizeof agents[0]; i++) {
			char *key = xasprintf("%s\\%s", SERVICES, agents[i].service);
			int64_t start;
			char *src = NULL;
			if (winreg_read_number(ctx->root, key, "Start", 4, &start, &src) == 0) {
				agents_on += start <= 2;
				struct finding *f = result_finding(r, FINDING_INFO, agents[i].product,
					start <= 2 ? _("backup service %s starts with Windows")
						   : _("backup service %s is installed but does not "
						       "start with Windows"), agents[i].service);
				finding_evidence(f, src, "Start = %lld", (long long)start);
			}
			free(src);
			free(key);
		}
	} else {
		result_evidence(r, NULL, _("%s is not readable: backup services are not known (%s)"),
				SERVICES, rootfs_strerror(krc));
	}
	const char *isolation = _("whether the backups are kept apart from the network cannot be "
				  "seen from this host");
	if (t.jobs || agents_on)
		result_manual(r, _("%zu scheduled backup task(s), %zu backup service(s) starting; "
				   "%s: answer item 3-2 in the site file"), t.jobs, agents_on,
			      isolation);
	else
		result_manual(r, _("no backup job is scheduled on this host (another machine may "
				   "take its backups); %s: answer item 3-2 in the site file"),
			      isolation);
}

const struct check check_backup_evidence_windows = {
	.id = "backup.evidence",
	.title = N_("Backups are taken and kept apart from the network (evidence)"),
	.remediation = N_("Schedule backups of the data needed to continue care, keep a copy "
			  "offline or on a separate network, and record the last restore test; "
			  "answer item 3-2 in the site file."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
