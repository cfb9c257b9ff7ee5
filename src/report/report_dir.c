/* The report directory of scheduled audits (see report_dir.h). Reports name accounts and
 * weaknesses, so the directory must be ours alone: 0700 when we create it, and refused when
 * someone else could plant, swap or remove reports in it. */
#include "report_dir.h"
#include "diff.h"
#include "sanitize.h"
#include "../core/forms.h"
#include "../core/i18n.h"
#include "../core/review_prior.h"
#include "../core/output.h"
#include "../core/sandbox_broker.h"
#include "../core/xalloc.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p with mode 0700 for every directory it creates. */
static int make_dirs(const char *path, char *err, size_t errlen)
{
	char *copy = xstrdup(path);
	for (char *p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, _("%s: cannot create: %s"), copy, strerror(errno));
			free(copy);
			return -1;
		}
		*p = saved;
		if (!saved)
			break;
	}
	free(copy);
	return 0;
}

static int vet(const char *path, const struct stat *st, char *err, size_t errlen)
{
	if (S_ISLNK(st->st_mode)) {
		snprintf(err, errlen, _("%s: is a symbolic link; give the real directory"), path);
		return -1;
	}
	if (!S_ISDIR(st->st_mode)) {
		snprintf(err, errlen, _("%s: is not a directory"), path);
		return -1;
	}
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		snprintf(err, errlen,
			 _("%s: is owned by uid %u, neither root nor you; its owner could read, swap or remove the reports"),
			 path, (unsigned)st->st_uid);
		return -1;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(err, errlen,
			 _("%s: is writable by group or others (mode %04o); reports must be kept private (chmod go-w)"),
			 path, (unsigned)(st->st_mode & 07777));
		return -1;
	}
	return 0;
}

static int open_vetted(struct report_dir *rd, const char *path, const char *given, char *err,
		       size_t errlen);

int report_dir_open(struct report_dir *rd, const char *path, const char *audit_root, char *err,
		    size_t errlen)
{
	memset(rd, 0, sizeof *rd);
	rd->fd = -1;
	if (!*path) {
		snprintf(err, errlen, _("an empty directory name"));
		return -1;
	}
	if (output_inside_root(path, audit_root)) {
		snprintf(err, errlen, _("%s: is inside the audited root %s; kensa never writes there"),
			 path, audit_root);
		return -1;
	}
	/* "link/" makes lstat and open follow the link: look at the name without the slashes */
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	char *name = xstrndup(path, n);
	int rc = open_vetted(rd, name, path, err, errlen);
	free(name);
	return rc;
}

/* report_dir_open on the name without trailing slashes; `given` is what the user wrote. */
static int open_vetted(struct report_dir *rd, const char *path, const char *given, char *err,
		       size_t errlen)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (make_dirs(path, err, errlen) != 0)
			return -1;
		if (lstat(path, &st) != 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
	}
	if (vet(path, &st, err, errlen) != 0)
		return -1;
	/* Open what we vetted, and make sure it is still the same directory. */
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat fst;
	if (fd < 0 || fstat(fd, &fst) != 0 || fst.st_dev != st.st_dev || fst.st_ino != st.st_ino) {
		snprintf(err, errlen, _("%s: changed while kensa opened it"), path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	/* Two runs at once (a timer and a person) must not pick the same name: the second waits
	 * here, before it audits, until the first has stored its reports. */
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			snprintf(err, errlen, _("%s: cannot lock: %s"), path, strerror(errno));
			close(fd);
			return -1;
		}
	}
	if (output_open_temp(&rd->json_out, real, "kensa-report.json", err, errlen) != 0) {
		close(fd);
		return -1;
	}
	if (output_open_temp(&rd->txt_out, real, "kensa-report.txt", err, errlen) != 0) {
		output_abandon(&rd->json_out);
		close(fd);
		return -1;
	}
	rd->fd = fd;
	rd->path = xstrdup(given);
	rd->real = xstrdup(real);
	return 0;
}

void report_dir_use_broker(struct report_dir *rd, struct broker *b)
{
	output_use_broker(&rd->json_out, b, rd->real);
	output_use_broker(&rd->txt_out, b, rd->real);
	rd->broker = rd->json_out.broker;
	rd->broker_index = rd->json_out.broker_index;
}

void report_dir_close(struct report_dir *rd)
{
	if (!broker_active(rd->broker)) {
		output_abandon(&rd->json_out); /* those not written (the store failed) */
		output_abandon(&rd->txt_out);
	}
	if (rd->fd >= 0)
		close(rd->fd);
	free(rd->path);
	free(rd->real);
	memset(rd, 0, sizeof *rd);
	rd->fd = -1;
}

void report_dir_host_name(const char *hostname, char *buf, size_t len)
{
	size_t n = 0;
	for (const char *p = hostname ? hostname : ""; *p && n + 1 < len && n < 64; p++) {
		char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  c == '.' || c == '_' || c == '-';
		if (!ok || (n == 0 && c == '.'))
			c = '_';
		buf[n++] = c;
	}
	buf[n] = '\0';
	if (n == 0)
		snprintf(buf, len, "unknown");
}

/* One report of the host: kensa-HOST-DATE[-SEQ] with .json and/or .txt present. */
struct stored {
	char stem[128];
	char date[11];
	unsigned seq; /* 1 for the first report of a day */
	bool json, txt;
};

static int stored_cmp(const void *a, const void *b)
{
	const struct stored *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* NAME = kensa-HOST-YYYY-MM-DD[-N].(json|txt) for exactly this HOST; fills s. */
static bool parse_name(const char *name, const char *host, struct stored *s, bool *json)
{
	size_t hl = strlen(host);
	if (strncmp(name, "kensa-", 6) != 0 || strncmp(name + 6, host, hl) != 0 || name[6 + hl] != '-')
		return false;
	const char *p = name + 7 + hl;
	for (int i = 0; i < 10; i++) {
		bool digit = p[i] >= '0' && p[i] <= '9';
		if ((i == 4 || i == 7) ? p[i] != '-' : !digit)
			return false;
	}
	memcpy(s->date, p, 10);
	s->date[10] = '\0';
	p += 10;
	s->seq = 1;
	if (*p == '-') {
		/* -2, -3, ..., -10, -11: a number from 2 on, without leading zeros or a sign */
		if (p[1] < '1' || p[1] > '9')
			return false;
		char *end;
		unsigned long seq = strtoul(p + 1, &end, 10);
		if (seq < 2 || seq > 100000)
			return false;
		s->seq = (unsigned)seq;
		p = end;
	}
	if (strcmp(p, ".json") == 0)
		*json = true;
	else if (strcmp(p, ".txt") == 0)
		*json = false;
	else
		return false;
	size_t stem_len = (size_t)(p - name);
	if (stem_len >= sizeof s->stem)
		return false;
	memcpy(s->stem, name, stem_len);
	s->stem[stem_len] = '\0';
	return true;
}

/* The host's reports in the directory, oldest first. */
static int list_reports(const struct report_dir *rd, const char *host, struct stored **out,
			size_t *n, char *err, size_t errlen)
{
	*out = NULL;
	*n = 0;
	int fd = dup(rd->fd);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (!dir) {
		snprintf(err, errlen, "%s: %s", rd->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	rewinddir(dir);
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(dir))) {
		struct stored s;
		bool json;
		memset(&s, 0, sizeof s);
		if (!parse_name(de->d_name, host, &s, &json))
			continue;
		struct stored *found = NULL;
		for (size_t i = 0; i < *n && !found; i++)
			if (strcmp((*out)[i].stem, s.stem) == 0)
				found = &(*out)[i];
		if (!found) {
			XGROW(*out, *n, cap, *n + 1);
			found = &(*out)[(*n)++];
			*found = s;
		}
		if (json)
			found->json = true;
		else
			found->txt = true;
	}
	closedir(dir);
	if (*n)
		qsort(*out, *n, sizeof **out, stored_cmp);
	return 0;
}

static int write_one(struct report_dir *rd, const char *stem, const char *ext,
		     const struct audit_report *rep, char *err, size_t errlen)
{
	struct output *out = strcmp(ext, ".json") == 0 ? &rd->json_out : &rd->txt_out;
	char *path = xasprintf("%s/%s%s", rd->real, stem, ext);
	output_set_path(out, path);
	free(path);
	int wrc = out == &rd->json_out ? report_write_json(out->fp, rep)
				      : report_write_text(out->fp, rep, false);
	int rc = output_commit(out, wrc, err, errlen);
	memset(out, 0, sizeof *out); /* committed or removed: nothing left to abandon */
	return rc;
}

static void prune(const struct report_dir *rd, const char *host, long keep, bool quiet, FILE *out)
{
	struct stored *all;
	size_t n;
	char err[512];
	if (keep <= 0 || list_reports(rd, host, &all, &n, err, sizeof err) != 0)
		return;
	for (size_t i = 0; n > (size_t)keep && i < n - (size_t)keep; i++) {
		static const char *const exts[] = { ".json", ".txt" };
		for (size_t e = 0; e < 2; e++) {
			char name[160];
			snprintf(name, sizeof name, "%s%s", all[i].stem, exts[e]);
			int rc = broker_active(rd->broker)
					? broker_remove(rd->broker, rd->broker_index, name)
					: (unlinkat(rd->fd, name, 0) == 0 ? 0 : errno);
			if (rc == 0) {
				if (!quiet)
					fprintf(out, _("Removed the old report %s/%s (--keep %ld)\n"),
						rd->path, name, keep);
			} else if (rc != ENOENT) {
				fprintf(stderr, _("kensa: warning: %s/%s: cannot remove: %s\n"), rd->path,
					name, strerror(rc));
			}
		}
	}
	free(all);
}

int report_dir_store(struct report_dir *rd, const struct audit_report *rep,
		     const struct report_dir_run *run, const char *audit_root, FILE *out, char *err,
		     size_t errlen)
{
	char host[80];
	report_dir_host_name(rep->host.hostname, host, sizeof host);
	struct stored *all;
	size_t n;
	if (list_reports(rd, host, &all, &n, err, errlen) != 0)
		return -1;
	unsigned seq = 1;
	const struct stored *previous = NULL;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(all[i].date, rep->as_of) == 0 && all[i].seq >= seq)
			seq = all[i].seq + 1;
		if (all[i].json && strcmp(all[i].date, rep->as_of) <= 0)
			previous = &all[i];
	}
	char stem[128];
	if (seq == 1)
		snprintf(stem, sizeof stem, "kensa-%s-%s", host, rep->as_of);
	else
		snprintf(stem, sizeof stem, "kensa-%s-%s-%u", host, rep->as_of, seq);

	(void)audit_root; /* vetted when the directory was opened */
	int rc = write_one(rd, stem, ".json", rep, err, errlen);
	if (rc == 0)
		rc = write_one(rd, stem, ".txt", rep, err, errlen);
	if (rc != 0) {
		free(all);
		return -1;
	}
	if (!run->quiet)
		fprintf(out, _("Report written: %s/%s.json (and .txt)\n"), rd->path, stem);

	if (previous) {
		char *prev_path = xasprintf("%s/%s.json", rd->real, previous->stem);
		struct audit_report prev;
		char rerr[1024];
		int prc = report_read_json(prev_path, &prev, rerr, sizeof rerr);
		if (prc == 0 && prev.form != rep->form) {
			/* the previous report answered the other form: compare this form's rows */
			report_complete_from_checklist(&prev);
			prc = report_select_form(&prev, rep->form ? rep->form : CHECKLIST_FORM_INSTITUTION, rerr, sizeof rerr);
			if (prc != 0)
				report_free(&prev);
		}
		if (prc != 0) {
			sanitize_fprintf(stderr, SANITIZE_KEEP_NEWLINE,
					 _("kensa: warning: cannot compare with the previous report: %s\n"),
					 rerr);
		} else {
			struct report_diff d;
			report_render_language(&prev, rep->lang); /* in this run's language */
			report_diff_build(&prev, rep, &d);
			char *new_path = xasprintf("%s/%s.json", rd->path, stem);
			char *old_path = xasprintf("%s/%s.json", rd->path, previous->stem);
			bool worse = false;
			for (size_t k = 0; k < d.n; k++)
				worse |= d.entries[k].direction == DIFF_WORSE;
			if (run->quiet) {
				report_diff_write_regressions(out, &d);
				/* the last line of the cron mail: where the whole story is */
				if (worse)
					fprintf(out, _("Full report: %s/%s.txt\n"), rd->path, stem);
			} else
				report_diff_write_text(out, &d, old_path, new_path);
			free(new_path);
			free(old_path);
			report_diff_free(&d);
			report_free(&prev);
		}
		free(prev_path);
	} else if (!run->quiet) {
		fprintf(out, _("No earlier report of %s in %s to compare with.\n"), host, rd->path);
	}
	free(all);
	prune(rd, host, run->keep, run->quiet, out);
	return 0;
}

struct review_prior *report_dir_review_prior(const struct report_dir *rd, const char *hostname,
					     const char *as_of)
{
	char host[80], err[512];
	report_dir_host_name(hostname, host, sizeof host);
	struct stored *all;
	size_t n;
	if (list_reports(rd, host, &all, &n, err, sizeof err) != 0)
		return NULL;
	const struct stored *previous = NULL;
	for (size_t i = 0; i < n; i++)
		if (all[i].json && strcmp(all[i].date, as_of) <= 0)
			previous = &all[i];
	if (!previous) {
		free(all);
		return NULL;
	}
	char *path = xasprintf("%s/%s.json", rd->real, previous->stem);
	free(all);
	struct audit_report prev;
	char rerr[1024];
	if (report_read_json(path, &prev, rerr, sizeof rerr) != 0) {
		/* report_dir_store says so when it compares */
		free(path);
		return NULL;
	}
	free(path);
	struct review_prior *p = xcalloc(1, sizeof *p);
	int64_t t;
	if (prev.audited_at[0] && review_prior_parse_time(prev.audited_at, &t) == 0)
		p->audited_at = t;
	for (size_t i = 0; i < prev.n_results; i++) {
		const struct check_result *r = &prev.results[i];
		if (strcmp(r->id, "logs.review") != 0)
			continue;
		for (size_t k = 0; k < r->n_evidence; k++)
			if (r->evidence[k].source && r->evidence[k].value &&
			    strcmp(r->evidence[k].source, REVIEW_SOURCES_EVIDENCE) == 0)
				review_prior_add_sources(p, r->evidence[k].value);
	}
	review_prior_finish(p);
	report_free(&prev);
	return p;
}
