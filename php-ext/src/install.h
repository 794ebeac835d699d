// install.h — kernel artifacts: cache dir, sha256 check, dlopen, descriptor checks, and the
// binding of installed kernels to PHP functions (by lowercased name AND source sha256).
#ifndef POLYVIRT_INSTALL_H
#define POLYVIRT_INSTALL_H

#include <atomic>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "polyvirt/abi.h"
#include "wire.h"

extern "C" {
#include "php.h"
}

namespace pv {

struct FnState;

struct LoadedModule {
  void *handle = nullptr;
  const pv_module_desc *desc = nullptr;
  std::string path;
  std::string sha256;                   // hex sha256 of the artifact bytes
  std::vector<std::string> deployment_ids; // empty for preloaded modules; one artifact may be
                                           // shipped under several ids (it stays while any is live)
  std::string deployment_id;            // the newest of them: counters are reported under it
  bool active = false;
};

struct KernelBinding {
  LoadedModule *module = nullptr;
  const pv_kernel_desc *desc = nullptr;
  bool active = false;
  uint32_t byref_mask = 0; // bit i: parameter i is guarded PV_GUARD_BYREF
  // PV_KERNEL_METHOD: the receiver class last matched by name, valid for one request (class
  // entries of user classes do not outlive it).
  zend_class_entry *receiver_ce = nullptr;
  uint64_t receiver_request = 0;
  bool reported_violation = false; // an ABI contract violation was reported once already
  std::string region_key; // key of the first function it was bound to (for Outcome reports)
  uint64_t native_calls = 0, guard_failures = 0, deopts = 0, throws = 0;
  uint64_t reported_total = UINT64_MAX; // sum of counters last sent in an Outcome
  std::unordered_set<FnState *> refused; // states already reported as stale/ineligible
};

// Set by the gRPC thread when installs/uninstalls wait for the PHP thread.
extern std::atomic<bool> g_install_pending;
// Moves whenever the set of active kernels changes; bindings re-evaluate lazily.
extern uint64_t g_install_epoch;

// PHP thread, first RINIT (before the transport starts): where deployments are written
// (polyvirt.cache_dir) and whose manifest records them (the app, when polyvirt.local_cache).
void install_configure(const std::string &cache_dir, const std::string &app, bool local_cache);
// PHP thread, first RINIT: polyvirt.preload, each "<path>.sha256" beside it.
void install_preload(const char *list);
// PHP thread, first RINIT: install the app's manifest entries (same checks as a Deployment);
// broken entries are dropped from the manifest and reported in polyvirt_status()['errors'].
// Returns how many artifacts it installed.
size_t install_load_local_cache();
// gRPC reader thread: write, verify, load, then queue for the PHP thread.
void install_receive_deployment(const wire::Deployment &d);
void install_receive_revert(const std::string &deployment_id, const std::string &reason);
// PHP thread: apply queued installs/uninstalls; returns true when anything changed.
bool install_apply_pending();
size_t install_active_count();
// PHP thread: (re)bind a function's state to the newest matching active kernel, if any.
void install_rebind(FnState *st, zend_op_array *op);
// PHP thread: send per-kernel counters that changed since the last report.
void install_report_counters();
// PHP thread: kernels => [lcname => counters] for polyvirt_status().
void install_status(zval *out);
void install_shutdown();

} // namespace pv

#endif
