// show.cc — output kernel for show(string): prints "[s]\n" through the host journal (committed
// on PV_OK into whatever output buffer is active) and returns strlen(s).
#include <string>

#include "pvk.h"

static uint32_t show_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  std::string s = pvk_string(host, args[0]);
  std::string line = "[" + s + "]\n";
  host->output(host->ctx, line.data(), line.size());
  pvk_set_long(ret, (int64_t)s.size());
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"show", PV_TEST_SOURCE_SHA256, 1, {PV_STRING}, PV_KERNEL_EFFECTS, show_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
