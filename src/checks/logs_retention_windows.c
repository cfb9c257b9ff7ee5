/* logs.retention on Windows (item 2-11): each event log in [logs] windows_event_logs by its size
 * and what happens when it is full — Services\EventLog\<log> (MaxSize in bytes, Retention: 0
 * overwrite as needed, else do not overwrite; AutoBackupLogFiles: archive when full), overridden
 * by the Group Policy key Policies\Microsoft\Windows\EventLog\<log> (MaxSize in KB; Retention and
 * AutoBackupLogFiles as the strings "1"/"0" the ADMX writes, or DWORDs). A log that overwrites is
 * bounded by space: the days it keeps are estimated from the .evtx file's oldest and newest
 * records where kensa can read it, else reported as unknown (warn), and a log below the profile's
 * size floor fails. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/profile.h"
#include "../core/rootfs.h"
#include "../core/winreg.h"
#include "../core/winsource.h"
#include "../core/xalloc.h"
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define EVENTLOG_KEY "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\EventLog"
#define POLICY_KEY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\EventLog"
#define NT_KEY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
#define DEFAULT_MAX_BYTES (20u * 1024 * 1024) /* Windows 10 / Server 2016 and later */
#define EVTX_CHUNK 65536
#define EVTX_MAX_CHUNKS 65536 /* 4 GiB: the largest MaxSize Windows allows */

/* ---- .evtx: the oldest and newest record times -------------------------------------------- */

struct evtx_span {
	int64_t oldest, newest; /* epoch seconds */
	uint64_t used_bytes;    /* chunks holding records */
	bool full;              /* the header's "full" flag: it has wrapped or stopped */
};

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* FILETIME (100 ns since 1601) -> epoch seconds */
static int64_t filetime_epoch(uint64_t ft)
{
	return (int64_t)(ft / 10000000u) - INT64_C(11644473600);
}

/* The record at offset off of a chunk: its written time, when it is a record ("**\0\0"). */
static bool record_time(int fd, off_t chunk, uint32_t off, int64_t *t)
{
	unsigned char rec[24];
	if (off < 512 || off > EVTX_CHUNK - sizeof rec ||
	    pread(fd, rec, sizeof rec, chunk + off) != (ssize_t)sizeof rec ||
	    memcmp(rec, "**\0\0", 4) != 0)
		return false;
	*t = filetime_epoch(le64(rec + 16));
	return true;
}

/* Reads the file header and each chunk's header, first and last record: bounded, no XML. */
static int evtx_scan(const struct rootfs *root, const char *path, struct evtx_span *s,
		     char *why, size_t whylen)
{
	memset(s, 0, sizeof *s);
	int fd;
	struct stat st;
	int rc = rootfs_open_file(root, path, &fd, &st);
	if (rc < 0) {
		msg_snprintf(why, whylen, "%s", rootfs_strerror(rc));
		return rc;
	}
	unsigned char hdr[128];
	if (pread(fd, hdr, sizeof hdr, 0) != (ssize_t)sizeof hdr || memcmp(hdr, "ElfFile\0", 8)) {
		close(fd);
		msg_snprintf(why, whylen, _("not an .evtx file (no ElfFile header)"));
		return -EINVAL;
	}
	s->full = (le32(hdr + 120) & 0x2) != 0;
	uint64_t chunks = ((uint64_t)st.st_size > 4096 ? ((uint64_t)st.st_size - 4096) : 0) / EVTX_CHUNK;
	if (chunks > EVTX_MAX_CHUNKS)
		chunks = EVTX_MAX_CHUNKS;
	bool any = false;
	for (uint64_t i = 0; i < chunks; i++) {
		off_t base = 4096 + (off_t)i * EVTX_CHUNK;
		unsigned char ch[512];
		if (pread(fd, ch, sizeof ch, base) != (ssize_t)sizeof ch || memcmp(ch, "ElfChnk\0", 8))
			continue;
		int64_t first, last;
		if (!record_time(fd, base, 512, &first))
			continue;
		if (!record_time(fd, base, le32(ch + 44), &last))
			last = first;
		s->used_bytes += EVTX_CHUNK;
		if (!any || first < s->oldest)
			s->oldest = first;
		if (!any || last > s->newest)
			s->newest = last;
		any = true;
	}
	close(fd);
	if (!any) {
		msg_snprintf(why, whylen, _("no event records"));
		return -ENODATA;
	}
	return 0;
}

/* "%SystemRoot%\System32\Winevt\Logs\Security.evtx" -> path inside the root, through
 * [windows] system_drive for C:. NULL when it is on another drive. */
static char *evtx_path(struct audit_context *ctx, const char *file, const char *log)
{
	char sysroot[256] = "C:\\Windows";
	struct winreg_value v;
	if (winreg_read(ctx->root, NT_KEY, "SystemRoot", &v) == 0) {
		const char *s = winreg_value_string(&v);
		if (s && *s)
			msg_snprintf(sysroot, sizeof sysroot, "%s", s);
		winreg_value_free(&v);
	}
	char win[1024];
	if (file && *file) {
		if (!strncasecmp(file, "%SystemRoot%", 12))
			msg_snprintf(win, sizeof win, "%s%s", sysroot, file + 12);
		else if (!strncasecmp(file, "%windir%", 8))
			msg_snprintf(win, sizeof win, "%s%s", sysroot, file + 8);
		else
			msg_snprintf(win, sizeof win, "%s", file);
	} else {
		msg_snprintf(win, sizeof win, "%s\\System32\\winevt\\Logs\\%s.evtx", sysroot, log);
	}
	if (!(strlen(win) > 2 && (win[0] == 'C' || win[0] == 'c') && win[1] == ':'))
		return NULL;
	char *out = xasprintf("%s%s", profile_string(ctx->profile, "windows", "system_drive"),
			      win + 2);
	for (char *p = out; *p; p++)
		if (*p == '\\')
			*p = '/';
	return out;
}

/* NTFS names match without regard to case (the registry says "Winevt", the folder is "winevt"):
 * find each component of path case-insensitively, as Windows would. NULL when one is missing. */
static char *find_ci(const struct rootfs *root, const char *path)
{
	char *copy = xstrdup(path), *save = NULL;
	char *cur = xstrdup("");
	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		DIR *d;
		char *found = NULL;
		if (rootfs_open_dir(root, *cur ? cur : "/", &d) == 0) {
			struct dirent *e;
			while ((e = readdir(d)))
				if (!strcasecmp(e->d_name, c) && (!found || !strcmp(e->d_name, c))) {
					free(found);
					found = xstrdup(e->d_name);
				}
			closedir(d);
		}
		if (!found) {
			free(cur);
			cur = NULL;
			break;
		}
		char *next = xasprintf("%s/%s", cur, found);
		free(found);
		free(cur);
		cur = next;
	}
	free(copy);
	return cur;
}

/* ---- one log -------------------------------------------------------------------------------- */

struct setting {
	bool set, from_policy;
	int64_t value;
	char *src;
};

/* The policy value wins over the service key's; reads report EACCES to the caller. */
static int read_setting(struct audit_context *ctx, const char *log, const char *name,
			uint64_t plausible, struct setting *s)
{
	memset(s, 0, sizeof *s);
	char *key = xasprintf("%s\\%s", POLICY_KEY, log);
	int rc = winreg_read_number(ctx->root, key, name, plausible, &s->value, &s->src);
	free(key);
	if (rc == 0) {
		s->set = s->from_policy = true;
		return 0;
	}
	free(s->src);
	s->src = NULL;
	if (rc != -ENOENT)
		return rc;
	key = xasprintf("%s\\%s", EVENTLOG_KEY, log);
	rc = winreg_read_number(ctx->root, key, name, plausible, &s->value, &s->src);
	free(key);
	if (rc == 0) {
		s->set = true;
		return 0;
	}
	free(s->src);
	s->src = NULL;
	return rc == -ENOENT ? 0 : rc;
}

struct tally {
	size_t ok, short_ones, unknown, denied;
};

static void judge_log(struct audit_context *ctx, struct check_result *r, const char *log,
		      long long required, struct tally *t)
{
	bool security = !strcasecmp(log, "Security");
	long long min_kb = profile_int(ctx->profile, "logs", security ? "windows_min_security_log_kb"
								     : "windows_min_log_kb");
	struct setting size = { 0 }, ret = { 0 }, backup = { 0 };
	int rc = read_setting(ctx, log, "MaxSize", UINT32_MAX, &size);
	if (rc == 0)
		rc = read_setting(ctx, log, "Retention", 1, &ret);
	if (rc == 0)
		rc = read_setting(ctx, log, "AutoBackupLogFiles", 1, &backup);
	if (rc == -EACCES) {
		t->denied++;
		result_error(r, _("the settings of the %s log cannot be read (run elevated, as "
				  "Administrator)"), log);
		goto out;
	}
	if (rc < 0) {
		t->unknown++;
		struct finding *f = result_finding(r, FINDING_WARN, log,
			_("a setting is not a number (neither a DWORD nor a decimal string)"));
		finding_evidence(f, NULL, "%s\\%s", EVENTLOG_KEY, log);
		goto out;
	}
	uint64_t max_bytes = !size.set ? DEFAULT_MAX_BYTES
			   : size.from_policy ? (uint64_t)size.value * 1024 : (uint64_t)size.value;
	/* Retention: the policy's "1" retains; the service key's 0 overwrites, 0xFFFFFFFF (and the
	 * old seconds values) do not */
	bool overwrite = !ret.set || ret.value == 0;
	bool archive = backup.set && backup.value != 0;
	char sizebuf[64];
	snprintf(sizebuf, sizeof sizebuf, "%.1f MiB", (double)max_bytes / 1048576.0);
	result_evidence(r, size.src, _("%s: MaxSize %s%s"), log, sizebuf,
			!size.set ? _(" (not set: Windows' default)")
			: size.from_policy ? _(" (policy, in KB)") : "");
	result_evidence(r, ret.src, _("%s: when full %s%s"), log,
			overwrite ? _("overwrite as needed") : archive ? _("archive the log")
								   : _("do not overwrite"),
			!ret.set ? _(" (Retention not set: Windows' default)")
			: ret.from_policy ? _(" (policy)") : "");

	if (!overwrite) {
		if (archive) {
			t->ok++;
			result_evidence(r, backup.src, _("%s: archived when full (Archive-%s-*.evtx beside "
							 "it): kept until deleted"), log, log);
		} else {
			t->unknown++;
			struct finding *f = result_finding(r, FINDING_WARN, log,
				_("when full, new events are discarded (do not overwrite, no archive): "
				  "the log stops recording until someone clears it"));
			finding_evidence(f, ret.src, "Retention = %lld", (long long)ret.value);
		}
		goto out;
	}

	/* Overwrite as needed: bounded by space. */
	char *file = NULL;
	struct winreg_value fv;
	char *key = xasprintf("%s\\%s", EVENTLOG_KEY, log);
	if (winreg_read(ctx->root, key, "File", &fv) == 0) {
		const char *s = winreg_value_string(&fv);
		file = s ? xstrdup(s) : NULL;
		winreg_value_free(&fv);
	}
	free(key);
	char *winpath = evtx_path(ctx, file, log);
	free(file);
	char *path = winpath ? find_ci(ctx->root, winpath) : NULL;
	if (winpath && !path)
		path = xstrdup(winpath); /* absent: say where it was looked for */
	free(winpath);
	struct evtx_span span;
	char why[256] = "";
	bool have_span = path && evtx_scan(ctx->root, path, &span, why, sizeof why) == 0;
	double oldest_days = have_span ? (double)(ctx->now - span.oldest) / 86400.0 : -1;
	double span_days = have_span ? (double)(span.newest - span.oldest) / 86400.0 : -1;
	if (have_span)
		result_evidence(r, path, _("%s: %.1f MiB of records, oldest %.0f days ago, spanning %.1f "
					   "days%s"), log, (double)span.used_bytes / 1048576.0,
				floor(oldest_days), span_days, span.full ? _(", full") : "");
	else
		result_evidence(r, path, _("%s: its .evtx file not read (%s): no estimate"), log,
				path ? why : _("not on drive C:"));

	if (have_span && oldest_days >= (double)required) {
		t->ok++;
		result_evidence(r, path, _("%s holds %.0f days already (%lld required)"), log,
				floor(oldest_days), required);
	} else if ((long long)(max_bytes / 1024) < min_kb) {
		t->short_ones++;
		struct finding *f = result_finding(r, FINDING_FAIL, log,
			_("overwrites its oldest events when full at only %s (the profile's floor is "
			  "%lld KB): it cannot be trusted to keep %lld days"), sizebuf, min_kb, required);
		finding_evidence(f, size.src, size.set ? "MaxSize = %lld" : _("MaxSize not set (%lld: "
									     "Windows' default)"),
				 size.set ? (long long)size.value : (long long)DEFAULT_MAX_BYTES);
	} else if (have_span && span_days >= 1) {
		double est = span.full ? span_days
				       : span_days * (double)max_bytes / (double)span.used_bytes;
		if (est < (double)required) {
			t->unknown++;
			struct finding *f = result_finding(r, FINDING_WARN, log,
				_("space-bounded: at its rate so far (%.1f MiB in %.1f days) %s keeps about "
				  "%.0f days, fewer than the %lld required"),
				(double)span.used_bytes / 1048576.0, span_days, sizebuf, floor(est),
				required);
			finding_evidence(f, path, _("overwrite as needed, MaxSize %s"), sizebuf);
		} else {
			t->ok++;
			result_evidence(r, path, _("%s: space-bounded: at its rate so far %s keeps about "
						   "%.0f days"), log, sizebuf, floor(est));
		}
	} else {
		t->unknown++;
		struct finding *f = result_finding(r, FINDING_WARN, log,
			_("space-bounded (overwrite as needed, MaxSize %s): how many days it keeps "
			  "cannot be told (%s)"), sizebuf,
			!have_span ? _("its .evtx file was not read")
				   : _("less than a day of events to measure its rate"));
		finding_evidence(f, size.src ? size.src : ret.src, _("overwrite as needed"));
	}
	free(path);
out:
	free(size.src);
	free(ret.src);
	free(backup.src);
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	if (win_registry_for_check(ctx, r) != 0)
		return;
	long long required = profile_int(ctx->profile, "logs", "retention_days");
	const struct profile_list *logs = profile_list(ctx->profile, "logs", "windows_event_logs");
	struct tally t = { 0 };
	for (size_t i = 0; i < logs->n && !t.denied; i++)
		judge_log(ctx, r, logs->items[i], required, &t);
	if (t.denied)
		return; /* the error says why */
	result_reason(r, _("%zu of %zu event logs keep %lld days; %zu too short, %zu cannot be "
			   "told"), t.ok, logs->n, required, t.short_ones, t.unknown);
}

const struct check check_logs_retention_windows = {
	.id = "logs.retention",
	.title = N_("Access logs are kept long enough"),
	.remediation = N_("Raise the event logs' maximum size (Event Viewer > the log > Properties, "
			  "or the policy 'Specify the maximum log file size (KB)': at least 196608 for "
			  "Security) and choose 'Archive the log when full', or collect the events to a "
			  "log server that keeps them for the required period."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
