// tick.cc — static-variable kernel for tick(int $step): adds step to tick's static $n, shared
// with the PHP body (a float static or an overflow DEOPTs).
#include "pvk.h"

static uint32_t tick_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  pv_value s;
  host->static_get(host->ctx, "tick", 4, "n", 1, &s);
  if (pvk_type(s) != PV_LONG) return PV_DEOPT;
  int64_t v;
  if (__builtin_add_overflow(s.value.lval, args[0].value.lval, &v)) return PV_DEOPT;
  pv_value nv;
  pvk_set_long(&nv, v);
  host->static_set(host->ctx, "tick", 4, "n", 1, &nv);
  pvk_set_long(ret, v);
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"tick", PV_TEST_SOURCE_SHA256, 1, {PV_LONG}, PV_KERNEL_EFFECTS, tick_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
