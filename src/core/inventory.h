/* The machine's row in the institution's inventory (item 2-1): host name, OS, kernel,
 * machine-id, DMI vendor/product/serial, addresses and MACs, installed packages, kensa's
 * version. Collected once per audit (host.inventory's evidence, the report's "inventory"
 * object, --format inventory's CSV line). */
#ifndef KENSA_INVENTORY_H
#define KENSA_INVENTORY_H
#include <stddef.h>

enum inventory_field {
	INV_HOSTNAME,
	INV_OS,
	INV_OS_VERSION,
	INV_KERNEL,
	INV_MACHINE_ID,
	INV_DMI_VENDOR,
	INV_DMI_PRODUCT,
	INV_DMI_SERIAL,
	INV_ADDRESSES,
	INV_MACS,
	INV_PACKAGES,
	INV_KENSA_VERSION,
	INV_FIELD_COUNT
};

/* Each value is NULL when it could not be had (offline: no addresses, no DMI). */
struct host_inventory {
	char *value[INV_FIELD_COUNT];
};

/* The JSON member names and CSV column names, in column order. */
extern const char *const inventory_keys[INV_FIELD_COUNT];

struct audit_context;
struct check_result;

/* Collect once per audit into ctx->inventory (later calls return it); what could not be read
 * is said on r as evidence (r may be NULL). Never NULL. */
const struct host_inventory *inventory_get(struct audit_context *ctx, struct check_result *r);
void inventory_free(struct host_inventory *inv);

#endif
