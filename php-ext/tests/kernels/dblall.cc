// dblall.cc — by-reference kernel for dbl_all(array &$a): doubles every int element in place. The
// rebuilt array must keep PHP's next free key (unset() never lowers it), so the kernel copies it
// with array_next_free / array_set_next_free. A non-int element or an overflow DEOPTs.
#include "pvk.h"

static uint32_t dbl_all_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  pv_value arr, key, val;
  host->array_new(host->ctx, host->array_count(host->ctx, &args[0]), &arr);
  uint32_t pos = 0;
  while (host->array_next(host->ctx, &args[0], &pos, &key, &val)) {
    int64_t d;
    if (pvk_type(val) != PV_LONG || __builtin_mul_overflow(val.value.lval, (int64_t)2, &d)) {
      host->release(host->ctx, &arr);
      return PV_DEOPT;
    }
    pv_value nv;
    pvk_set_long(&nv, d);
    if (pvk_type(key) == PV_LONG) {
      host->array_set_int(host->ctx, &arr, key.value.lval, &nv);
    } else {
      const char *k;
      size_t n;
      host->string_view(host->ctx, &key, &k, &n);
      host->array_set_str(host->ctx, &arr, k, n, &nv);
    }
  }
  // Commit: nothing can fail from here on.
  host->array_set_next_free(host->ctx, &arr, host->array_next_free(host->ctx, &args[0]));
  host->arg_set(host->ctx, 0, &arr);
  ret->value.lval = 0;
  ret->type_info = PV_NULL;
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"dbl_all", PV_TEST_SOURCE_SHA256, 1, {PV_ARRAY | PV_GUARD_BYREF}, PV_KERNEL_EFFECTS, dbl_all_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
