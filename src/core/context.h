/* What a check may know about the audit: the root, the profile, "today", the platform. */
#ifndef KENSA_CONTEXT_H
#define KENSA_CONTEXT_H
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include "check.h"

struct rootfs;
struct profile;
struct account_db;
struct systemd_units;
struct socket_owners;
struct filecache;
struct defaults_memo;
struct pam_cache;
struct host_inventory;
struct nft_live;
struct review_prior;
struct kmsg;
struct account_snapshot;

struct audit_context {
	struct rootfs *root;
	const struct profile *profile;
	bool live;               /* auditing the running host, not a directory */
	bool root_user;          /* kensa runs as uid 0 (hints never say "not root" then) */
	enum platform platform;
	time_t now;              /* the audit's "now" (end of the --as-of day when pinned) */
	int64_t today;           /* days since 1970-01-01 (UTC), as shadow counts them */
	/* Lazily loaded data shared between checks; owned by the context. */
	struct account_db *accounts;
	int accounts_err;        /* 0, or negative errno / ROOTFS_* of the first load */
	char accounts_errmsg[256];
	struct kmsg *accounts_errmsg_msg; /* its identity (msg.h), or NULL */
	struct systemd_units *systemd_units; /* systemd_units.c: unit enablement index */
	int systemd_units_err;
	struct filecache *files; /* filecache.c: each file read once per audit */
	struct pam_cache *pam_stacks; /* pam_stack.c: each service's stack, loaded once */
	/* Live only: socket inode -> pid, collected by main.c before the sandbox closes. */
	struct socket_owners *socket_owners;
	/* Live Linux only: the loaded nftables ruleset (nft_live.h), read by main.c before the
	 * sandbox closes; NULL when not read. Owned by main.c. */
	struct nft_live *nft_ruleset;
	/* --report-dir only: password.defaults' memo of hashes already tested (defaults_memo.h);
	 * NULL otherwise. Owned by main.c. */
	struct defaults_memo *defaults_memo;
	/* inventory.c: the inventory row, collected once; main.c hands it to the report. */
	struct host_inventory *inventory;
	/* --report-dir only: logs.review's facts from the host's previous report there
	 * (review_prior.h); NULL otherwise. Owned by main.c. */
	struct review_prior *review_prior;
	/* --report-dir only: the accounts and groups as the previous audit kept them, and where
	 * logs.review keeps this audit's (account_snapshot.h); NULL otherwise. Owned by main.c. */
	struct account_snapshot *account_snapshot;
};

void context_free_shared(struct audit_context *ctx);

#endif
