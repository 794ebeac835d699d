// scaled.cc — constant kernel for scaled(int): reads the class constant Cfg::LATE (a constant
// expression PHP evaluates on first use) and the namespaced constant Ns\OFF (from define()).
// A class not loaded yet, an unevaluated or undefined constant, or an overflow DEOPTs.
#include <cstring>

#include "pvk.h"

static uint32_t scaled_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  pv_value late, off;
  host->constant_get(host->ctx, "Cfg::LATE", std::strlen("Cfg::LATE"), &late);
  if (pvk_type(late) != PV_LONG) return PV_DEOPT;
  host->constant_get(host->ctx, "Ns\\OFF", std::strlen("Ns\\OFF"), &off);
  if (pvk_type(off) != PV_LONG) return PV_DEOPT;
  int64_t r;
  if (__builtin_mul_overflow(args[0].value.lval, late.value.lval, &r)) return PV_DEOPT;
  if (__builtin_add_overflow(r, off.value.lval, &r)) return PV_DEOPT;
  pvk_set_long(ret, r);
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"scaled", PV_TEST_SOURCE_SHA256, 1, {PV_LONG}, PV_KERNEL_PURE, scaled_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
