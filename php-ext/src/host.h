// host.h — the pv_host table given to kernels: exceptions raised as PHP's own error classes,
// output journaled per call and committed only when the kernel returns PV_OK.
#ifndef POLYVIRT_HOST_H
#define POLYVIRT_HOST_H

#include <string>

#include "polyvirt/abi.h"

namespace pv {

struct HostCall {
  pv_host table;
  std::string journal;
};

// Prepares a host table for one kernel call; stack_limit is set by the caller.
void host_init(HostCall *call);
// Writes the journal to PHP's output (PV_OK only).
void host_commit(HostCall *call);

} // namespace pv

#endif
