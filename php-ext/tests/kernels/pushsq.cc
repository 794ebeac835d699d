// pushsq.cc — by-reference kernel for push_sq(array &$a, int $n): appends n*n to the caller's
// array (at PHP's next free key) through host->arg_set. Int keys and int elements only; anything
// else DEOPTs.
#include <cstdint>

#include "pvk.h"

static uint32_t push_sq_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t n = args[1].value.lval, sq;
  if (__builtin_mul_overflow(n, n, &sq)) return PV_DEOPT;
  // `$a[] =` takes PHP's next free key, which unset() never lowers: not always the count.
  int64_t next = host->array_next_free(host->ctx, &args[0]);
  if (next == INT64_MIN) next = 0;  // no int key ever
  if (next == INT64_MAX) return PV_DEOPT; // PHP warns: the next element is already occupied
  pv_value arr, key, val;
  host->array_new(host->ctx, host->array_count(host->ctx, &args[0]) + 1, &arr);
  uint32_t pos = 0;
  int64_t count = 0;
  while (host->array_next(host->ctx, &args[0], &pos, &key, &val)) {
    if (pvk_type(key) != PV_LONG || pvk_type(val) != PV_LONG) {
      host->release(host->ctx, &arr);
      return PV_DEOPT;
    }
    host->array_set_int(host->ctx, &arr, key.value.lval, &val); // an int: nothing to take over
    ++count;
  }
  pvk_set_long(&val, sq);
  host->array_set_int(host->ctx, &arr, next, &val); // the new array's next free key is next + 1
  host->arg_set(host->ctx, 0, &arr); // commit: nothing can fail from here on
  pvk_set_long(ret, count + 1);
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"push_sq", PV_TEST_SOURCE_SHA256, 2, {PV_ARRAY | PV_GUARD_BYREF, PV_LONG}, PV_KERNEL_EFFECTS, push_sq_entry},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 1, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
