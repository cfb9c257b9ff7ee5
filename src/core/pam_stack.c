/* PAM stack resolution and reachability, mirroring libpam's pam_handlers.c (what is loaded)
 * and pam_dispatch.c (how return codes and actions combine). */
#include "pam_stack.h"
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

struct loader {
	const struct rootfs *root;
	struct pam_stack *s;
	const char *service;
	bool pam_conf;            /* /etc/pam.conf mode */
	struct pam_handler *conf, *other;
	size_t n_conf, cap_conf, n_other, cap_other;
	bool overflow;
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
		struct file_buf buf;
		int rc = rootfs_read_file(ld->root, candidates[i], PAM_FILE_MAX, &buf);
		if (rc == -ENOENT || rc == -ENOTDIR)
			continue;
		if (rc < 0) {
			char *msg = xasprintf(_("cannot read %s: %s"), candidates[i], rootfs_strerror(rc));
			add_diag(ld->s, PAM_DIAG_UNREADABLE, from_file ? from_file : candidates[i],
				 from_line, msg);
			free(msg);
			/* libpam's fopen() failing moves on to the next directory too */
			continue;
		}
		struct pam_stack *s = ld->s;
		/* pointers: a nested include grows the array while this file is walked */
		struct pam_file *pf = xmalloc(sizeof *pf);
		pam_parse(buf.data, buf.len, false, pf);
		file_buf_free(&buf);
		s->parsed = xreallocarray(s->parsed, s->n_parsed + 1, sizeof *s->parsed);
		s->parsed[s->n_parsed++] = pf;
		*parsed_out = pf;
		*path_out = xstrdup(candidates[i]);
		note_file(s, candidates[i]);
		result = 0;
	}
	for (size_t i = 0; i < nc; i++)
		free(candidates[i]);
	return result;
}

static void push(struct loader *ld, bool other, const struct pam_handler *h)
{
	if (ld->n_conf + ld->n_other >= MAX_HANDLERS) {
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
	work[top++] = (struct walk_state){ 0, IMP_UNDEF, false };
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
			work[top++] = (struct walk_state){ st.index + 1, st.imp, st.ok };
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
	work[top].st = (struct walk_state){ 0, IMP_UNDEF, false };
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
				work[top].st = (struct walk_state){ st.index + 1, st.imp, st.ok };
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
