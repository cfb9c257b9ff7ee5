/* Shared by os.supported's Linux and Windows twins: loading the support-lifecycle data named by
 * [updates] os_lifecycle and turning the judgement of one release into findings. */
#ifndef KENSA_CHECKS_OS_SUPPORT_H
#define KENSA_CHECKS_OS_SUPPORT_H
#include "../parsers/os_lifecycle.h"

struct audit_context;
struct check_result;

/* 0 with *db loaded, or -1 with the result set to error (the reason names the file). */
int os_support_load(const struct audit_context *ctx, struct os_lifecycle *db, char **path,
		    struct check_result *r);
/* Findings for release E as of ctx->today: fail past the end of all support, warn within
 * [updates] os_support_warn_days of it, info when only LTS/extended support is left; SEEN is the
 * evidence that identified the release (its source and value). */
void os_support_judge(const struct audit_context *ctx, struct check_result *r,
		      const struct os_release_entry *e, const char *data_path, const char *seen_source,
		      const char *seen_value);

#endif
