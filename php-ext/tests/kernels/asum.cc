// asum.cc — array kernel for asum(array): sum of int elements in PHP order; any other element
// (float, string, a reference slot) or an overflow DEOPTs, so PHP computes it.
#include "pvk.h"

static uint32_t asum_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t s = 0;
  uint32_t pos = 0;
  pv_value key, val;
  while (host->array_next(host->ctx, &args[0], &pos, &key, &val)) {
    if (pvk_type(val) != PV_LONG) return PV_DEOPT;
    if (__builtin_add_overflow(s, val.value.lval, &s)) return PV_DEOPT;
  }
  pvk_set_long(ret, s);
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"asum", PV_TEST_SOURCE_SHA256, 1, {PV_ARRAY}, PV_KERNEL_PURE, asum_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
