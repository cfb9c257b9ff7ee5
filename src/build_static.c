/* Linked only into kensa-static (core/build.h). */
#include "core/build.h"
const bool kensa_static_build = true;
