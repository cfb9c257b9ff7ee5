/* Which build this is: the dynamic one, or the self-contained (static) one a vendor carries. */
#ifndef KENSA_BUILD_H
#define KENSA_BUILD_H
#include <stdbool.h>
/* Defined by the executable, not by libkensa: core/build_dynamic.c (false) comes with
 * libkensa_dep into kensa and the tests, src/build_static.c (true) into kensa-static. */
extern const bool kensa_static_build;
#endif
