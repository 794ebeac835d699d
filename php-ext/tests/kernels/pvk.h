// pvk.h — small helpers shared by the hand-written ABI-2 test kernels (values in and out of
// pv_value through the host table only, as generated kernels do).
#ifndef POLYVIRT_TEST_PVK_H
#define POLYVIRT_TEST_PVK_H

#include <string>

#include "polyvirt/abi.h"

inline uint8_t pvk_type(const pv_value &v) { return (uint8_t)(v.type_info & 0xff); }

inline void pvk_set_long(pv_value *out, int64_t v) {
  out->value.lval = v;
  out->type_info = PV_LONG;
  out->extra = 0;
}

inline void pvk_set_bool(pv_value *out, bool v) {
  out->value.lval = 0;
  out->type_info = v ? PV_TRUE : PV_FALSE;
  out->extra = 0;
}

// The bytes of a PV_STRING value (copied: borrowed views die with the call).
inline std::string pvk_string(const pv_host *host, const pv_value &v) {
  const char *p;
  size_t n;
  host->string_view(host->ctx, &v, &p, &n);
  return std::string(p, n);
}

inline void pvk_new_string(const pv_host *host, const std::string &s, pv_value *out) {
  host->string_new(host->ctx, s.data(), s.size(), out);
}

#endif
