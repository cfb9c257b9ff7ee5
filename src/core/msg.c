/* Message identities (msg.h): capture at audit time, render in any language later. */
#include "msg.h"
#include "i18n.h"
#include "xalloc.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <wchar.h>

/* A message bigger than this (nodes) is kept as a literal of its text: a string built up in a
 * loop ("%s, %s" of itself) must not grow a tree per step. */
#define KMSG_MAX_NODES 256
#define KMSG_MAX_ARGS 32

/* --- translations kensa_gettext returned ------------------------------------------------- */

struct gt_slot {
	const char *translated, *msgid;
};
static struct gt_slot *gt_table;
static size_t gt_cap, gt_used;

static size_t ptr_hash(const void *p)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 17;
	x *= (uintptr_t)0x9E3779B97F4A7C15ull;
	x ^= x >> 29;
	return (size_t)x;
}

static void gt_insert(const char *translated, const char *msgid)
{
	size_t mask = gt_cap - 1;
	for (size_t i = ptr_hash(translated) & mask;; i = (i + 1) & mask) {
		if (!gt_table[i].translated) {
			gt_table[i].translated = translated;
			gt_table[i].msgid = msgid;
			gt_used++;
			return;
		}
		if (gt_table[i].translated == translated)
			return;
	}
}

void msg_note_gettext(const char *translated, const char *msgid)
{
	if (!translated || !msgid)
		return;
	if (msg_gettext_id(translated))
		return;
	if ((gt_used + 1) * 2 > gt_cap) {
		struct gt_slot *old = gt_table;
		size_t old_cap = gt_cap;
		gt_cap = gt_cap ? gt_cap * 2 : 1024;
		gt_table = xcalloc(gt_cap, sizeof *gt_table);
		gt_used = 0;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].translated)
				gt_insert(old[i].translated, old[i].msgid);
		free(old);
	}
	gt_insert(translated, msgid);
}

const char *msg_gettext_id(const char *s)
{
	if (!s || !gt_cap)
		return NULL;
	size_t mask = gt_cap - 1;
	for (size_t i = ptr_hash(s) & mask; gt_table[i].translated; i = (i + 1) & mask)
		if (gt_table[i].translated == s)
			return gt_table[i].msgid;
	return NULL;
}

/* --- ids, one copy each ------------------------------------------------------------------- */

/* 10,000 findings of one msgid hold one copy of it. The set only grows: kensa's msgids and
 * formats, and the ids of the reports it reads (bounded by REPORT_MAX_BYTES). */
static char **id_set;
static size_t id_cap, id_used;

static size_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

static const char *intern_id(const char *s)
{
	if ((id_used + 1) * 2 > id_cap) {
		char **old = id_set;
		size_t old_cap = id_cap;
		id_cap = id_cap ? id_cap * 2 : 512;
		id_set = xcalloc(id_cap, sizeof *id_set);
		for (size_t i = 0; i < old_cap; i++) {
			if (!old[i])
				continue;
			size_t k = str_hash(old[i]) & (id_cap - 1);
			while (id_set[k])
				k = (k + 1) & (id_cap - 1);
			id_set[k] = old[i];
		}
		free(old);
	}
	size_t k = str_hash(s) & (id_cap - 1);
	for (; id_set[k]; k = (k + 1) & (id_cap - 1))
		if (!strcmp(id_set[k], s))
			return id_set[k];
	id_used++;
	return id_set[k] = xstrdup(s);
}

void msg_release_tables(void)
{
	msg_heap_reset();
	free(gt_table);
	gt_table = NULL;
	gt_cap = gt_used = 0;
	for (size_t i = 0; i < id_cap; i++)
		free(id_set[i]);
	free(id_set);
	id_set = NULL;
	id_cap = id_used = 0;
}

/* --- building, copying, freeing ---------------------------------------------------------- */

static size_t msg_nodes(const struct kmsg *m)
{
	size_t n = 1;
	for (size_t i = 0; m && i < m->n_args; i++)
		n += msg_nodes(m->args[i]);
	return n;
}

static unsigned msg_depth(const struct kmsg *m)
{
	unsigned d = 0;
	for (size_t i = 0; m && i < m->n_args; i++) {
		unsigned a = msg_depth(m->args[i]);
		if (a > d)
			d = a;
	}
	return d + 1;
}

/* A node and its text (a literal) or its argument array (a format) are one allocation: a
 * 10,000-account report holds some 200,000 of them. */
static struct kmsg *literal_n(const char *text, size_t len)
{
	struct kmsg *m = xmalloc(sizeof *m + len + 1);
	memset(m, 0, sizeof *m);
	m->text = (char *)(m + 1);
	memcpy(m->text, text, len);
	m->text[len] = '\0';
	return m;
}

struct kmsg *msg_literal(const char *text)
{
	text = text ? text : "";
	return literal_n(text, strlen(text));
}

static struct kmsg *format_node(const char *id, size_t n)
{
	struct kmsg *m = xcalloc(1, sizeof *m + n * sizeof *m->args);
	m->id = intern_id(id ? id : "");
	m->args = n ? (struct kmsg **)(m + 1) : NULL;
	m->n_args = n;
	return m;
}

struct kmsg *msg_phrase(const char *id)
{
	struct kmsg *m = format_node(id, 0);
	m->phrase = true;
	return m;
}

struct kmsg *msg_make(const char *id, size_t n, struct kmsg *const *args)
{
	struct kmsg *m = format_node(id, n);
	for (size_t i = 0; i < n; i++)
		m->args[i] = args[i] ? args[i] : msg_literal("");
	return m;
}

struct kmsg *msg_copy(const struct kmsg *m)
{
	if (!m)
		return NULL;
	if (!m->id)
		return msg_literal(m->text);
	struct kmsg *c = format_node(m->id, m->n_args);
	c->phrase = m->phrase;
	for (size_t i = 0; i < m->n_args; i++)
		c->args[i] = msg_copy(m->args[i]);
	return c;
}

struct kmsg *msg_or_literal(const struct kmsg *m, const char *text)
{
	if (m)
		return msg_copy(m);
	return text ? msg_literal(text) : NULL;
}

void msg_free(struct kmsg *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_args; i++)
		msg_free(m->args[i]);
	if (m->args != (struct kmsg **)(m + 1))
		free(m->args);
	if (m->text != (char *)(m + 1))
		free(m->text);
	free(m);
}

bool msg_translatable(const struct kmsg *m)
{
	if (!m || !m->id)
		return false;
	if (m->phrase)
		return true;
	if (msg_format_arity(m->id) != 0 || kensa_gettext(m->id) != m->id)
		return true; /* a format, or a phrase the catalogue knows */
	for (size_t i = 0; i < m->n_args; i++)
		if (msg_translatable(m->args[i]))
			return true;
	return false;
}

/* --- printf formats ------------------------------------------------------------------------- */

enum arg_type {
	A_NONE,
	A_INT, A_LONG, A_LLONG, A_INTMAX, A_SSIZE, A_PTRDIFF,
	A_UINT, A_ULONG, A_ULLONG, A_UINTMAX, A_SIZE,
	A_DOUBLE, A_LDOUBLE, A_STR, A_PTR, A_WINT,
};

struct conv {
	size_t start, end; /* fmt[start] == '%', fmt[end - 1] the conversion letter */
	size_t spec;       /* where the flags begin (after "n$") */
	int pos;           /* 1-based with "n$", 0 sequential */
	bool width_or_prec;
	enum arg_type type;
};

/* The conversion at fmt[i] == '%' (not "%%"): 1, or -1 for one kensa does not handle. */
static int parse_conv(const char *fmt, size_t i, struct conv *c)
{
	memset(c, 0, sizeof *c);
	c->start = i++;
	size_t digits = i;
	while (fmt[i] >= '0' && fmt[i] <= '9')
		i++;
	if (fmt[i] == '$' && i > digits) {
		long p = strtol(fmt + digits, NULL, 10);
		if (p < 1 || p > KMSG_MAX_ARGS)
			return -1;
		c->pos = (int)p;
		i++;
	} else {
		i = digits;
	}
	c->spec = i;
	while (fmt[i] && strchr("-+ #0'I", fmt[i]))
		i++;
	if (fmt[i] == '*')
		return -1;
	while (fmt[i] >= '0' && fmt[i] <= '9') {
		c->width_or_prec = true;
		i++;
	}
	if (fmt[i] == '.') {
		c->width_or_prec = true;
		i++;
		if (fmt[i] == '*')
			return -1;
		while (fmt[i] >= '0' && fmt[i] <= '9')
			i++;
	}
	int len = 0; /* 1 h, 2 hh, 3 l, 4 ll, 5 j, 6 z, 7 t, 8 L */
	if (fmt[i] == 'h')
		len = fmt[++i] == 'h' ? (i++, 2) : 1;
	else if (fmt[i] == 'l')
		len = fmt[++i] == 'l' ? (i++, 4) : 3;
	else if (fmt[i] == 'q')
		len = 4, i++;
	else if (fmt[i] == 'j')
		len = 5, i++;
	else if (fmt[i] == 'z' || fmt[i] == 'Z')
		len = 6, i++;
	else if (fmt[i] == 't')
		len = 7, i++;
	else if (fmt[i] == 'L')
		len = 8, i++;
	char k = fmt[i];
	if (!k)
		return -1;
	c->end = i + 1;
	switch (k) {
	case 'd':
	case 'i':
		c->type = len == 3 ? A_LONG : len == 4 ? A_LLONG : len == 5 ? A_INTMAX
			: len == 6 ? A_SSIZE : len == 7 ? A_PTRDIFF : A_INT;
		break;
	case 'o':
	case 'u':
	case 'x':
	case 'X':
		c->type = len == 3 ? A_ULONG : len == 4 ? A_ULLONG : len == 5 ? A_UINTMAX
			: len == 6 ? A_SIZE : len == 7 ? A_PTRDIFF : A_UINT;
		break;
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
		c->type = len == 8 ? A_LDOUBLE : A_DOUBLE;
		break;
	case 'c':
		c->type = len == 3 ? A_WINT : A_INT;
		break;
	case 's':
		if (len)
			return -1; /* %ls */
		c->type = A_STR;
		break;
	case 'p':
		c->type = A_PTR;
		break;
	default: /* %n, %m, %C, %S, anything else */
		return -1;
	}
	return 1;
}

/* The conversions of FMT in order (up to max), "%%" skipped: their count, or -1. */
static int parse_format(const char *fmt, struct conv *convs, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; fmt[i]; i++) {
		if (fmt[i] != '%')
			continue;
		if (fmt[i + 1] == '%') {
			i++;
			continue;
		}
		if (n == max)
			return -1;
		if (parse_conv(fmt, i, &convs[n]) < 0)
			return -1;
		i = convs[n].end - 1;
		n++;
	}
	return (int)n;
}

/* Each conversion's argument index (0-based) into idx; the number of arguments, or -1 when
 * positional and sequential are mixed or a position is skipped. */
static int arg_indices(const struct conv *convs, int n, int *idx)
{
	int max = 0;
	bool positional = n > 0 && convs[0].pos > 0;
	bool used[KMSG_MAX_ARGS] = { false };
	for (int i = 0; i < n; i++) {
		if ((convs[i].pos > 0) != positional)
			return -1;
		idx[i] = positional ? convs[i].pos - 1 : i;
		used[idx[i]] = true;
		if (idx[i] + 1 > max)
			max = idx[i] + 1;
	}
	for (int i = 0; i < max; i++)
		if (!used[i])
			return -1;
	return max;
}

int msg_format_arity(const char *fmt)
{
	struct conv convs[KMSG_MAX_ARGS];
	int idx[KMSG_MAX_ARGS];
	if (!fmt)
		return -1;
	int n = parse_format(fmt, convs, KMSG_MAX_ARGS);
	return n < 0 ? -1 : arg_indices(convs, n, idx);
}

/* --- capture ------------------------------------------------------------------------------ */

union arg_value {
	long long ll;
	unsigned long long ull;
	intmax_t im;
	uintmax_t um;
	double d;
	long double ld;
	const char *s;
	void *p;
};

/* One argument formatted with its conversion's own spec (fmt is kensa's format). */
static char *format_one(const char *fmt, const struct conv *c, enum arg_type t,
			const union arg_value *v)
{
	char spec[64];
	size_t len = c->end - c->spec;
	if (len + 2 > sizeof spec)
		return NULL;
	spec[0] = '%';
	memcpy(spec + 1, fmt + c->spec, len);
	spec[len + 1] = '\0';
	char small[128];
	int n;
	char *out = NULL;
	for (int pass = 0; pass < 2; pass++) {
		char *buf = pass ? out : small;
		size_t size = pass ? (size_t)n + 1 : sizeof small;
		switch (t) {
		case A_INT: n = snprintf(buf, size, spec, (int)v->ll); break;
		case A_LONG: n = snprintf(buf, size, spec, (long)v->ll); break;
		case A_LLONG: n = snprintf(buf, size, spec, v->ll); break;
		case A_INTMAX: n = snprintf(buf, size, spec, v->im); break;
		case A_SSIZE: n = snprintf(buf, size, spec, (ssize_t)v->ll); break;
		case A_PTRDIFF: n = snprintf(buf, size, spec, (ptrdiff_t)v->ll); break;
		case A_UINT: n = snprintf(buf, size, spec, (unsigned)v->ull); break;
		case A_ULONG: n = snprintf(buf, size, spec, (unsigned long)v->ull); break;
		case A_ULLONG: n = snprintf(buf, size, spec, v->ull); break;
		case A_UINTMAX: n = snprintf(buf, size, spec, v->um); break;
		case A_SIZE: n = snprintf(buf, size, spec, (size_t)v->ull); break;
		case A_DOUBLE: n = snprintf(buf, size, spec, v->d); break;
		case A_LDOUBLE: n = snprintf(buf, size, spec, v->ld); break;
		case A_STR: n = snprintf(buf, size, spec, v->s ? v->s : "(null)"); break;
		case A_PTR: n = snprintf(buf, size, spec, v->p); break;
		case A_WINT: n = snprintf(buf, size, spec, (wint_t)v->ull); break;
		default: return NULL;
		}
		if (n < 0) {
			free(out);
			return NULL;
		}
		if (!pass && (size_t)n < sizeof small)
			return xstrdup(small);
		if (!pass)
			out = xmalloc((size_t)n + 1);
	}
	return out;
}

struct kmsg *msg_capture(const char *fmt, va_list ap)
{
	struct conv convs[KMSG_MAX_ARGS];
	int idx[KMSG_MAX_ARGS];
	if (!fmt)
		return NULL;
	int n = parse_format(fmt, convs, KMSG_MAX_ARGS);
	if (n < 0)
		return NULL;
	int n_args = arg_indices(convs, n, idx);
	if (n_args < 0)
		return NULL;
	/* the type of each argument, from the first conversion that names it */
	enum arg_type types[KMSG_MAX_ARGS];
	int conv_of[KMSG_MAX_ARGS];
	for (int a = 0; a < n_args; a++)
		conv_of[a] = -1;
	for (int i = 0; i < n; i++)
		if (conv_of[idx[i]] < 0)
			conv_of[idx[i]] = i;
	for (int a = 0; a < n_args; a++)
		types[a] = convs[conv_of[a]].type;
	union arg_value values[KMSG_MAX_ARGS];
	va_list aq;
	va_copy(aq, ap);
	for (int a = 0; a < n_args; a++) {
		switch (types[a]) {
		case A_INT: values[a].ll = va_arg(aq, int); break;
		case A_LONG: values[a].ll = va_arg(aq, long); break;
		case A_LLONG: values[a].ll = va_arg(aq, long long); break;
		case A_INTMAX: values[a].im = va_arg(aq, intmax_t); break;
		case A_SSIZE: values[a].ll = va_arg(aq, ssize_t); break;
		case A_PTRDIFF: values[a].ll = va_arg(aq, ptrdiff_t); break;
		case A_UINT: values[a].ull = va_arg(aq, unsigned); break;
		case A_ULONG: values[a].ull = va_arg(aq, unsigned long); break;
		case A_ULLONG: values[a].ull = va_arg(aq, unsigned long long); break;
		case A_UINTMAX: values[a].um = va_arg(aq, uintmax_t); break;
		case A_SIZE: values[a].ull = va_arg(aq, size_t); break;
		case A_DOUBLE: values[a].d = va_arg(aq, double); break;
		case A_LDOUBLE: values[a].ld = va_arg(aq, long double); break;
		case A_STR: values[a].s = va_arg(aq, const char *); break;
		case A_PTR: values[a].p = va_arg(aq, void *); break;
		case A_WINT: values[a].ull = va_arg(aq, wint_t); break;
		default: break;
		}
	}
	va_end(aq);
	/* nested identities: a %s argument without width or precision that is a message itself */
	struct kmsg *nested[KMSG_MAX_ARGS] = { NULL };
	bool any = false;
	for (int a = 0; a < n_args; a++) {
		const struct conv *c = &convs[conv_of[a]];
		if (types[a] != A_STR || c->width_or_prec || !values[a].s)
			continue;
		nested[a] = msg_of_string(values[a].s);
		if (nested[a] && (msg_depth(nested[a]) >= KMSG_MAX_DEPTH ||
				  msg_nodes(nested[a]) >= KMSG_MAX_NODES)) {
			msg_free(nested[a]);
			nested[a] = NULL;
		}
		any |= nested[a] != NULL;
	}
	const char *msgid = msg_gettext_id(fmt);
	if (!msgid && !any)
		return NULL; /* nothing in it is translated: the text says it all */
	struct kmsg *args[KMSG_MAX_ARGS];
	for (int a = 0; a < n_args; a++) {
		if (nested[a]) {
			args[a] = nested[a];
			continue;
		}
		char *text = format_one(fmt, &convs[conv_of[a]], types[a], &values[a]);
		if (!text) {
			for (int b = 0; b < a; b++)
				msg_free(args[b]);
			for (int b = a; b < n_args; b++)
				msg_free(nested[b]);
			return NULL;
		}
		args[a] = msg_literal(text);
		free(text);
	}
	return msg_make(msgid ? msgid : fmt, (size_t)n_args, args);
}

/* --- strings built by xvasprintf ---------------------------------------------------------- */

#define HEAP_SLOTS_MIN 16384
/* What the table may hold (texts and trees): past it, it starts again empty, and strings noted
 * before keep their text only. A check that formats a million sentences stays in bounds. */
#define HEAP_BUDGET (1u << 20)
/* Open addressing by address, linear probing, grown to stay at most half full: a string is never
 * pushed out by another that happens to hash alike (that made identities depend on where malloc
 * put them), only by the budget, all at once. A slot once used keeps its address, so probe
 * chains hold; its text and identity are dropped when they no longer hold (msg NULL). */
struct heap_slot {
	const char *addr;
	char *text;
	struct kmsg *msg;
};
static struct heap_slot *heap_table;
static size_t heap_cap, heap_used; /* slots; slots with an address */
static bool heap_on;
static bool heap_busy; /* msg_capture's own allocations are not noted */
static size_t heap_bytes;
static const char *last_start; /* msg_snprintf's last buffer, below */
static size_t last_len;

void msg_capture_heap(bool on)
{
	heap_on = on;
}

static void heap_clear(void);

void msg_heap_reset(void)
{
	heap_clear();
	free(heap_table);
	heap_table = NULL;
	heap_cap = heap_used = 0;
	heap_on = false;
	last_start = NULL;
}

static size_t msg_bytes(const struct kmsg *m)
{
	size_t n = sizeof *m + (m->text ? strlen(m->text) + 1 : 0) +
		   m->n_args * sizeof *m->args;
	for (size_t i = 0; i < m->n_args; i++)
		n += msg_bytes(m->args[i]);
	return n;
}

static void heap_clear(void)
{
	for (size_t i = 0; i < heap_cap; i++) {
		free(heap_table[i].text);
		msg_free(heap_table[i].msg);
		heap_table[i] = (struct heap_slot){ NULL, NULL, NULL };
	}
	heap_used = 0;
	heap_bytes = 0;
}

static struct heap_slot *heap_find(const char *addr)
{
	if (!heap_table)
		return NULL;
	for (size_t i = ptr_hash(addr) & (heap_cap - 1);; i = (i + 1) & (heap_cap - 1)) {
		struct heap_slot *s = &heap_table[i];
		if (!s->addr)
			return NULL;
		if (s->addr == addr)
			return s;
	}
}

static struct heap_slot *heap_place(const char *addr);

/* Twice the slots, the live entries moved over, the dropped ones (msg NULL) let go. */
static void heap_grow(void)
{
	struct heap_slot *old = heap_table;
	size_t old_cap = heap_cap;
	heap_cap = old_cap ? old_cap * 2 : HEAP_SLOTS_MIN;
	heap_table = xcalloc(heap_cap, sizeof *heap_table);
	heap_used = 0;
	for (size_t i = 0; i < old_cap; i++) {
		if (!old[i].addr)
			continue;
		if (!old[i].msg) {
			free(old[i].text); /* not counted in heap_bytes: see heap_store */
			continue;
		}
		*heap_place(old[i].addr) = old[i];
	}
	free(old);
}

/* The slot of ADDR, made (with ADDR set) when it has none. */
static struct heap_slot *heap_place(const char *addr)
{
	if (!heap_table || (heap_used + 1) * 2 > heap_cap)
		heap_grow();
	for (size_t i = ptr_hash(addr) & (heap_cap - 1);; i = (i + 1) & (heap_cap - 1)) {
		struct heap_slot *s = &heap_table[i];
		if (s->addr == addr)
			return s;
		if (!s->addr) {
			s->addr = addr;
			heap_used++;
			return s;
		}
	}
}

/* Remember M (owned) as the identity of the text now at ADDR. */
static void heap_store(const char *addr, struct kmsg *m)
{
	size_t cost = strlen(addr) + 1 + msg_bytes(m);
	if (cost > HEAP_BUDGET / 4) { /* one huge string: kept as its text */
		msg_free(m);
		return;
	}
	if (heap_bytes + cost > HEAP_BUDGET)
		heap_clear();
	struct heap_slot *s = heap_place(addr);
	if (s->msg)
		heap_bytes -= strlen(s->text) + 1 + msg_bytes(s->msg);
	free(s->text);
	msg_free(s->msg);
	heap_bytes += cost;
	s->addr = addr;
	s->text = xstrdup(addr);
	s->msg = m;
}

void msg_note_heap(const char *result, const char *fmt, va_list ap)
{
	if (!heap_on || heap_busy || !result || !fmt)
		return;
	heap_busy = true;
	struct kmsg *m = msg_capture(fmt, ap);
	if (m)
		heap_store(result, m);
	heap_busy = false;
}

struct kmsg *msg_of_string(const char *s)
{
	if (!s)
		return NULL;
	const char *id = msg_gettext_id(s);
	if (id)
		return msg_phrase(id);
	const struct heap_slot *h = heap_find(s);
	if (h && h->msg && h->text && strcmp(h->text, s) == 0)
		return msg_copy(h->msg);
	return NULL;
}

/* --- rendering ---------------------------------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	XGROW(b->p, b->len + n + 1, b->cap, b->len + n + 1);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* FMT filled with TEXTS (n of them): NULL when FMT's conversions do not take exactly n. */
static char *fill(const char *fmt, char *const *texts, size_t n)
{
	struct conv convs[KMSG_MAX_ARGS];
	int idx[KMSG_MAX_ARGS];
	int nc = parse_format(fmt, convs, KMSG_MAX_ARGS);
	if (nc < 0 || arg_indices(convs, nc, idx) != (int)n)
		return NULL;
	struct buf b = { 0 };
	buf_add(&b, "", 0);
	size_t at = 0;
	int k = 0;
	for (size_t i = 0; fmt[i];) {
		if (fmt[i] != '%') {
			i++;
			continue;
		}
		buf_add(&b, fmt + at, i - at);
		if (fmt[i + 1] == '%') {
			buf_add(&b, "%", 1);
			i += 2;
		} else {
			const char *t = texts[idx[k]];
			buf_add(&b, t, strlen(t));
			i = convs[k++].end;
		}
		at = i;
	}
	buf_add(&b, fmt + at, strlen(fmt + at));
	return b.p;
}

static char *render(const struct kmsg *m, unsigned depth)
{
	if (!m)
		return NULL;
	if (!m->id)
		return xstrdup(m->text ? m->text : "");
	if (m->phrase)
		return xstrdup(*m->id ? kensa_gettext(m->id) : m->id);
	if (depth >= KMSG_MAX_DEPTH || m->n_args > KMSG_MAX_ARGS)
		return NULL;
	char *texts[KMSG_MAX_ARGS];
	size_t done = 0;
	char *out = NULL;
	for (; done < m->n_args; done++)
		if (!(texts[done] = render(m->args[done], depth + 1)))
			goto out;
	const char *translated = *m->id ? kensa_gettext(m->id) : m->id;
	out = fill(translated, texts, m->n_args);
	if (!out && translated != m->id)
		out = fill(m->id, texts, m->n_args);
out:
	for (size_t i = 0; i < done; i++)
		free(texts[i]);
	return out;
}

char *msg_render(const struct kmsg *m)
{
	return render(m, 0);
}

/* The buffer msg_snprintf wrote last: a write that starts where it ended appends to it (the
 * "snprintf(buf + used, ...)" loop of a list), and the whole text gets the identity
 * "%s%s" of what was there and what was added. */
int msg_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap, aq;
	va_start(ap, fmt);
	va_copy(aq, ap);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size || !heap_on || heap_busy) { /* a cut text is not the message */
		last_start = NULL;
		va_end(aq);
		return n;
	}
	heap_busy = true;
	struct kmsg *piece = msg_capture(fmt, aq);
	va_end(aq);
	if (last_start && buf > last_start && buf == last_start + last_len) {
		struct heap_slot *s = heap_find(last_start);
		struct kmsg *prev = NULL;
		if (s && s->msg && s->text && strlen(s->text) == last_len &&
		    !strncmp(s->text, last_start, last_len)) {
			prev = s->msg; /* taken over: the slot gets the whole text */
			if (prev)
				heap_bytes -= strlen(s->text) + 1 + msg_bytes(prev);
			s->msg = NULL;
		}
		if (prev && (msg_depth(prev) + 1 >= KMSG_MAX_DEPTH ||
			     msg_nodes(prev) >= KMSG_MAX_NODES)) {
			msg_free(prev);
			prev = NULL;
		}
		if (prev || piece) {
			/* without an identity, the text before this write as it is */
			struct kmsg *both[2] = { prev ? prev : literal_n(last_start, last_len),
						 piece ? piece : msg_literal(buf) };
			heap_store(last_start, msg_make("%s%s", 2, both));
		} else if (s) { /* what it says no longer holds: dropped, its address kept */
			if (s->msg)
				heap_bytes -= strlen(s->text) + 1 + msg_bytes(s->msg);
			msg_free(s->msg);
			s->msg = NULL;
			free(s->text);
			s->text = NULL;
		}
		last_len += (size_t)n;
	} else {
		if (piece)
			heap_store(buf, piece);
		last_start = buf;
		last_len = (size_t)n;
	}
	heap_busy = false;
	return n;
}
