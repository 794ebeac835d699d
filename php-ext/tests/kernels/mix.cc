// mix.cc — test kernel for mix(float, float): IEEE arithmetic exactly as PHP does it (no FMA).
#include "polyvirt/abi.h"

static uint32_t mix_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  ret->value.dval = args[0].value.dval * 0.5 + args[1].value.dval / 3.0;
  ret->type_info = PV_DOUBLE;
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"mix", PV_TEST_SOURCE_SHA256, 2, {PV_DOUBLE, PV_DOUBLE}, PV_KERNEL_PURE, mix_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
