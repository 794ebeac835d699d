// badguard.cc — test artifact guarding a by-reference parameter with code 9 (no zval type): refused.
#include "polyvirt/abi.h"

static uint32_t add_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  return PV_DEOPT;
}

static const pv_kernel_desc kKernels[] = {
    {"add", "0000000000000000000000000000000000000000000000000000000000000000", 2, {PV_LONG, 9u | PV_GUARD_BYREF}, 0, add_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
