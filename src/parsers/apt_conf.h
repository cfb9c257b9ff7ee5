/* apt's configuration syntax (apt.conf, apt.conf.d): "A::B::C "value";" and nested scopes
 * "A { B { C "value"; }; };", with //, # and C comments (apt-pkg/contrib/configuration.cc
 * ReadConfigFile). Only the lookup of one option's value is offered. */
#ifndef KENSA_APT_CONF_H
#define KENSA_APT_CONF_H
#include <stdbool.h>
#include <stddef.h>

/* The last value given to name (compared case-insensitively, as apt does) in buf; true and the
 * value (unquoted) and its line when found. */
bool apt_conf_lookup(const char *buf, size_t len, const char *name, char *value, size_t vlen,
		     unsigned *line);

#endif
