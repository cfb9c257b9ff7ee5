/* Host facts for the report header and the inventory row (item 2-1): name, OS, kernel. */
#ifndef KENSA_HOSTINFO_H
#define KENSA_HOSTINFO_H
#include "../report/report.h"
struct rootfs;
void hostinfo_collect(struct rootfs *root, bool live, struct host_info *out);
void hostinfo_free(struct host_info *h);
#endif
