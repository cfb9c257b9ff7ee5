/* The inventory row's model (inventory.h): its column names and its owner's free, apart from
 * the collection so that the report reader and writer need no file access. */
#include "inventory.h"
#include <stdlib.h>

const char *const inventory_keys[INV_FIELD_COUNT] = {
	"hostname", "os", "os_version", "kernel", "machine_id", "dmi_vendor", "dmi_product",
	"dmi_serial", "addresses", "macs", "packages", "kensa_version",
};

void inventory_free(struct host_inventory *inv)
{
	if (!inv)
		return;
	for (size_t i = 0; i < INV_FIELD_COUNT; i++)
		free(inv->value[i]);
	free(inv);
}
