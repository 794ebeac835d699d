// depth.cc — test kernel for depth(int): deep native recursion that must DEOPT at the stack limit.
#include "polyvirt/abi.h"

static bool depth_native(const pv_host *host, int64_t n, int64_t *out) {
  if (static_cast<const char *>(__builtin_frame_address(0)) < host->stack_limit) return false;
  if (n == 0) {
    *out = 0;
    return true;
  }
  int64_t r;
  if (!depth_native(host, n - 1, &r)) return false;
  // Keeps the call non-tail so the recursion really uses stack, as generated code would.
  return !__builtin_add_overflow(r, 1, out);
}

static uint32_t depth_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t r;
  if (args[0].value.lval < 0) return PV_DEOPT; // PHP recurses until memory runs out
  if (!depth_native(host, args[0].value.lval, &r)) return PV_DEOPT;
  ret->value.lval = r;
  ret->type_info = PV_LONG;
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"depth", PV_TEST_SOURCE_SHA256, 1, {PV_LONG}, PV_KERNEL_PURE, depth_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
