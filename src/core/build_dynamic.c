/* The default for core/build.h: a dynamically linked kensa. */
#include "build.h"
const bool kensa_static_build = false;
