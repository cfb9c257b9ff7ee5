/* Is a --root directory the root file system of an OS (or a Windows capture)? An empty or
 * unmounted directory must never give a clean report, so main.c refuses it before auditing. */
#ifndef KENSA_ROOTCHECK_H
#define KENSA_ROOTCHECK_H
#include <stdbool.h>
#include <stddef.h>
#include "check.h"

struct rootfs;

/* true when root looks like what platform audits: Linux, an os-release (etc/ or usr/lib/) or an
 * etc/passwd; Windows, a capture directory (kensa-capture/) or a copied registry
 * (proc/registry/HKEY_LOCAL_MACHINE). Otherwise false, and missing says what is missing. */
bool rootcheck_is_os_root(const struct rootfs *root, enum platform platform, char *missing,
			  size_t missinglen);

#endif
