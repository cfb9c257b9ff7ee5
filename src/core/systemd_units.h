/* "Is unit X enabled?" answered from the files, as systemctl is-enabled does: the unit search
 * path in systemd's precedence, masks, aliases, template instances, the *.wants / *.requires /
 * *.upholds links, and SysV init scripts the way systemd-sysv-generator turns them into units.
 * The index is built once per audit (linear in the number of unit files and links) and shared
 * by every check through the context. */
#ifndef KENSA_SYSTEMD_UNITS_H
#define KENSA_SYSTEMD_UNITS_H
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct audit_context;
struct rootfs;
struct systemd_units;

enum unit_state {
	UNIT_NOT_FOUND,
	UNIT_ENABLED,         /* a link in /etc/systemd/system (or SysV S links in rc2-5.d) */
	UNIT_ENABLED_RUNTIME, /* a link under /run (live audits only) */
	UNIT_LINKED,          /* the unit file is linked into /etc/systemd/system, not enabled */
	UNIT_MASKED,          /* symlink to /dev/null, or an empty file */
	UNIT_MASKED_RUNTIME,
	UNIT_STATIC,          /* no [Install] rules (started only as a dependency) */
	UNIT_INDIRECT,        /* no rules of its own, but Also= names units that have */
	UNIT_DISABLED,        /* has [Install] rules, no links */
	UNIT_GENERATED,       /* the unit file was written by a generator under /run */
	UNIT_BAD,             /* the unit file could not be read (read_err) */
};

struct unit_status {
	enum unit_state state;
	/* Pulled in at boot or on demand: enabled, or linked from any *.wants / *.requires /
	 * *.upholds directory of the search path (vendor ones included: the manager loads them
	 * all even where systemctl says "static"), or a SysV S link. Never true when masked. */
	bool starts;
	bool sysv;                 /* answered from /etc/init.d and /etc/rc[2-5].d */
	char name[256];            /* the unit the name resolved to, after aliases */
	char path[PATH_MAX];       /* unit file (or mask, or init script) inside the root */
	char via[PATH_MAX];        /* the link that enables, pulls in or masks it */
	char via_target[PATH_MAX]; /* where that link points, "" for none */
	char wanted_by[256];       /* the unit whose .wants/.requires/.upholds holds via */
	int read_err;              /* negative errno when state is UNIT_BAD */
	/* Lines of the unit file systemd ignores with a warning. */
	unsigned n_bad, first_bad_line;
	const char *first_bad_why;
};

/* 0, or a negative errno / ROOTFS_* when the unit directories could not be read at all
 * (-EACCES: run as root). name is a full unit name ("rsyslog.service", "getty@tty1.service"). */
int systemd_unit_state(struct audit_context *ctx, const char *name, struct unit_status *out);
const char *unit_state_name(enum unit_state state); /* "enabled", "masked", ... */
bool unit_state_enabled(enum unit_state state);     /* enabled or enabled-runtime */

struct systemd_summary {
	bool systemd_present;    /* /lib/systemd/systemd or /usr/lib/systemd/systemd exists */
	size_t n_units, n_links; /* unit files and enablement links indexed */
	size_t n_sysv_scripts;
	char default_target[256]; /* what default.target points to, "" when not a link */
	char default_target_path[PATH_MAX];
};
int systemd_units_summary(struct audit_context *ctx, struct systemd_summary *out);

/* Index building, for tests and for the context's owner. */
int systemd_units_load(const struct rootfs *root, bool live, struct systemd_units **out);
int systemd_unit_state_in(struct systemd_units *u, const char *name, struct unit_status *out);
void systemd_units_free(struct systemd_units *u);

#endif
