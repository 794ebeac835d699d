// transport_plugin.h — finds and loads polyvirt_transport.so (the gRPC/protobuf half of the
// transport) on the transport thread, once per process, and never unloads it.
#ifndef POLYVIRT_TRANSPORT_PLUGIN_H
#define POLYVIRT_TRANSPORT_PLUGIN_H

#include <string>

#include "wire.h"

namespace pv {

// polyvirt_transport.so in the directory this module was loaded from (via dladdr), so an
// installed pair of files works wherever it sits. Empty when the module path is unknown.
std::string transport_plugin_default_path();

// Transport thread only: dlopen(path) and check its table. Loading is attempted once per
// process (a failure is kept and returned again); the plugin is never dlclose'd: gRPC's
// globals and threads do not survive being unloaded.
const wire::Api *transport_plugin_load(const std::string &path, std::string *err);

// Any thread: the plugin has been loaded into this process.
bool transport_plugin_loaded();

} // namespace pv

#endif
