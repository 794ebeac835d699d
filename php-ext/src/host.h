// host.h — the pv_host table given to kernels: exceptions raised as PHP's own error classes,
// output journaled per call and committed only when the kernel returns PV_OK, and (ABI 2) the
// host values kernels see (zend_string, zend_array) plus globals, constants, statics and
// by-reference arguments on real Zend values.
#ifndef POLYVIRT_HOST_H
#define POLYVIRT_HOST_H

#include <deque>
#include <string>

#include "polyvirt/abi.h"

extern "C" {
#include "php.h"
}

namespace pv {

struct HostCall {
  pv_host table;
  std::string journal;
  // The hooked frame: arg_set writes into its by-reference argument slots.
  zend_execute_data *ex = nullptr;
  // A *_set callback ran: from here on the call's effects are visible, so the kernel must
  // return PV_OK (anything else is a broken kernel, reported by the dispatcher).
  bool wrote = false;
  // Borrowed strings the host made for this call (lowercased class names).
  std::deque<std::string> scratch;
};

// Prepares a host table for one kernel call; stack_limit and ex are set by the caller.
void host_init(HostCall *call);
// Writes the journal to PHP's output (PV_OK only).
void host_commit(HostCall *call);

// A value the kernel handed over (owned) as a zval with correct type flags; references (which
// no callback ever hands out as owned) become NULL.
void host_take(pv_value *v, zval *out);

// The value of a constant ("NAME", "ns\\NAME" or "Class::NAME", as constant_get takes it)
// when reading it has no side effect in PHP (no deprecation, no autoload, public); nullptr
// otherwise. A class constant not evaluated yet is IS_CONSTANT_AST.
const zval *host_find_constant(const char *name, size_t length);

// A class by name (any case), never autoloaded; nullptr when not declared.
zend_class_entry *host_find_class(const char *name, size_t length);

} // namespace pv

#endif
