/* The local groups as NSS "files" and the shadow tools see them: /etc/group (name:pw:gid:members)
 * and /etc/gshadow (name:pw:admins:members). A member listed in either file belongs to the group
 * (gshadow's member list is what newgrp/sg consult); a name given twice in /etc/group is one
 * group whose members are both lines' (getgrnam returns the first line's GID). Shared by
 * accounts.privileged (who is in sudo/wheel) and the account snapshot logs.review compares. */
#ifndef KENSA_GROUPS_H
#define KENSA_GROUPS_H
#include <stdbool.h>
#include <stddef.h>

struct audit_context;
struct check_result;
struct account;

struct group_entry {
	char *name;
	long gid;
	char **members; /* in file order, gshadow's after group's; may repeat */
	size_t n;
};

struct group_db {
	struct group_entry *g; /* sorted by name */
	size_t n;
	bool read;             /* /etc/group was read */
};

/* Load both files; a file that cannot be read is a warning finding on r (gshadow only when it
 * exists). Lines of NIS compat ("+", "-") and lines without four fields are skipped. */
void group_db_load(struct audit_context *ctx, struct check_result *r, struct group_db *gs);
struct group_entry *group_db_find(const struct group_db *gs, const char *name);
/* The account's primary group is G, or the account is listed as a member. */
bool group_has_account(const struct group_entry *g, const struct account *a);
void group_db_free(struct group_db *gs);

#endif
