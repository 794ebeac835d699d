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
// Whether the host passes arrays' next free key both ways (a host built against an older pv_host
// layout is shorter: `size` says which callbacks exist).
inline bool host_has_next_free(const pv_host *h) {
  return h->size >= offsetof(pv_host, array_set_next_free) + sizeof(h->array_set_next_free) && h->array_next_free && h->array_set_next_free;
}

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
  // Element-wise; references and objects inside DEOPT. The host array's next free key comes from
  // host->array_next_free; a host without it leaves it unknown, and appending then DEOPTs.
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
    a.set_next_free(host_has_next_free(cx.host) ? cx.host->array_next_free(cx.host->ctx, v) : NEXT_FREE_UNKNOWN);
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
// The next free key a host computes when it rebuilds the array from its keys (max int key + 1).
template <class T> inline int64_t natural_next_free(const Array<T> &a) {
  int64_t expect = INT64_MIN;
  for (auto it = a.iter(); it.valid(); it.next())
    if (!it.key_is_str() && (expect == INT64_MIN || it.key_int() >= expect)) expect = it.key_int() == INT64_MAX ? INT64_MAX : it.key_int() + 1;
  return expect;
}
// Whether to_host can represent v exactly. An array's next free key can be handed over when the
// host takes it (set_nf: host_has_next_free) and it is known; otherwise it must be the one the
// host computes by itself.
inline bool host_representable(int64_t) { return true; }
inline bool host_representable(double) { return true; }
inline bool host_representable(bool) { return true; }
inline bool host_representable(num) { return true; }
inline bool host_representable(const Str &) { return true; }
// Other element kinds (obj.h's handles) answer through their own host_representable.
template <class X> inline bool representable_to(const X &x, bool) { return host_representable(x); }
inline bool representable_to(const Val &v, bool set_nf);
template <class T> inline bool representable_to(const Array<T> &a, bool set_nf) {
  for (auto it = a.iter(); it.valid(); it.next())
    if (!representable_to(it.value(), set_nf)) return false;
  int64_t nf = a.next_free();
  return (set_nf && nf != NEXT_FREE_UNKNOWN) || nf == natural_next_free(a);
}
inline bool representable_to(const Val &v, bool set_nf) { return !v.is_array() || representable_to(v.a(), set_nf); }
inline bool host_representable(const Val &v) { return representable_to(v, false); }
template <class T> inline bool host_representable(const Array<T> &a) { return representable_to(a, false); }
// Call before the commit starts: afterwards to_host cannot fail. Without the Ctx, conservatively
// as for a host that cannot take next free keys.
template <class T> inline void check_to_host(const T &v) {
  if (PV_UNLIKELY(!host_representable(v))) deopt();
}
template <class T> inline void check_to_host(Ctx &cx, const T &v) {
  if (PV_UNLIKELY(!representable_to(v, host_has_next_free(cx.host)))) deopt();
}

inline void to_host(Ctx &, int64_t v, pv_value *out) { put_i(out, v); }
inline void to_host(Ctx &, double v, pv_value *out) { put_d(out, v); }
inline void to_host(Ctx &, bool v, pv_value *out) { put_b(out, v); }
inline void to_host(Ctx &, num v, pv_value *out) { put_n(out, v); }
inline void to_host(Ctx &cx, const Str &s, pv_value *out) { cx.host->string_new(cx.host->ctx, s.data(), s.size(), out); }
inline void to_host(Ctx &cx, const Val &v, pv_value *out);
template <class T> inline void to_host(Ctx &cx, const Array<T> &a, pv_value *out) {
  cx.host->array_new(cx.host->ctx, (uint32_t)a.count(), out);
  int64_t natural = INT64_MIN;
  for (auto it = a.iter(); it.valid(); it.next()) {
    pv_value x;
    to_host(cx, it.value(), &x);
    if (it.key_is_str()) {
      cx.host->array_set_str(cx.host->ctx, out, it.key_str().data(), it.key_str().size(), &x);
    } else {
      int64_t k = it.key_int();
      if (natural == INT64_MIN || k >= natural) natural = k == INT64_MAX ? INT64_MAX : k + 1;
      cx.host->array_set_int(cx.host->ctx, out, k, &x);
    }
  }
  // `$a[] = …` in PHP afterwards must use the same key as it would have natively.
  int64_t nf = a.next_free();
  if (nf != natural && nf != NEXT_FREE_UNKNOWN && host_has_next_free(cx.host)) cx.host->array_set_next_free(cx.host->ctx, out, nf);
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
