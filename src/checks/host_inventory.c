/* host.inventory (item 2-1, evidence): this machine's row for the institution's inventory — host
 * name, OS and version, kernel, machine-id, DMI vendor/product/serial, addresses and MACs,
 * installed packages, kensa's version (core/inventory.c, shared with the report's "inventory"
 * object and --format inventory). Whether the ledger lists it is a person's answer. */
#include "../core/check.h"
#include "../core/context.h"
#include "../core/i18n.h"
#include "../core/inventory.h"
#include <stddef.h>

/* Labels in the report's language, in inventory_keys order. */
static const char *const labels[INV_FIELD_COUNT] = {
	N_("host name"), N_("OS"), N_("OS version"), N_("kernel"), N_("machine-id"),
	N_("DMI vendor"), N_("DMI product"), N_("DMI serial number"), N_("addresses"),
	N_("MAC addresses"), N_("installed packages"), N_("kensa version"),
};

static const char *const sources[INV_FIELD_COUNT] = {
	NULL, "/etc/os-release", "/etc/os-release", NULL, "/etc/machine-id",
	"/sys/class/dmi/id/sys_vendor", "/sys/class/dmi/id/product_name",
	"/sys/class/dmi/id/product_serial", NULL, NULL, "/var/lib/dpkg/status", NULL,
};

static const char *source_of(const struct audit_context *ctx, size_t field)
{
	return ctx->platform == PLATFORM_WINDOWS ? NULL : sources[field];
}

static void run(struct audit_context *ctx, struct check_result *r)
{
	const struct host_inventory *inv = inventory_get(ctx, r);
	for (size_t i = 0; i < INV_FIELD_COUNT; i++)
		if (inv->value[i])
			result_evidence(r, source_of(ctx, i), "%s: %s", _(labels[i]), inv->value[i]);
	/* the values stay in the evidence: the same image audited live (a chroot: the host's
	 * name and kernel) and with --root gives the same verdict line */
	result_manual(r, _("this machine's inventory row is in the evidence (host name, OS, "
			   "machine-id, serial number): check that the inventory lists it, and "
			   "answer item 2-1 in the site file"));
}

const struct check check_host_inventory = {
	.id = "host.inventory",
	.title = N_("The machine is in the inventory (evidence)"),
	.remediation = N_("Add this machine's row (kensa audit --format inventory) to the "
			  "institution's inventory of servers, PCs and network devices, and answer "
			  "item 2-1 in the site file."),
	.platforms = PLATFORM_LINUX,
	.run = run,
};

/* The same row on Windows, from the registry (core/inventory.c): ComputerName, ProductName,
 * DisplayVersion and CurrentBuild, MachineGuid, the BIOS key's manufacturer and product, and the
 * number of programs in the Uninstall keys. */
const struct check check_host_inventory_windows = {
	.id = "host.inventory",
	.title = N_("The machine is in the inventory (evidence)"),
	.remediation = N_("Add this machine's row (kensa audit --format inventory) to the "
			  "institution's inventory of servers, PCs and network devices, and answer "
			  "item 2-1 in the site file."),
	.platforms = PLATFORM_WINDOWS,
	.run = run,
};
