// badabi.cc — test artifact built for another kernel ABI version: the loader must refuse it.
#include "polyvirt/abi.h"

static uint32_t add_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  ret->value.lval = 0;
  ret->type_info = PV_LONG;
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"add", "0000000000000000000000000000000000000000000000000000000000000000", 2, {PV_LONG, PV_LONG}, 0, add_entry},
};
// A fixed foreign version (not PV_ABI_VERSION + n): the tests name it in the expected error.
static const pv_module_desc kModule = {99u, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
