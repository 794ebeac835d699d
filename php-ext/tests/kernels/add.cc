// add.cc — test kernel for add(int, int): native addition, DEOPT on overflow (PHP gives a float).
#include "polyvirt/abi.h"

static uint32_t add_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t r;
  if (__builtin_add_overflow(args[0].value.lval, args[1].value.lval, &r)) return PV_DEOPT;
  ret->value.lval = r;
  ret->type_info = PV_LONG;
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"add", PV_TEST_SOURCE_SHA256, 2, {PV_LONG, PV_LONG}, PV_KERNEL_PURE, add_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
