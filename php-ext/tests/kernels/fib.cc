// fib.cc — test kernel for fib(int): native recursion, DEOPT on overflow or below the stack limit.
#include "polyvirt/abi.h"

static bool fib_native(const pv_host *host, int64_t n, int64_t *out) {
  if (static_cast<const char *>(__builtin_frame_address(0)) < host->stack_limit) return false;
  if (n < 2) {
    *out = n;
    return true;
  }
  int64_t a, b;
  if (!fib_native(host, n - 1, &a) || !fib_native(host, n - 2, &b)) return false;
  return !__builtin_add_overflow(a, b, out);
}

static uint32_t fib_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t r;
  if (!fib_native(host, args[0].value.lval, &r)) return PV_DEOPT;
  ret->value.lval = r;
  ret->type_info = PV_LONG;
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"fib", PV_TEST_SOURCE_SHA256, 1, {PV_LONG}, PV_KERNEL_PURE, fib_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
