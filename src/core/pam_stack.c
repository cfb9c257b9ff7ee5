/* PAM stack resolution and reachability, mirroring libpam's pam_handlers.c (what is loaded)
 * and pam_dispatch.c (how return codes and actions combine). */
#include "pam_stack.h"
#include "context.h"
#include "i18n.h"
#include "rootfs.h"
#include "xalloc.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define PAM_FILE_MAX (1u << 20)
#define MAX_HANDLERS 4096 /* a self-including file doubles per level; stop well before */
#define PAM_TOTAL_MAX PAM_STACK_TOTAL_MAX
#define PAM_FILES_MAX PAM_STACK_FILES_MAX

/* A file read once per stack: every include of the same file (same device and inode, or the
 * same path when it cannot be stat'ed) reuses the parse. */
struct file_seen {
	dev_t dev;
	ino_t ino;
	bool have_id;
	char *path;          /* the candidate path that was read */
	struct pam_file *pf; /* owned by the stack's parsed[] */
};

struct loader {
	const struct rootfs *root;
	struct pam_stack *s;
	const char *service;
	bool pam_conf;            /* /etc/pam.conf mode */
	struct pam_handler *conf, *other;
	size_t n_conf, cap_conf, n_other, cap_other;
	bool overflow;
	struct file_seen *seen;
	size_t n_seen, cap_seen;
	size_t bytes; /* read so far for this stack */
};

static void add_diag(struct pam_stack *s, enum pam_diag_kind kind, const char *file, unsigned line,
		     const char *message)
{
	for (size_t i = 0; i < s->n_diags; i++)
		if (s->diags[i].kind == kind && s->diags[i].line == line &&
		    strcmp(s->diags[i].file, file) == 0)
			return;
	s->diags = xreallocarray(s->diags, s->n_diags + 1, sizeof *s->diags);
	s->diags[s->n_diags].kind = kind;
	s->diags[s->n_diags].file = xstrdup(file);
	s->diags[s->n_diags].line = line;
	s->diags[s->n_diags].message = xstrdup(message);
	s->n_diags++;
}

static void note_file(struct pam_stack *s, const char *path)
{
	for (size_t i = 0; i < s->n_files; i++)
		if (strcmp(s->files[i], path) == 0)
			return;
	s->files = xreallocarray(s->files, s->n_files + 1, sizeof *s->files);
	s->files[s->n_files++] = xstrdup(path);
}

static bool is_dir(const struct rootfs *root, const char *path)
{
	struct stat st;
	return rootfs_stat(root, path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* _pam_open_config_file: an absolute name as is, else /etc/pam.d/NAME then /usr/lib/pam.d/NAME.
 * Returns 0 with the parsed file, -ENOENT, or another negative errno (diagnosed). */
static int open_config(struct loader *ld, const char *name, const char *from_file,
		       unsigned from_line, char **path_out, struct pam_file **parsed_out)
{
	static const char *const dirs[] = { "/etc/pam.d", "/usr/lib/pam.d" };
	char *candidates[2] = { NULL, NULL };
	size_t nc = 0;
	if (name[0] == '/')
		candidates[nc++] = xstrdup(name);
	else
		for (size_t i = 0; i < 2; i++)
			candidates[nc++] = xasprintf("%s/%s", dirs[i], name);
	int result = -ENOENT;
	for (size_t i = 0; i < nc && result == -ENOENT; i++) {
		/* the same name again, then the same file under another name */
		const struct file_seen *again = NULL;
		for (size_t k = 0; k < ld->n_seen && !again; k++)
			if (strcmp(ld->seen[k].path, candidates[i]) == 0)
				again = &ld->seen[k];
		struct stat st;
		int src = again ? 0 : rootfs_stat(ld->root, candidates[i], &st);
		if (src == -ENOENT || src == -ENOTDIR)
			continue;
		bool have_id = !again && src == 0;
		for (size_t k = 0; k < ld->n_seen && !again && have_id; k++) {
			const struct file_seen *fs = &ld->seen[k];
			if (fs->have_id && fs->dev == st.st_dev && fs->ino == st.st_ino)
				again = fs;
		}
		if (again) {
			*parsed_out = again->pf;
			*path_out = xstrdup(candidates[i]);
			result = 0;
			break;
		}
		struct pam_stack *s = ld->s;
		if (s->budget_exceeded)
			break;
		size_t left = PAM_TOTAL_MAX - ld->bytes;
		size_t max = left < PAM_FILE_MAX ? left : PAM_FILE_MAX;
		if (ld->n_seen >= PAM_FILES_MAX) {
			char *msg = xasprintf(_("more than %u PAM files for one service: %s and the "
						"rest were not read"), PAM_FILES_MAX, candidates[i]);
			add_diag(s, PAM_DIAG_UNREADABLE, from_file ? from_file : candidates[i],
				 from_line, msg);
			free(msg);
			s->budget_exceeded = true;
			break;
		}
		struct file_buf buf;
		int rc = rootfs_read_file(ld->root, candidates[i], max, &buf);
		if (rc == -ENOENT || rc == -ENOTDIR)
			continue;
		if (rc == -ROOTFS_ETOOLARGE && max < PAM_FILE_MAX) {
			char *msg = xasprintf(_("the PAM files of this service pass %u MiB in total: "
						"%s was not read"), PAM_TOTAL_MAX >> 20, candidates[i]);
			add_diag(s, PAM_DIAG_UNREADABLE, from_file ? from_file : candidates[i],
				 from_line, msg);
			free(msg);
			s->budget_exceeded = true;
			break;
		}
		if (rc < 0) {
			char *msg = xasprintf(_("cannot read %s: %s"), candidates[i], rootfs_strerror(rc));
			add_diag(ld->s, PAM_DIAG_UNREADABLE, from_file ? from_file : candidates[i],
				 from_line, msg);
			free(msg);
			/* libpam's fopen() failing moves on to the next directory too */
			continue;
		}
		ld->bytes += buf.len;
		/* pointers: a nested include grows the array while this file is walked */
		struct pam_file *pf = xmalloc(sizeof *pf);
		pam_parse(buf.data, buf.len, false, pf);
		file_buf_free(&buf);
		s->parsed = xreallocarray(s->parsed, s->n_parsed + 1, sizeof *s->parsed);
		s->parsed[s->n_parsed++] = pf;
		XGROW(ld->seen, ld->n_seen, ld->cap_seen, ld->n_seen + 1);
		ld->seen[ld->n_seen++] = (struct file_seen){ .dev = have_id ? st.st_dev : 0,
							    .ino = have_id ? st.st_ino : 0,
							    .have_id = have_id,
							    .path = xstrdup(candidates[i]),
							    .pf = pf };
		*parsed_out = pf;
		*path_out = xstrdup(candidates[i]);
		note_file(s, candidates[i]);
		result = 0;
	}
	for (size_t i = 0; i < nc; i++)
		free(candidates[i]);
	return result;
}

static void push(struct loader *ld, bool other, struct pam_handler *h)
{
	if (ld->n_conf + ld->n_other >= MAX_HANDLERS) {
		/* dropped: its strings were made for the stack, so they die here */
		free(h->file);
		free(h->module);
		ld->overflow = true;
		return;
	}
	if (other) {
		XGROW(ld->other, ld->n_other, ld->cap_other, ld->n_other + 1);
		ld->other[ld->n_other++] = *h;
	} else {
		XGROW(ld->conf, ld->n_conf, ld->cap_conf, ld->n_conf + 1);
		ld->conf[ld->n_conf++] = *h;
	}
}

static void must_fail(struct loader *ld, bool other, const char *file, unsigned line, int level,
		      const char *why)
{
	struct pam_handler h;
	memset(&h, 0, sizeof h);
	h.file = xstrdup(file);
	h.line = line;
	h.level = level;
	h.must_fail = true;
	h.why = why;
	for (int i = 0; i < PAM_RETVAL_COUNT; i++)
		h.actions[i] = PAMA_BAD;
	push(ld, other, &h);
}

static int load_file(struct loader *ld, const char *name, bool other, bool any_type,
		     int include_level, int stack_level, const char *from_file, unsigned from_line);

/* _pam_parse_conf_file for the lines of one file. any_type: the top level (PAM_T_ANY). */
static void add_lines(struct loader *ld, const char *path, const struct pam_file *pf,
		      bool is_other_file, bool any_type, int include_level, int stack_level)
{
	enum pam_type want = ld->s->type;
	for (size_t i = 0; i < pf->n && !ld->overflow; i++) {
		const struct pam_line *l = &pf->lines[i];
		bool other = is_other_file;
		if (ld->pam_conf && l->service) {
			if (strcasecmp(l->service, "other") == 0)
				other = true;
			else if (strcasecmp(l->service, ld->service) != 0)
				continue;
		}
		if (l->kind == PAM_LINE_AT_INCLUDE) {
			if (!l->target) {
				add_diag(ld->s, PAM_DIAG_MALFORMED, path, l->lineno, _(l->error));
				must_fail(ld, other, path, l->lineno, stack_level, l->error);
				continue;
			}
			if (load_file(ld, l->target, other, any_type, include_level + 1, stack_level,
				      path, l->lineno) != 0)
				must_fail(ld, other, path, l->lineno, stack_level,
					  _("the @include could not be loaded"));
			continue;
		}
		enum pam_type type = l->type;
		if (type == PAM_TYPE_INVALID)
			type = any_type ? PAM_TYPE_AUTH : want; /* libpam's "most sensitive" choice */
		if (type != want)
			continue;
		if (l->error) {
			char *msg = xasprintf(_("%s: libpam installs a handler that always fails"),
					      _(l->error));
			add_diag(ld->s, PAM_DIAG_MALFORMED, path, l->lineno, msg);
			free(msg);
			must_fail(ld, other, path, l->lineno, stack_level, l->error);
			continue;
		}
		if (l->control_error)
			add_diag(ld->s, PAM_DIAG_MALFORMED, path, l->lineno,
				 _("bad control syntax: libpam treats every result of this module as a failure"));
		if (l->kind == PAM_LINE_INCLUDE || l->kind == PAM_LINE_SUBSTACK) {
			bool sub = l->kind == PAM_LINE_SUBSTACK;
			if (sub) {
				struct pam_handler h;
				memset(&h, 0, sizeof h);
				h.file = xstrdup(path);
				h.line = l->lineno;
				h.level = stack_level;
				h.substack = true;
				for (int a = 0; a < PAM_RETVAL_COUNT; a++)
					h.actions[a] = PAMA_UNDEF;
				push(ld, other, &h);
			}
			if (load_file(ld, l->target, other, false, include_level + 1,
				      stack_level + sub, path, l->lineno) != 0)
				must_fail(ld, other, path, l->lineno, stack_level,
					  sub ? _("the substack could not be loaded")
					      : _("the include could not be loaded"));
			continue;
		}
		struct pam_handler h;
		memset(&h, 0, sizeof h);
		h.file = xstrdup(path);
		h.line = l->lineno;
		h.module = xstrdup(pam_module_name(l->target));
		h.argv = l->argv;
		h.argc = l->argc;
		memcpy(h.actions, l->actions, sizeof h.actions);
		h.level = stack_level;
		h.silent = l->silent;
		push(ld, other, &h);
	}
	if (ld->overflow)
		add_diag(ld->s, PAM_DIAG_DEPTH, path, 0,
			 _("more than 4096 module lines after includes: resolution stopped"));
}

/* _pam_load_conf_file: 0 when the file was read, else libpam turns the including line into an
 * always-failing handler. */
static int load_file(struct loader *ld, const char *name, bool other, bool any_type,
		     int include_level, int stack_level, const char *from_file, unsigned from_line)
{
	if (include_level >= PAM_STACK_MAX_LEVEL) {
		add_diag(ld->s, PAM_DIAG_DEPTH, from_file, from_line,
			 _("maximum level of inclusions reached (an include loop?): libpam fails "
			   "this line"));
		return -ELOOP;
	}
	char *path = NULL;
	struct pam_file *pf = NULL;
	int rc = open_config(ld, name, from_file, from_line, &path, &pf);
	if (rc < 0) {
		if (rc == -ENOENT) {
			char *msg = xasprintf(_("includes '%s', which does not exist: libpam fails this "
					      "line"), name);
			add_diag(ld->s, PAM_DIAG_MISSING_FILE, from_file, from_line, msg);
			free(msg);
		}
		return rc;
	}
	if (pf->incomplete) {
		add_diag(ld->s, PAM_DIAG_INCOMPLETE, path, pf->incomplete_line,
			 _("the file ends inside a backslash continuation: libpam refuses it"));
		free(path);
		return -EINVAL;
	}
	add_lines(ld, path, pf, other, any_type, include_level, stack_level);
	free(path);
	return 0;
}

int pam_stack_load(const struct rootfs *root, const char *service, enum pam_type type,
		   struct pam_stack *out)
{
	memset(out, 0, sizeof *out);
	out->service = xstrdup(service);
	out->type = type;
	struct loader ld;
	memset(&ld, 0, sizeof ld);
	ld.root = root;
	ld.s = out;
	ld.service = service;
	bool read_something = false, refused = false;
	if (is_dir(root, "/etc/pam.d") || is_dir(root, "/usr/lib/pam.d")) {
		out->config = xstrdup(is_dir(root, "/etc/pam.d") ? "/etc/pam.d" : "/usr/lib/pam.d");
		char *path = NULL;
		struct pam_file *pf = NULL;
		int rc = open_config(&ld, service, NULL, 0, &path, &pf);
		if (rc == 0) {
			out->service_file = xstrdup(path);
			if (pf->incomplete) {
				add_diag(out, PAM_DIAG_INCOMPLETE, path, pf->incomplete_line,
					 _("the file ends inside a backslash continuation: libpam "
					   "refuses the service"));
				refused = true;
			} else {
				add_lines(&ld, path, pf, false, true, 0, 0);
				read_something = true;
			}
			free(path);
		}
		if (!refused) {
			rc = open_config(&ld, "other", NULL, 0, &path, &pf);
			if (rc == 0) {
				if (pf->incomplete)
					add_diag(out, PAM_DIAG_INCOMPLETE, path, pf->incomplete_line,
						 _("the file ends inside a backslash "
						   "continuation: libpam refuses it"));
				else {
					add_lines(&ld, path, pf, true, true, 0, 0);
					read_something = true;
				}
				free(path);
			}
		}
	} else {
		struct file_buf buf;
		int rc = rootfs_read_file(root, "/etc/pam.conf", PAM_FILE_MAX, &buf);
		if (rc == -ENOENT || rc == -ENOTDIR) {
			pam_stack_free(out);
			return -ENOENT;
		}
		out->config = xstrdup("/etc/pam.conf");
		if (rc < 0) {
			char *msg = xasprintf(_("cannot read /etc/pam.conf: %s"), rootfs_strerror(rc));
			add_diag(out, PAM_DIAG_UNREADABLE, "/etc/pam.conf", 0, msg);
			free(msg);
			refused = true;
		} else {
			ld.pam_conf = true;
			note_file(out, "/etc/pam.conf");
			struct pam_file *pf = xmalloc(sizeof *pf);
			pam_parse(buf.data, buf.len, true, pf);
			file_buf_free(&buf);
			out->parsed = xreallocarray(out->parsed, 1, sizeof *out->parsed);
			out->parsed[0] = pf;
			out->n_parsed = 1;
			if (pf->incomplete) {
				add_diag(out, PAM_DIAG_INCOMPLETE, "/etc/pam.conf",
					 pf->incomplete_line,
					 _("the file ends inside a backslash continuation: "
					   "libpam refuses it"));
				refused = true;
			} else {
				add_lines(&ld, "/etc/pam.conf", pf, false, true, 0, 0);
				read_something = true;
				out->service_file = xstrdup("/etc/pam.conf");
			}
		}
	}
	/* pam_dispatch.c: the service's own handlers of the type, else "other"'s */
	struct pam_handler *keep = ld.conf, *drop = ld.other;
	size_t nkeep = ld.n_conf, ndrop = ld.n_other;
	if (ld.n_conf == 0) {
		keep = ld.other;
		nkeep = ld.n_other;
		drop = ld.conf;
		ndrop = ld.n_conf;
		out->used_other = true;
	}
	out->h = keep;
	out->n = nkeep;
	for (size_t i = 0; i < ndrop; i++) {
		free(drop[i].file);
		free(drop[i].module);
	}
	free(drop);
	out->unusable = refused || !read_something || out->n == 0;
	for (size_t i = 0; i < ld.n_seen; i++)
		free(ld.seen[i].path);
	free(ld.seen);
	return 0;
}

void pam_stack_free(struct pam_stack *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->h[i].file);
		free(s->h[i].module);
	}
	free(s->h);
	for (size_t i = 0; i < s->n_diags; i++) {
		free(s->diags[i].file);
		free(s->diags[i].message);
	}
	free(s->diags);
	for (size_t i = 0; i < s->n_files; i++)
		free(s->files[i]);
	free(s->files);
	for (size_t i = 0; i < s->n_parsed; i++) {
		pam_file_free(s->parsed[i]);
		free(s->parsed[i]);
	}
	free(s->parsed);
	free(s->service);
	free(s->config);
	free(s->service_file);
	memset(s, 0, sizeof *s);
}

/* ---- walking the chain ---- */

enum impression { IMP_UNDEF, IMP_POSITIVE, IMP_NEGATIVE };

struct walk_state {
	size_t index;
	int imp;
	bool ok; /* status == PAM_SUCCESS */
	/* password flow only (pam_stack_password_paths) */
	bool tok;      /* PAM_AUTHTOK holds a new password */
	bool approved; /* ... and the guard module has approved that very password */
	bool written;  /* a writer has stored a new password */
	bool asked;    /* a module on this path has asked for (or been given) a new password */
	int local;     /* LOC_LOCAL / LOC_NONLOCAL: the user is in /etc/passwd */
};

static size_t module_codes(const struct pam_stack *s, size_t i, int *codes)
{
	const struct pam_handler *h = &s->h[i];
	size_t n = 0;
	if (h->must_fail) {
		codes[n++] = PAMR_PERM_DENIED;
		return n;
	}
	if (h->module && strcmp(h->module, "pam_permit.so") == 0) {
		codes[n++] = PAMR_SUCCESS;
		return n;
	}
	if (h->module && strcmp(h->module, "pam_deny.so") == 0) {
		codes[n++] = s->type == PAM_TYPE_PASSWORD  ? PAMR_AUTHTOK_ERR
			     : s->type == PAM_TYPE_SESSION ? PAMR_SESSION_ERR
							   : PAMR_AUTH_ERR;
		return n;
	}
	if (h->module && strcmp(h->module, "pam_warn.so") == 0) {
		codes[n++] = PAMR_IGNORE;
		return n;
	}
	for (int c = 0; c < PAM_RETVAL_COUNT; c++)
		if (c != PAMR_INCOMPLETE)
			codes[n++] = c;
	return n;
}

/* Index after the end of the current level (decision_made). */
static size_t end_of_level(const struct pam_stack *s, size_t i)
{
	int level = s->h[i].level;
	while (i + 1 < s->n && s->h[i + 1].level >= level)
		i++;
	return i + 1;
}

/* Where a jump of `count` from i continues; *bad when it runs off the level. */
static size_t jump_target(const struct pam_stack *s, size_t i, int count, bool *bad)
{
	int level = s->h[i].level;
	size_t j = i;
	while (count > 0 && j + 1 < s->n && s->h[j + 1].level >= level) {
		j++;
		while (j + 1 < s->n && s->h[j + 1].level > level)
			j++;
		count--;
	}
	*bad = count > 0;
	return j + 1;
}

/* Apply one module result; writes up to 6 successor states (reset branches), returns count. */
static size_t step(const struct pam_stack *s, struct walk_state st, int code,
		   struct walk_state *next)
{
	const struct pam_handler *h = &s->h[st.index];
	int action = h->actions[code];
	size_t n = 0;
	struct walk_state r = st;
	r.index = st.index + 1;
	switch (action) {
	case PAMA_RESET:
		/* restores the state at the start of this (sub)stack: any of them, to be safe */
		for (int imp = 0; imp < 3; imp++)
			for (int ok = 0; ok < 2; ok++) {
				next[n] = st;
				next[n].index = st.index + 1;
				next[n].imp = imp;
				next[n].ok = ok;
				n++;
			}
		return n;
	case PAMA_OK:
	case PAMA_DONE:
		if (r.imp == IMP_UNDEF || (r.imp == IMP_POSITIVE && r.ok)) {
			r.imp = IMP_POSITIVE;
			r.ok = code == PAMR_SUCCESS;
		}
		if (action == PAMA_DONE && r.imp == IMP_POSITIVE)
			r.index = end_of_level(s, st.index);
		break;
	case PAMA_IGNORE:
		break;
	case PAMA_BAD:
	case PAMA_DIE:
		if (r.imp != IMP_NEGATIVE) {
			r.imp = IMP_NEGATIVE;
			r.ok = false;
		}
		if (action == PAMA_DIE)
			r.index = end_of_level(s, st.index);
		break;
	default:
		if (action > 0) {
			bool bad;
			r.index = jump_target(s, st.index, action, &bad);
			if (bad) {
				r.imp = IMP_NEGATIVE;
				r.ok = false;
			}
		} else { /* undefined action: libpam's "bad jump" */
			r.imp = IMP_NEGATIVE;
			r.ok = false;
		}
	}
	next[n++] = r;
	return n;
}

bool pam_stack_can_succeed(const struct pam_stack *s, size_t target, const int *codes,
			   size_t n_codes)
{
	if (s->unusable || s->n == 0)
		return false;
	size_t nstates = (s->n + 1) * 6;
	bool *seen = xcalloc(nstates, 1);
	struct walk_state *work = xmalloc(nstates * 6 * sizeof *work);
	size_t top = 0;
	bool success = false;
	work[top++] = (struct walk_state){ .index = 0, .imp = IMP_UNDEF };
	int all[PAM_RETVAL_COUNT];
	while (top > 0 && !success) {
		struct walk_state st = work[--top];
		size_t key = st.index * 6 + (size_t)st.imp * 2 + st.ok;
		if (seen[key])
			continue;
		seen[key] = true;
		if (st.index >= s->n) {
			if (st.imp == IMP_POSITIVE && st.ok)
				success = true;
			continue;
		}
		if (s->h[st.index].substack) {
			work[top++] = (struct walk_state){ .index = st.index + 1, .imp = st.imp, .ok = st.ok };
			continue;
		}
		const int *cs;
		size_t nc;
		if (st.index == target) {
			if (n_codes == 0)
				continue; /* never run: a dead end */
			cs = codes;
			nc = n_codes;
		} else {
			nc = module_codes(s, st.index, all);
			cs = all;
		}
		for (size_t i = 0; i < nc; i++) {
			struct walk_state next[6];
			size_t k = step(s, st, cs[i], next);
			for (size_t j = 0; j < k; j++) {
				size_t nk = next[j].index * 6 + (size_t)next[j].imp * 2 + next[j].ok;
				if (!seen[nk])
					work[top++] = next[j];
			}
		}
	}
	free(seen);
	free(work);
	return success;
}

size_t pam_stack_skippers(const struct pam_stack *s, size_t target, size_t *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < target && i < s->n && n < max; i++) {
		const struct pam_handler *h = &s->h[i];
		if (h->substack || h->must_fail)
			continue;
		bool skips = false;
		for (int c = 0; c < PAM_RETVAL_COUNT && !skips; c++) {
			int a = h->actions[c];
			size_t to;
			if (a > 0) {
				bool bad;
				to = jump_target(s, i, a, &bad);
			} else if (a == PAMA_DONE) {
				to = end_of_level(s, i);
			} else {
				continue;
			}
			skips = to > target;
		}
		if (skips)
			out[n++] = i;
	}
	return n;
}

/* ---- questions with several restricted handlers (auth.lockout) ---- */

/* The codes handler i may return under the overrides; NULL when it is not overridden. */
static const struct pam_override *override_of(const struct pam_override *ov, size_t n_ov, size_t i)
{
	for (size_t k = 0; k < n_ov; k++)
		if (ov[k].index == i)
			return &ov[k];
	return NULL;
}

/* One walk for both questions: with reach_to == SIZE_MAX, can the stack succeed; otherwise can
 * handler reach_to run after handler reach_from returned one of its override codes. The state
 * carries one more bit, "reach_from has run", so a handler is still visited at most a bounded
 * number of times (linear in the stack). */
static bool walk_with(const struct pam_stack *s, const struct pam_override *ov, size_t n_ov,
		      size_t reach_from, size_t reach_to)
{
	if (s->unusable || s->n == 0)
		return false;
	size_t nstates = (s->n + 1) * 12;
	bool *seen = xcalloc(nstates, 1);
	/* a state is marked when pushed, so the work list never holds more than nstates */
	struct { struct walk_state st; bool ran; } *work = xmalloc(nstates * sizeof *work);
	size_t top = 0;
	bool answer = false;
	work[top].st = (struct walk_state){ .index = 0, .imp = IMP_UNDEF, .ok = false };
	work[top++].ran = false;
	seen[0] = true;
	int all[PAM_RETVAL_COUNT];
	while (top > 0 && !answer) {
		struct walk_state st = work[--top].st;
		bool ran = work[top].ran;
		if (reach_to != SIZE_MAX && ran && st.index == reach_to) {
			answer = true;
			continue;
		}
		if (st.index >= s->n) {
			if (reach_to == SIZE_MAX && st.imp == IMP_POSITIVE && st.ok)
				answer = true;
			continue;
		}
		if (s->h[st.index].substack) {
			size_t nk = ((st.index + 1) * 6 + (size_t)st.imp * 2 + st.ok) * 2 + ran;
			if (!seen[nk]) {
				seen[nk] = true;
				work[top].st = (struct walk_state){ .index = st.index + 1, .imp = st.imp,
								    .ok = st.ok };
				work[top++].ran = ran;
			}
			continue;
		}
		const int *cs;
		size_t nc;
		const struct pam_override *o = override_of(ov, n_ov, st.index);
		if (o) {
			cs = o->codes;
			nc = o->n_codes; /* 0: never run, a dead end */
		} else {
			nc = module_codes(s, st.index, all);
			cs = all;
		}
		bool now_ran = ran || st.index == reach_from;
		for (size_t i = 0; i < nc; i++) {
			struct walk_state next[6];
			size_t k = step(s, st, cs[i], next);
			for (size_t j = 0; j < k; j++) {
				size_t nk = (next[j].index * 6 + (size_t)next[j].imp * 2 + next[j].ok) * 2 +
					    now_ran;
				if (!seen[nk]) {
					seen[nk] = true;
					work[top].st = next[j];
					work[top++].ran = now_ran;
				}
			}
		}
	}
	free(seen);
	free(work);
	return answer;
}

bool pam_stack_can_succeed_with(const struct pam_stack *s, const struct pam_override *ov,
				size_t n_ov)
{
	return walk_with(s, ov, n_ov, SIZE_MAX, SIZE_MAX);
}

bool pam_stack_can_reach(const struct pam_stack *s, size_t from, const int *codes, size_t n_codes,
			 size_t to)
{
	if (from >= s->n || to >= s->n || to <= from)
		return false;
	struct pam_override o = { from, codes, n_codes };
	return walk_with(s, &o, 1, from, to);
}

/* ---- the password flow: what passwd(1) really stores ----
 *
 * pam_chauthtok() (libpam/pam_password.c) walks the password stack twice: with PAM_PRELIM_CHECK
 * (pam_unix checks the current password; the quality modules return success) and, only when
 * that walk succeeds, with PAM_UPDATE_AUTHTOK, each walk combining results as
 * _pam_dispatch_aux does. In the second walk the modules hand the new password along in
 * PAM_AUTHTOK (pam_get_authtok: a module reuses the item when it is set, prompts when it is
 * not, and fails with PAM_AUTHTOK_ERR under use_authtok/use_first_pass); a quality module that
 * refuses a password clears the item (pam_pwquality, pam_pwhistory, pam_unix's own checks), and
 * a writer (pam_unix) stores whatever password it holds when it succeeds. What matters for a
 * control is therefore not the stack's return value but whether a password can be stored
 * without that control having approved it. The user being in /etc/passwd or not is one fact
 * for both walks: pam_localuser answers it, and pam_unix changes only such users. */

enum { LOC_LOCAL = 0, LOC_NONLOCAL = 1 };

enum pam_pw_role pam_password_role(const char *module)
{
	static const char *const writers[] = { "pam_unix.so", "pam_unix2.so", "pam_sss.so",
					       "pam_ldap.so", "pam_winbind.so", "pam_krb5.so",
					       "pam_userdb.so" };
	static const char *const checkers[] = { "pam_pwquality.so", "pam_cracklib.so",
						"pam_passwdqc.so", "pam_pwhistory.so" };
	if (!module)
		return PAM_PW_OTHER;
	for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++)
		if (strcmp(module, writers[i]) == 0)
			return PAM_PW_WRITER;
	for (size_t i = 0; i < sizeof checkers / sizeof checkers[0]; i++)
		if (strcmp(module, checkers[i]) == 0)
			return PAM_PW_CHECKER;
	return PAM_PW_OTHER;
}

bool pam_handler_needs_token(const struct pam_handler *h)
{
	/* pam_get_authtok's get_option: "name" or "name=..."; pam_unix's use_authtok implies
	 * use_first_pass */
	for (size_t i = 0; i < h->argc; i++) {
		const char *a = h->argv[i];
		static const char *const opts[] = { "use_authtok", "use_first_pass" };
		for (size_t k = 0; k < 2; k++) {
			size_t len = strlen(opts[k]);
			if (strncmp(a, opts[k], len) == 0 && (a[len] == '\0' || a[len] == '='))
				return true;
		}
	}
	return false;
}

/* pam_unix (and pam_unix2) change only users of the local files; "nis" widens that. */
static bool local_only_writer(const struct pam_handler *h)
{
	if (strcmp(h->module, "pam_unix.so") != 0 && strcmp(h->module, "pam_unix2.so") != 0)
		return false;
	return pam_argv_find(h->argv, h->argc, "nis") < 0;
}

/* pam_localuser without file=: success exactly for users in /etc/passwd. */
static bool is_localuser(const struct pam_handler *h)
{
	return h->module && strcmp(h->module, "pam_localuser.so") == 0 &&
	       pam_argv_find(h->argv, h->argc, "file=") < 0;
}

struct flow_walk {
	const struct pam_stack *s;
	size_t guard;
	const bool *refuses_all;
	bool update;
	bool *seen;
	struct walk_state *work;
	size_t top, cap;
	struct pam_pw_paths *out;
	bool success; /* PRELIM: the walk can end in success */
};

static size_t flow_key(const struct walk_state *st)
{
	size_t k = st->index;
	k = k * 3 + (size_t)st->imp;
	k = k * 2 + st->ok;
	k = k * 2 + st->tok;
	k = k * 2 + st->approved;
	k = k * 2 + st->written;
	k = k * 2 + st->asked;
	return k * 2 + (size_t)st->local;
}

static void flow_push(struct flow_walk *w, const struct walk_state *st)
{
	if (w->seen[flow_key(st)])
		return;
	XGROW(w->work, w->top, w->cap, w->top + 1);
	w->work[w->top++] = *st;
}

/* Apply `code` from the module at st (whose token effects are already in st). */
static void flow_result(struct flow_walk *w, struct walk_state st, int code)
{
	struct walk_state next[6];
	size_t k = step(w->s, st, code, next);
	for (size_t j = 0; j < k; j++)
		flow_push(w, &next[j]);
}

/* Only the action a code selects, and whether it is PAM_SUCCESS, change the walk: one code per
 * distinct pair is enough (a stack of thousands of handlers stays linear). */
static void flow_fail(struct flow_walk *w, struct walk_state st, const int *codes, size_t n)
{
	const struct pam_handler *h = &w->s->h[st.index];
	int done[PAM_RETVAL_COUNT];
	size_t nd = 0;
	for (size_t i = 0; i < n; i++) {
		int key = codes[i] == PAMR_SUCCESS ? PAM_RETVAL_COUNT : h->actions[codes[i]];
		bool seen = false;
		for (size_t k = 0; k < nd && !seen; k++)
			seen = done[k] == key;
		if (seen)
			continue;
		if (nd < PAM_RETVAL_COUNT)
			done[nd++] = key;
		flow_result(w, st, codes[i]);
	}
}

static const int refusal[] = { PAMR_AUTHTOK_ERR, PAMR_MAXTRIES };

static void flow_module(struct flow_walk *w, struct walk_state st)
{
	const struct pam_stack *s = w->s;
	size_t i = st.index;
	const struct pam_handler *h = &s->h[i];
	enum pam_pw_role role = h->must_fail ? PAM_PW_OTHER : pam_password_role(h->module);
	int all[PAM_RETVAL_COUNT];
	if (h->module && !h->must_fail && is_localuser(h)) {
		if (st.local == LOC_LOCAL)
			flow_result(w, st, PAMR_SUCCESS);
		else
			flow_result(w, st, PAMR_PERM_DENIED);
		return;
	}
	if (role == PAM_PW_OTHER) {
		size_t nc = module_codes(s, i, all);
		flow_fail(w, st, all, nc);
		return;
	}
	bool local_only = role == PAM_PW_WRITER && local_only_writer(h);
	if (!w->update) {
		/* PAM_PRELIM_CHECK: the quality modules only say yes; a writer checks the user
		 * (and, for a user, the current password) */
		if (role == PAM_PW_CHECKER) {
			flow_result(w, st, PAMR_SUCCESS);
			flow_result(w, st, PAMR_IGNORE); /* pam_pwhistory remember=0 */
			return;
		}
		if (local_only && st.local == LOC_NONLOCAL) {
			flow_result(w, st, 10 /* PAM_USER_UNKNOWN */);
			return;
		}
		size_t nc = module_codes(s, i, all);
		flow_fail(w, st, all, nc);
		return;
	}
	bool needs = pam_handler_needs_token(h);
	if (role == PAM_PW_WRITER && local_only && st.local == LOC_NONLOCAL) {
		flow_result(w, st, 10 /* PAM_USER_UNKNOWN */);
		return;
	}
	if (!st.tok && needs) {
		/* pam_get_authtok: use_authtok without a password from an earlier module; after
		 * a refusal that is the refusal working, before any prompt it is a broken path */
		if (role == PAM_PW_WRITER && !st.asked && w->out->tokenless_writer == SIZE_MAX)
			w->out->tokenless_writer = i;
		flow_result(w, st, PAMR_AUTHTOK_ERR);
		return;
	}
	if (!st.tok) { /* it asks for the new password itself */
		st.tok = true;
		st.approved = false;
	}
	st.asked = true;
	struct walk_state refused = st;
	refused.tok = false;
	refused.approved = false;
	if (role == PAM_PW_CHECKER) {
		flow_fail(w, refused, refusal, 2);
		if (w->refuses_all && w->refuses_all[i])
			return;
		struct walk_state ok = st;
		if (i == w->guard)
			ok.approved = true;
		flow_result(w, ok, PAMR_SUCCESS);
		return;
	}
	/* a writer: refuses (its own checks, a lock, ...) or stores the password it holds */
	int failures[PAM_RETVAL_COUNT];
	size_t nf = 0;
	for (int c = 1; c < PAM_RETVAL_COUNT; c++)
		if (c != PAMR_INCOMPLETE)
			failures[nf++] = c;
	flow_fail(w, refused, failures, nf);
	flow_fail(w, st, failures, nf);
	if (w->refuses_all && w->refuses_all[i])
		return;
	struct walk_state stored = st;
	stored.written = true;
	w->out->can_write = true;
	if (w->guard != SIZE_MAX && i != w->guard && !st.approved && !w->out->unguarded_write) {
		w->out->unguarded_write = true;
		w->out->unguarded_writer = i;
	}
	flow_result(w, stored, PAMR_SUCCESS);
}

static void flow_walk(struct flow_walk *w, int local)
{
	const struct pam_stack *s = w->s;
	size_t nstates = (s->n + 1) * 3 * 2 * 2 * 2 * 2 * 2 * 2;
	w->seen = xcalloc(nstates, 1);
	w->top = 0;
	struct walk_state start;
	memset(&start, 0, sizeof start);
	start.imp = IMP_UNDEF;
	start.local = local;
	flow_push(w, &start);
	while (w->top > 0) {
		struct walk_state st = w->work[--w->top];
		size_t key = flow_key(&st);
		if (w->seen[key])
			continue;
		w->seen[key] = true;
		if (st.index >= s->n) {
			bool ok = st.imp == IMP_POSITIVE && st.ok;
			if (ok)
				w->success = true;
			if (w->update && st.written) {
				if (ok)
					w->out->write_reported_ok = true;
				else
					w->out->write_reported_failed = true;
			}
			continue;
		}
		if (s->h[st.index].substack) {
			st.index++;
			flow_push(w, &st);
			continue;
		}
		flow_module(w, st);
	}
	free(w->seen);
	w->seen = NULL;
}

void pam_stack_password_paths(const struct pam_stack *s, size_t guard, const bool *refuses_all,
			      struct pam_pw_paths *out)
{
	memset(out, 0, sizeof *out);
	out->tokenless_writer = SIZE_MAX;
	out->unguarded_writer = SIZE_MAX;
	if (s->unusable || s->n == 0)
		return;
	struct flow_walk w;
	memset(&w, 0, sizeof w);
	w.s = s;
	w.guard = guard;
	w.refuses_all = refuses_all;
	w.out = out;
	for (int local = LOC_LOCAL; local <= LOC_NONLOCAL; local++) {
		w.update = false;
		w.success = false;
		flow_walk(&w, local);
		if (!w.success)
			continue;
		out->prelim_ok = true;
		w.update = true;
		flow_walk(&w, local);
	}
	free(w.work);
}

/* ---- one load per service and type per audit ---- */

struct pam_cache_entry {
	char *service;
	enum pam_type type;
	int rc;
	struct pam_stack stack;
};

struct pam_cache {
	struct pam_cache_entry *e;
	size_t n, cap;
};

const struct pam_stack *pam_stack_get(struct audit_context *ctx, const char *service,
				      enum pam_type type, int *err)
{
	if (!ctx->pam_stacks)
		ctx->pam_stacks = xcalloc(1, sizeof *ctx->pam_stacks);
	struct pam_cache *c = ctx->pam_stacks;
	for (size_t i = 0; i < c->n; i++)
		if (c->e[i].type == type && strcmp(c->e[i].service, service) == 0) {
			*err = c->e[i].rc;
			return c->e[i].rc == 0 ? &c->e[i].stack : NULL;
		}
	XGROW(c->e, c->n, c->cap, c->n + 1);
	struct pam_cache_entry *e = &c->e[c->n++];
	memset(e, 0, sizeof *e);
	e->service = xstrdup(service);
	e->type = type;
	e->rc = pam_stack_load(ctx->root, service, type, &e->stack);
	*err = e->rc;
	return e->rc == 0 ? &e->stack : NULL;
}

void pam_cache_free(struct pam_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		if (c->e[i].rc == 0)
			pam_stack_free(&c->e[i].stack);
		free(c->e[i].service);
	}
	free(c->e);
	free(c);
}
