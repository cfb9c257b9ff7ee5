/* kensa --version's lines on the build (core/build_info.c). */
#ifndef KENSA_BUILD_INFO_H
#define KENSA_BUILD_INFO_H
#include <stdio.h>
void build_describe(FILE *out);
#endif
