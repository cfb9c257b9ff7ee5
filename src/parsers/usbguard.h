/* USBGuard's daemon configuration (usbguard-daemon.conf(5)) and rule language
 * (usbguard-rules.conf(5)), reduced to one question: would a plain USB mass-storage device be
 * allowed? Pure functions over buffers. */
#ifndef KENSA_PARSERS_USBGUARD_H
#define KENSA_PARSERS_USBGUARD_H
#include <stdbool.h>
#include <stddef.h>

/* One "Key=Value" of usbguard-daemon.conf; `found` false when the key is absent. */
struct usbguard_setting {
	bool found;
	char value[256];
	unsigned line;
};

struct usbguard_daemon_conf {
	struct usbguard_setting rule_file, rule_folder, implicit_target, inserted_policy,
		present_policy;
};

void usbguard_parse_daemon_conf(const char *data, size_t len, struct usbguard_daemon_conf *out);

enum usbguard_verdict {
	USBGUARD_NO_MATCH,   /* the rule cannot match an arbitrary mass-storage device */
	USBGUARD_ALLOWS,     /* it matches one and authorises it */
	USBGUARD_BLOCKS,     /* it matches one and blocks/rejects it */
	USBGUARD_MALFORMED,  /* kensa cannot read the rule (the daemon may refuse the file) */
};

/* Judge one rule line ("allow with-interface equals { 08:*:* }"). A rule pinned to particular
 * devices (id other than *:*, hash, serial, name) does not match an arbitrary device; a rule
 * with a condition ("if ...") is assumed to apply when it allows and not to when it blocks.
 * The device is modelled as a plain stick (interface 08:06:50) and a UAS stick
 * (08:06:50 + 08:06:62); the rule matches when it matches either. Comment and blank lines give
 * USBGUARD_NO_MATCH. */
enum usbguard_verdict usbguard_rule_storage(const char *line, char *why, size_t whylen);

/* "block", "reject", "allow" -> the policy they name (for ImplicitPolicyTarget etc.). */
bool usbguard_target_blocks(const char *value);

#endif
