// boom.cc — a broken effects kernel: it raises an exception and returns PV_THROW, which ABI 2
// forbids for PV_KERNEL_EFFECTS kernels. The host must drop the exception and its journal, run
// PHP instead, and report the violation.
#include <cstring>

#include "pvk.h"

static uint32_t boom_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  host->output(host->ctx, "journaled\n", 10);
  const char *msg = "kernel exception";
  host->throw_error(host->ctx, PV_ERR_ERROR, msg, std::strlen(msg), 3);
  return PV_THROW;
}

static const pv_kernel_desc kKernels[] = {
    {"boom", PV_TEST_SOURCE_SHA256, 1, {PV_LONG}, PV_KERNEL_EFFECTS, boom_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
