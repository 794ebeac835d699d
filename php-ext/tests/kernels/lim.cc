// lim.cc — static-variable kernel for lim(), whose static starts as a constant expression
// (BASE * 2): until PHP has evaluated it the host answers PV_UNDEF and the kernel DEOPTs.
#include "pvk.h"

static uint32_t lim_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  pv_value s;
  host->static_get(host->ctx, "lim", 3, "m", 1, &s);
  if (pvk_type(s) != PV_LONG) return PV_DEOPT;
  int64_t v;
  if (__builtin_add_overflow(s.value.lval, (int64_t)1, &v)) return PV_DEOPT;
  pv_value nv;
  pvk_set_long(&nv, v);
  host->static_set(host->ctx, "lim", 3, "m", 1, &nv);
  pvk_set_long(ret, v);
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"lim", PV_TEST_SOURCE_SHA256, 0, {}, PV_KERNEL_EFFECTS, lim_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
