// transport_plugin.cc — dlopen of polyvirt_transport.so, off the PHP thread: with no service
// (or an unreachable one) none of gRPC, protobuf or abseil is ever mapped into PHP.
#include "transport_plugin.h"

#include <atomic>
#include <mutex>
#include <dlfcn.h>

namespace pv {

namespace {
std::mutex g_mu;
bool g_tried = false;
std::string g_error;
std::atomic<const wire::Api *> g_api{nullptr};
} // namespace

std::string transport_plugin_default_path() {
  Dl_info info;
  if (!dladdr(reinterpret_cast<void *>(&transport_plugin_default_path), &info) || !info.dli_fname)
    return "";
  std::string self = info.dli_fname;
  size_t slash = self.rfind('/');
  std::string dir = slash == std::string::npos ? "." : self.substr(0, slash);
  return dir + "/polyvirt_transport.so";
}

const wire::Api *transport_plugin_load(const std::string &path, std::string *err) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_tried) {
    *err = g_error;
    return g_api.load();
  }
  g_tried = true;
  if (path.empty()) {
    g_error = "transport plugin: cannot locate polyvirt_transport.so (set polyvirt.transport_path)";
    *err = g_error;
    return nullptr;
  }
  void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    const char *e = dlerror();
    g_error = "transport plugin " + path + ": dlopen failed: " + (e ? e : "?");
    *err = g_error;
    return nullptr;
  }
  // From here on the handle is deliberately leaked, also on failure: never dlclose gRPC.
  auto entry = reinterpret_cast<pv_transport_entry_fn>(dlsym(h, PV_TRANSPORT_SYMBOL));
  const wire::Api *api = entry ? entry() : nullptr;
  if (!api) {
    g_error = "transport plugin " + path + ": no " PV_TRANSPORT_SYMBOL " table";
  } else if (api->version != wire::kApiVersion || api->struct_sizes != wire::struct_sizes()) {
    g_error = "transport plugin " + path + ": interface version " + std::to_string(api->version) +
              " does not match " + std::to_string(wire::kApiVersion) + " (rebuild with scripts/build-ext.sh)";
    api = nullptr;
  }
  if (!api) {
    *err = g_error;
    return nullptr;
  }
  g_api.store(api);
  return api;
}

bool transport_plugin_loaded() { return g_api.load() != nullptr; }

} // namespace pv
