// mkarr.cc — array kernel for mkarr(int): builds [0 => n, "k" => "v<n>", "7" => 2n, 3 => true]
// (the "7" goes in as a string key: the host must store it as the int key 7). An overflow of 2n
// DEOPTs after the array was started, so the kernel releases what it built.
#include <string>

#include "pvk.h"

static uint32_t mkarr_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t n = args[0].value.lval;
  pv_value arr, v;
  host->array_new(host->ctx, 4, &arr);
  pvk_set_long(&v, n);
  host->array_set_int(host->ctx, &arr, 0, &v);
  pvk_new_string(host, "v" + std::to_string(n), &v);
  host->array_set_str(host->ctx, &arr, "k", 1, &v);
  int64_t twice;
  if (__builtin_mul_overflow(n, (int64_t)2, &twice)) {
    host->release(host->ctx, &arr);
    return PV_DEOPT;
  }
  pvk_set_long(&v, twice);
  host->array_set_str(host->ctx, &arr, "7", 1, &v);
  pvk_set_bool(&v, true);
  host->array_set_int(host->ctx, &arr, 3, &v);
  *ret = arr;
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"mkarr", PV_TEST_SOURCE_SHA256, 1, {PV_LONG}, PV_KERNEL_PURE, mkarr_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
