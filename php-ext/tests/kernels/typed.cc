// typed.cc — method kernel for Typed::setn(string $v) writing the typed property `int $n`: the
// host assigns like `$this->n = $v` in the class, so "5" is coerced and "abc" raises TypeError
// (pending after PV_OK: the call then fails as PHP's assignment does).
#include "pvk.h"

static uint32_t setn_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  pv_value v;
  pvk_new_string(host, pvk_string(host, args[1]), &v);
  host->property_set(host->ctx, &args[0], "n", 1, &v); // commit
  pvk_set_long(ret, 1);
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"typed::setn", PV_TEST_SOURCE_SHA256, 1, {PV_STRING}, PV_KERNEL_EFFECTS | PV_KERNEL_METHOD, setn_entry, "typed"},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
