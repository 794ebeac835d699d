// registry.h — process-level state per PHP function, keyed by (file, class, lowercased
// function); cached per request in an op_array extension slot of the run-time cache.
#ifndef POLYVIRT_REGISTRY_H
#define POLYVIRT_REGISTRY_H

#include <cstdint>
#include <string>

#include "profile.h"

extern "C" {
#include "php.h"
}

namespace pv {

struct KernelBinding;

struct FnState {
  std::string key;           // "<file>::<Class>::<lcfunction>"
  std::string file;
  std::string class_name;    // as declared
  std::string function_name; // as declared
  std::string lcname;        // lowercased function name
  ProfileData prof;
  // Kernel binding, re-evaluated whenever the install epoch moves or a request starts.
  uint64_t bind_epoch = 0;
  KernelBinding *kernel = nullptr;
  // Force mode (polyvirt.force): 0 never asked, 1 answered for good, 2 declined for now (asked
  // again once other functions were asked since: a callee the service had not seen yet).
  uint8_t force_state = 0;
  uint64_t force_mark = 0; // the process's count of first-time asks when this one was last asked
  // Source hash cached for one request (files may change between requests).
  uint64_t sha_request = 0;
  uint32_t sha_start = 0, sha_end = 0;
  std::string sha;
};

// MINIT: reserve the op_array extension slot (before any script is compiled).
void registry_minit();
void registry_mshutdown();
void registry_request_start();
uint64_t registry_request_id();

// Slow path: look up/create the state of a user op_array and cache it in its slot.
FnState *registry_resolve(zend_op_array *op, void **slot);
extern int g_registry_handle;

// State of a user function's op_array, or nullptr when it has no run-time cache or is a
// trampoline (those have no stable slot).
inline FnState *registry_state(zend_op_array *op) {
  if (UNEXPECTED(op->fn_flags & ZEND_ACC_CALL_VIA_TRAMPOLINE)) return nullptr;
  void **cache = (void **)RUN_TIME_CACHE(op);
  if (UNEXPECTED(!cache)) return nullptr;
  void **slot = &cache[g_registry_handle];
  if (EXPECTED(*slot != nullptr)) return static_cast<FnState *>(*slot);
  return registry_resolve(op, slot);
}

// Hex sha256 of the op_array's current source lines (cached per request); empty if unreadable.
const std::string &registry_source_sha(FnState *st, zend_op_array *op);

} // namespace pv

#endif
