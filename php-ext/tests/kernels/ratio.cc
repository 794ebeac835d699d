// ratio.cc — test kernel for ratio(int, int) = intdiv: every error case DEOPTs so PHP raises it.
#include "polyvirt/abi.h"

static uint32_t ratio_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t a = args[0].value.lval, b = args[1].value.lval;
  if (b == 0 || (b == -1 && a == INT64_MIN)) return PV_DEOPT;
  ret->value.lval = a / b;
  ret->type_info = PV_LONG;
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"ratio", PV_TEST_SOURCE_SHA256, 2, {PV_LONG, PV_LONG}, PV_KERNEL_PURE, ratio_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
