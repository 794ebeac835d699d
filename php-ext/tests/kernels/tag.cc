// tag.cc — string kernel for tag(string, string): strlen and concatenation, an owned string result.
#include <string>

#include "pvk.h"

static uint32_t tag_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  std::string a = pvk_string(host, args[0]), b = pvk_string(host, args[1]);
  pvk_new_string(host, std::to_string(a.size()) + ":" + a + b, ret);
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"tag", PV_TEST_SOURCE_SHA256, 2, {PV_STRING, PV_STRING}, PV_KERNEL_PURE, tag_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
