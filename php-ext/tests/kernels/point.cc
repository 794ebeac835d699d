// point.cc — method kernels for class Point (declared on one line in point.php, so every method's
// source lines are that line): a getter-like sum(), shift() writing a property and returning $this,
// scaled() creating a new Point (object_new + property_set), and the static method twice().
#include "pvk.h"

static bool prop_long(const pv_host *host, const pv_value &obj, const char *name, size_t len, int64_t *out) {
  pv_value v;
  host->property_get(host->ctx, &obj, name, len, &v);
  if (pvk_type(v) != PV_LONG) return false;
  *out = v.value.lval;
  return true;
}

static uint32_t sum_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t x, y, r;
  if (!prop_long(host, args[0], "x", 1, &x) || !prop_long(host, args[0], "y", 1, &y)) return PV_DEOPT;
  if (__builtin_add_overflow(x, y, &r)) return PV_DEOPT;
  pvk_set_long(ret, r);
  return PV_OK;
}

static uint32_t shift_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t x, r;
  if (!prop_long(host, args[0], "x", 1, &x)) return PV_DEOPT;
  if (__builtin_add_overflow(x, args[1].value.lval, &r)) return PV_DEOPT;
  pv_value nv;
  pvk_set_long(&nv, r);
  host->property_set(host->ctx, &args[0], "x", 1, &nv); // commit
  *ret = args[0];
  host->addref(host->ctx, ret); // `return $this;`: the result is owned
  return PV_OK;
}

static uint32_t scaled_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t x, y, k = args[1].value.lval, nx, ny;
  if (!prop_long(host, args[0], "x", 1, &x) || !prop_long(host, args[0], "y", 1, &y)) return PV_DEOPT;
  if (__builtin_mul_overflow(x, k, &nx) || __builtin_mul_overflow(y, k, &ny)) return PV_DEOPT;
  if (!host->class_exists(host->ctx, "point", 5)) return PV_DEOPT;
  pv_value p, v;
  host->object_new(host->ctx, "point", 5, &p); // commit: nothing can fail from here on
  pvk_set_long(&v, nx);
  host->property_set(host->ctx, &p, "x", 1, &v);
  pvk_set_long(&v, ny);
  host->property_set(host->ctx, &p, "y", 1, &v);
  *ret = p;
  return PV_OK;
}

static uint32_t twice_entry(const pv_host *host, const pv_value *args, uint32_t nargs, pv_value *ret) {
  int64_t r;
  if (__builtin_mul_overflow(args[0].value.lval, (int64_t)2, &r)) return PV_DEOPT;
  pvk_set_long(ret, r);
  return PV_OK;
}

static const pv_kernel_desc kKernels[] = {
    {"point::sum", PV_TEST_SOURCE_SHA256, 0, {}, PV_KERNEL_PURE | PV_KERNEL_METHOD, sum_entry, "point"},
    {"point::shift", PV_TEST_SOURCE_SHA256, 1, {PV_LONG}, PV_KERNEL_EFFECTS | PV_KERNEL_METHOD, shift_entry, "point"},
    {"point::scaled", PV_TEST_SOURCE_SHA256, 1, {PV_LONG}, PV_KERNEL_EFFECTS | PV_KERNEL_METHOD, scaled_entry, "point"},
    {"point::twice", PV_TEST_SOURCE_SHA256, 1, {PV_LONG}, PV_KERNEL_PURE, twice_entry, nullptr},
};
static const pv_module_desc kModule = {PV_ABI_VERSION, 80200, 4, kKernels};

extern "C" const pv_module_desc *polyvirt_module_v1(void) { return &kModule; }
