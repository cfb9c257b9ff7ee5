/* The one table of checks, in report order. Adding a check: a file in src/checks/, a line here,
 * a line in src/checks/meson.build, and its id in the checklist editions. */
#include "../core/check.h"
#include <string.h>

extern const struct check check_accounts_stale;
extern const struct check check_accounts_privileged;
extern const struct check check_auth_lockout;
extern const struct check check_auth_two_factor;
extern const struct check check_logs_collection;
extern const struct check check_logs_retention;
extern const struct check check_logs_time_sync;
extern const struct check check_media_usb_storage;
extern const struct check check_password_defaults;
extern const struct check check_password_hash;
extern const struct check check_password_history;
extern const struct check check_password_max_age;
extern const struct check check_password_policy;
extern const struct check check_services_unneeded;
extern const struct check check_updates_pending;
extern const struct check check_network_access_control;
/* Windows implementations of the same ids (PLATFORM_WINDOWS): one id may have an entry per
 * platform; the driver runs the entry whose platform matches the audit. */
extern const struct check check_accounts_stale_windows;
extern const struct check check_auth_lockout_windows;
extern const struct check check_auth_two_factor_windows;
extern const struct check check_accounts_privileged_windows;
extern const struct check check_logs_retention_windows;
extern const struct check check_logs_review_windows;
extern const struct check check_media_usb_storage_windows;
extern const struct check check_password_history_windows;
extern const struct check check_password_max_age_windows;
extern const struct check check_password_policy_windows;
extern const struct check check_services_unneeded_windows;
extern const struct check check_updates_pending_windows;
extern const struct check check_backup_evidence;
extern const struct check check_remote_access;
extern const struct check check_host_inventory;
extern const struct check check_remote_access_windows;
extern const struct check check_host_inventory_windows;
extern const struct check check_backup_evidence_windows;
extern const struct check check_network_access_control_windows;
extern const struct check check_os_supported;
extern const struct check check_os_supported_windows;
extern const struct check check_antimalware_active;
extern const struct check check_antimalware_active_windows;
extern const struct check check_logs_review;

const struct check *const check_registry[] = {
	&check_accounts_stale,
	&check_accounts_privileged,
	&check_media_usb_storage,
	&check_password_policy,
	&check_password_max_age,
	&check_password_history,
	&check_password_hash,
	&check_password_defaults,
	&check_auth_lockout,
	&check_auth_two_factor,
	&check_logs_collection,
	&check_logs_retention,
	&check_logs_time_sync,
	&check_services_unneeded,
	&check_updates_pending,
	&check_network_access_control,
	&check_accounts_stale_windows,
	&check_accounts_privileged_windows,
	&check_media_usb_storage_windows,
	&check_password_policy_windows,
	&check_password_max_age_windows,
	&check_password_history_windows,
	&check_auth_lockout_windows,
	&check_auth_two_factor_windows,
	&check_logs_retention_windows,
	&check_services_unneeded_windows,
	&check_updates_pending_windows,
	&check_backup_evidence,
	&check_remote_access,
	&check_host_inventory,
	&check_remote_access_windows,
	&check_host_inventory_windows,
	&check_backup_evidence_windows,
	&check_network_access_control_windows,
	&check_os_supported,
	&check_os_supported_windows,
	&check_antimalware_active,
	&check_antimalware_active_windows,
	&check_logs_review,
	&check_logs_review_windows,
};
const size_t check_registry_count = sizeof check_registry / sizeof check_registry[0];

const struct check *check_find(const char *id)
{
	for (size_t i = 0; i < check_registry_count; i++)
		if (strcmp(check_registry[i]->id, id) == 0)
			return check_registry[i];
	return NULL;
}
