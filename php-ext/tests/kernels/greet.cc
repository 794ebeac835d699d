// greet.cc — test kernel with output: journaled through the host, committed only on PV_OK.
#include <stdio.h>

#include "polyvirt/abi.h"

static uint32_t greet_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t n = args[0].value.lval;
  char buf[40];
  int len = snprintf(buf, sizeof buf, "n=%lld\n", (long long)n);
  host->output(host->ctx, buf, (size_t)len);
  int64_t r;
  // Output already journaled: DEOPT must discard it, PHP then prints it once itself.
  if (__builtin_mul_overflow(n, (int64_t)2, &r)) return PV_DEOPT;
  ret->value.lval = r;
  ret->type_info = PV_LONG;
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"greet", PV_TEST_SOURCE_SHA256, 1, {PV_LONG}, 0, greet_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
