// polyvirt runtime: host values (pv_value through pv_host callbacks) ↔ native values, and the commit of journaled effects.
// Included by runtime.h only. Reads DEOPT when a host value does not fit the native type;
// conversions to the host never DEOPT once check_to_host() accepted the value, so a commit that
// has started always completes.
#ifndef POLYVIRT_MARSHAL_H
#define POLYVIRT_MARSHAL_H

#ifndef POLYVIRT_RUNTIME_H
#error "include polyvirt/runtime.h, not polyvirt/marshal.h"
#endif

namespace pv {

inline uint32_t host_type(const pv_value *v) { return v->type_info & 0xffu; }

// ---- host → native ----
template <class T> struct FromHost;
template <class T> inline T from_host(Ctx &cx, const pv_value *v) { return FromHost<T>::get(cx, v); }

template <> struct FromHost<int64_t> {
  static int64_t get(Ctx &, const pv_value *v) {
    if (PV_UNLIKELY(host_type(v) != PV_LONG)) deopt();
    return v->value.lval;
  }
};
template <> struct FromHost<double> {
  static double get(Ctx &, const pv_value *v) {
    if (PV_UNLIKELY(host_type(v) != PV_DOUBLE)) deopt();
    return v->value.dval;
  }
};
// A float parameter that also accepts ints (PHP widens int → float for `float` declarations).
inline double from_host_widen(Ctx &, const pv_value *v) {
  if (host_type(v) == PV_LONG) return (double)v->value.lval;
  if (PV_UNLIKELY(host_type(v) != PV_DOUBLE)) deopt();
  return v->value.dval;
}
template <> struct FromHost<bool> {
  static bool get(Ctx &, const pv_value *v) {
    uint32_t t = host_type(v);
    if (PV_UNLIKELY(t != PV_TRUE && t != PV_FALSE)) deopt();
    return t == PV_TRUE;
  }
};
template <> struct FromHost<num> {
  static num get(Ctx &, const pv_value *v) {
    if (host_type(v) == PV_LONG) return num::of_int(v->value.lval);
    if (PV_UNLIKELY(host_type(v) != PV_DOUBLE)) deopt();
    return num::of_dbl(v->value.dval);
  }
};
template <> struct FromHost<Str> {
  static Str get(Ctx &cx, const pv_value *v) {
    if (PV_UNLIKELY(host_type(v) != PV_STRING)) deopt();
    const char *bytes;
    size_t len;
    cx.host->string_view(cx.host->ctx, v, &bytes, &len);
    return Str(bytes, len);
  }
};
template <class T> struct FromHost<Array<T>> {
  // Element-wise; references and objects inside DEOPT. PHP's next free key of the host array is
  // not visible through the ABI, so appending to the result DEOPTs (NEXT_FREE_UNKNOWN).
  static Array<T> get(Ctx &cx, const pv_value *v) {
    if (PV_UNLIKELY(host_type(v) != PV_ARRAY)) deopt();
    Array<T> a;
    uint32_t pos = 0;
    pv_value key, val;
    while (cx.host->array_next(cx.host->ctx, v, &pos, &key, &val)) {
      T x = from_host<T>(cx, &val);
      if (host_type(&key) == PV_LONG) {
        a.set(key.value.lval, std::move(x));
      } else {
        const char *bytes;
        size_t len;
        cx.host->string_view(cx.host->ctx, &key, &bytes, &len);
        // Host string keys are never integer-like (PHP normalized them), so no re-normalization.
        a.set(Key{true, 0, Str(bytes, len)}, std::move(x));
      }
    }
    a.set_next_free(NEXT_FREE_UNKNOWN);
    return a;
  }
};
template <> struct FromHost<Val> {
  static Val get(Ctx &cx, const pv_value *v) {
    switch (host_type(v)) {
      case PV_NULL: return Val();
      case PV_FALSE: return Val(false);
      case PV_TRUE: return Val(true);
      case PV_LONG: return Val((int64_t)v->value.lval);
      case PV_DOUBLE: return Val(v->value.dval);
      case PV_STRING: return Val(from_host<Str>(cx, v));
      case PV_ARRAY: return Val(from_host<Array<Val>>(cx, v));
      default: deopt();  // UNDEF, objects, references
    }
  }
};

// ---- native → host ----
// Whether to_host can represent v exactly: an array whose next free key differs from what the
// host will compute when rebuilding it (max int key + 1) cannot be handed back.
inline bool host_representable(int64_t) { return true; }
inline bool host_representable(double) { return true; }
inline bool host_representable(bool) { return true; }
inline bool host_representable(num) { return true; }
inline bool host_representable(const Str &) { return true; }
inline bool host_representable(const Val &v);
template <class T> inline bool host_representable(const Array<T> &a) {
  int64_t expect = INT64_MIN;
  for (auto it = a.iter(); it.valid(); it.next()) {
    if (!it.key_is_str() && (expect == INT64_MIN || it.key_int() >= expect)) expect = it.key_int() == INT64_MAX ? INT64_MAX : it.key_int() + 1;
    if (!host_representable(it.value())) return false;
  }
  return a.next_free() == expect;
}
inline bool host_representable(const Val &v) { return !v.is_array() || host_representable(v.a()); }
// Call before the commit starts: afterwards to_host cannot fail.
template <class T> inline void check_to_host(const T &v) {
  if (PV_UNLIKELY(!host_representable(v))) deopt();
}

inline void to_host(Ctx &, int64_t v, pv_value *out) { put_i(out, v); }
inline void to_host(Ctx &, double v, pv_value *out) { put_d(out, v); }
inline void to_host(Ctx &, bool v, pv_value *out) { put_b(out, v); }
inline void to_host(Ctx &, num v, pv_value *out) { put_n(out, v); }
inline void to_host(Ctx &cx, const Str &s, pv_value *out) { cx.host->string_new(cx.host->ctx, s.data(), s.size(), out); }
inline void to_host(Ctx &cx, const Val &v, pv_value *out);
template <class T> inline void to_host(Ctx &cx, const Array<T> &a, pv_value *out) {
  cx.host->array_new(cx.host->ctx, (uint32_t)a.count(), out);
  for (auto it = a.iter(); it.valid(); it.next()) {
    pv_value x;
    to_host(cx, it.value(), &x);
    if (it.key_is_str())
      cx.host->array_set_str(cx.host->ctx, out, it.key_str().data(), it.key_str().size(), &x);
    else
      cx.host->array_set_int(cx.host->ctx, out, it.key_int(), &x);
  }
}
inline void to_host(Ctx &cx, const Val &v, pv_value *out) {
  switch (v.tag()) {
    case Val::NUL: put_null(out); break;
    case Val::BOOL: put_b(out, v.b()); break;
    case Val::INT: put_i(out, v.i()); break;
    case Val::DBL: put_d(out, v.d()); break;
    case Val::STR: to_host(cx, v.s(), out); break;
    default: to_host(cx, v.a(), out); break;
  }
}

// ---- the world outside the call ----
// A global read; an unset global makes PHP warn "Undefined global variable": DEOPT.
template <class T> inline T global_get(Ctx &cx, const char *name, size_t len) {
  pv_value v;
  cx.host->global_get(cx.host->ctx, name, len, &v);
  if (PV_UNLIKELY(host_type(&v) == PV_UNDEF)) deopt();
  return from_host<T>(cx, &v);
}
// A constant; undefined ones throw Error in PHP 8: DEOPT.
template <class T> inline T constant_get(Ctx &cx, const char *name, size_t len) {
  pv_value v;
  cx.host->constant_get(cx.host->ctx, name, len, &v);
  if (PV_UNLIKELY(host_type(&v) == PV_UNDEF)) deopt();
  return from_host<T>(cx, &v);
}
// A static variable (null until first assigned: read it as Val, or as T when a guard suffices).
template <class T> inline T static_get(Ctx &cx, const char *fn, size_t fn_len, const char *name, size_t len) {
  pv_value v;
  cx.host->static_get(cx.host->ctx, fn, fn_len, name, len, &v);
  return from_host<T>(cx, &v);
}
// Commit steps (after check_to_host of every value to commit): they never DEOPT.
template <class T> inline void global_set(Ctx &cx, const char *name, size_t len, const T &v) {
  pv_value x;
  to_host(cx, v, &x);
  cx.host->global_set(cx.host->ctx, name, len, &x);
}
template <class T> inline void static_set(Ctx &cx, const char *fn, size_t fn_len, const char *name, size_t len, const T &v) {
  pv_value x;
  to_host(cx, v, &x);
  cx.host->static_set(cx.host->ctx, fn, fn_len, name, len, &x);
}
template <class T> inline void arg_set(Ctx &cx, uint32_t index, const T &v) {
  pv_value x;
  to_host(cx, v, &x);
  cx.host->arg_set(cx.host->ctx, index, &x);
}

} // namespace pv

#endif
