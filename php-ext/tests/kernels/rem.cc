// rem.cc — test kernel for rem(int, int) = $a % $b: raises PHP's DivisionByZeroError itself.
#include "polyvirt/abi.h"

static uint32_t rem_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t a = args[0].value.lval, b = args[1].value.lval;
  if (b == 0) {
    static const char msg[] = "Modulo by zero";
    host->throw_error(host->ctx, PV_ERR_DIVISION_BY_ZERO_ERROR, msg, sizeof(msg) - 1, 3);
    return PV_THROW;
  }
  ret->value.lval = b == -1 ? 0 : a % b; // PHP_INT_MIN % -1 is 0 in PHP, UB in C++
  ret->type_info = PV_LONG;
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"rem", PV_TEST_SOURCE_SHA256, 2, {PV_LONG, PV_LONG}, PV_KERNEL_PURE, rem_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
