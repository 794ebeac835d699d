// pushsqval.cc — a kernel for push_sq (same source as pushsq.php) that forgets its first
// parameter is by reference: binding must refuse it, since it would read a zend_reference as
// an array and could never write the caller's variable.
#include "pvk.h"

static uint32_t push_sq_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  pvk_set_long(ret, -1);
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"push_sq", PV_TEST_SOURCE_SHA256, 2, {PV_ARRAY, PV_LONG}, PV_KERNEL_PURE, push_sq_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
