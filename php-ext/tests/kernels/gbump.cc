// gbump.cc — global kernel for gbump(): reads and increments the global $counter. An unset or
// non-int global, or an overflow, DEOPTs (PHP's ++ turns null into 1 and overflows to float).
#include "pvk.h"

static uint32_t gbump_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  pv_value g;
  host->global_get(host->ctx, "counter", 7, &g);
  if (pvk_type(g) != PV_LONG) return PV_DEOPT;
  int64_t v;
  if (__builtin_add_overflow(g.value.lval, (int64_t)1, &v)) return PV_DEOPT;
  pv_value nv;
  pvk_set_long(&nv, v);
  host->global_set(host->ctx, "counter", 7, &nv);
  pvk_set_long(ret, v);
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"gbump", PV_TEST_SOURCE_SHA256, 0, {}, PV_KERNEL_EFFECTS, gbump_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
