// polyvirt runtime: pv::Val, a tagged PHP value (null, bool, int, float, string, array) with PHP 8.2's dynamic operators and conversions.
// Included by runtime.h only. Every operation PHP answers with a warning, a deprecation or an
// exception DEOPTs instead.
#ifndef POLYVIRT_VAL_H
#define POLYVIRT_VAL_H

#ifndef POLYVIRT_RUNTIME_H
#error "include polyvirt/runtime.h, not polyvirt/val.h"
#endif

#include <type_traits>

namespace pv {

struct Val {
  enum Tag : uint8_t { NUL = 0, BOOL, INT, DBL, STR, ARR };

  Val() : tag_(NUL) { u_.i = 0; }
  static Val null() { return Val(); }
  Val(bool b) : tag_(BOOL) { u_.i = b ? 1 : 0; }
  Val(int64_t i) : tag_(INT) { u_.i = i; }
  Val(int i) : tag_(INT) { u_.i = i; }
  Val(double d) : tag_(DBL) { u_.d = d; }
  Val(num n) : tag_(n.is_int ? INT : DBL) {
    if (n.is_int)
      u_.i = n.i;
    else
      u_.d = n.d;
  }
  // Strings live in a StrBox (array.h): copying a Val holding a string is a refcount bump.
  Val(const Str &s) : tag_(STR) { u_.s = new StrBox(s); }
  Val(Str &&s) : tag_(STR) { u_.s = new StrBox(std::move(s)); }
  // A string Val sharing an existing box (an array's string key).
  static Val of_box(const StrBox *b) {
    Val v;
    v.tag_ = STR;
    v.u_.s = const_cast<StrBox *>(b);
    ++v.u_.s->rc;
    return v;
  }
  // Without it a string literal would convert to bool.
  Val(const char *s) : Val(Str(s)) {}
  Val(const Array<Val> &a) : tag_(ARR) { new (&u_.a) Array<Val>(a); }
  Val(Array<Val> &&a) : tag_(ARR) { new (&u_.a) Array<Val>(std::move(a)); }
  Val(const Val &o) : tag_(o.tag_) { copy_from(o); }
  Val(Val &&o) noexcept : tag_(o.tag_) {
    if (tag_ == ARR) {
      new (&u_.a) Array<Val>(std::move(o.u_.a));
      o.u_.a.~Array<Val>();
    } else {
      u_.i = o.u_.i;
    }
    o.tag_ = NUL;
    o.u_.i = 0;
  }
  Val &operator=(const Val &o) {
    // Scalars on both sides (the hot case: $x = $a[$i] over numbers): no refcount to touch.
    if (PV_LIKELY(tag_ < STR && o.tag_ < STR)) {
      u_.i = o.u_.i;
      tag_ = o.tag_;
      return *this;
    }
    if (this != &o) {
      Val tmp(o);
      *this = std::move(tmp);
    }
    return *this;
  }
  Val &operator=(Val &&o) noexcept {
    if (this != &o) {
      destroy();
      new (this) Val(std::move(o));
    }
    return *this;
  }
  ~Val() { destroy(); }

  Tag tag() const { return tag_; }
  bool is_null() const { return tag_ == NUL; }
  bool is_bool() const { return tag_ == BOOL; }
  bool is_int() const { return tag_ == INT; }
  bool is_double() const { return tag_ == DBL; }
  bool is_str() const { return tag_ == STR; }
  bool is_array() const { return tag_ == ARR; }
  // Unchecked payloads (callers test the tag first).
  bool b() const { return u_.i != 0; }
  int64_t i() const { return u_.i; }
  double d() const { return u_.d; }
  const Str &s() const { return u_.s->s; }
  const StrBox *box() const { return u_.s; }
  const Array<Val> &a() const { return u_.a; }
  // For in-place array writes on a Val holding an array ($v[k] = x where $v is dynamic).
  Array<Val> &a_mut() { return u_.a; }

 private:
  void copy_from(const Val &o) {
    if (tag_ == ARR) {
      new (&u_.a) Array<Val>(o.u_.a);
    } else {
      u_.i = o.u_.i;
      if (tag_ == STR) ++u_.s->rc;
    }
  }
  void destroy() {
    if (tag_ == STR) {
      if (--u_.s->rc == 0) delete u_.s;
    } else if (tag_ == ARR) {
      u_.a.~Array<Val>();
    }
    tag_ = NUL;
  }
  union U {
    int64_t i;
    double d;
    StrBox *s;
    Array<Val> a;
    U() : i(0) {}
    ~U() {}
  } u_;
  Tag tag_;
};
static_assert(sizeof(Val) == 16, "pv::Val is 16 bytes");

template <> inline bool is_null_elem<Val>(const Val &v) { return v.is_null(); }

// ---- keys ----
// null → "", bool → 0/1, float truncates (fractional → DEOPT), array → TypeError (DEOPT).
inline Key key_of(const Val &v) {
  switch (v.tag()) {
    case Val::NUL: return Key{true, 0, Str()};
    case Val::BOOL: return key_of(v.b());
    case Val::INT: return key_of(v.i());
    case Val::DBL: return key_of(v.d());
    case Val::STR: return key_of(v.s());
    default: deopt();
  }
}
inline Val key_to_val(const Key &k) { return k.is_str ? Val(k.s) : Val(k.i); }

// Array access with a Val key: ints and strings go straight to their slots (a string's box
// carries its cached hash); null, bool and float keys are normalized through key_of.
template <class T> inline const T *Array<T>::find(const Val &k) const {
  if (k.is_int()) return find(k.i());
  if (k.is_str()) return find_box(k.box());
  return find(key_of(k));
}
template <class T> inline void Array<T>::set(const Val &k, T v) {
  if (k.is_int()) return set(k.i(), std::move(v));
  if (k.is_str()) return set_box(k.box(), std::move(v));
  set(key_of(k), std::move(v));
}
template <class T> inline T &Array<T>::at_mut(const Val &k) {
  if (k.is_int()) return at_mut(k.i());
  if (k.is_str()) return at_mut_box(k.box());
  return at_mut(key_of(k));
}
template <class T> inline T &Array<T>::lval_mut(const Val &k) {
  if (k.is_int()) return lval_mut(k.i());
  if (k.is_str()) return lval_mut_box(k.box());
  return lval_mut(key_of(k));
}
template <class T> inline void Array<T>::unset(const Val &k) {
  if (k.is_int()) return unset(k.i());
  if (k.is_str()) return unset_box(k.box());
  unset(key_of(k));
}

// ---- conversions ----
// String conversion: arrays warn "Array to string conversion".
inline Str str_of(const Val &v) {
  switch (v.tag()) {
    case Val::NUL: return Str();
    case Val::BOOL: return str_of(v.b());
    case Val::INT: return str_of(v.i());
    case Val::DBL: return str_of(v.d());
    case Val::STR: return v.s();
    default: deopt();
  }
}
inline bool truthy(const Val &v) {
  switch (v.tag()) {
    case Val::NUL: return false;
    case Val::BOOL: return v.b();
    case Val::INT: return v.i() != 0;
    case Val::DBL: return v.d() != 0.0;
    case Val::STR: return truthy(v.s());
    default: return v.a().count() != 0;
  }
}
// A Val as an arithmetic operand: null/bool silently, numeric strings exactly; non-numeric and
// leading-numeric strings and arrays make PHP throw or warn.
inline num to_num_exact(const Val &v) {
  switch (v.tag()) {
    case Val::NUL: return num::of_int(0);
    case Val::BOOL: return num::of_int(v.b() ? 1 : 0);
    case Val::INT: return num::of_int(v.i());
    case Val::DBL: return num::of_dbl(v.d());
    case Val::STR: return to_num_exact(v.s());
    default: deopt();
  }
}
inline int64_t to_int_exact(const Val &v) { return num_to_int_exact(to_num_exact(v)); }
inline double to_double_exact(const Val &v) { return to_num_exact(v).as_double(); }
// (int) / intval(): never warns.
inline int64_t to_int_cast(const Val &v) {
  switch (v.tag()) {
    case Val::NUL: return 0;
    case Val::BOOL: return v.b() ? 1 : 0;
    case Val::INT: return v.i();
    case Val::DBL: return dval_to_lval(v.d());
    case Val::STR: return to_int_cast(v.s());
    default: return v.a().count() ? 1 : 0;
  }
}
// (float) / floatval(): never warns.
inline double to_double_cast(const Val &v) {
  switch (v.tag()) {
    case Val::NUL: return 0.0;
    case Val::BOOL: return v.b() ? 1.0 : 0.0;
    case Val::INT: return (double)v.i();
    case Val::DBL: return v.d();
    case Val::STR: return to_double_cast(v.s());
    default: return v.a().count() ? 1.0 : 0.0;
  }
}
inline double to_double(const Val &v) { return to_double_exact(v); }

// ---- typed extraction with a guard (DEOPT when the value is not of that type) ----
inline int64_t as_int(const Val &v) {
  if (PV_UNLIKELY(!v.is_int())) deopt();
  return v.i();
}
inline double as_double(const Val &v) {
  if (PV_UNLIKELY(!v.is_double())) deopt();
  return v.d();
}
inline bool as_bool(const Val &v) {
  if (PV_UNLIKELY(!v.is_bool())) deopt();
  return v.b();
}
inline const Str &as_str(const Val &v) {
  if (PV_UNLIKELY(!v.is_str())) deopt();
  return v.s();
}
inline num as_num(const Val &v) {
  if (v.is_int()) return num::of_int(v.i());
  if (PV_UNLIKELY(!v.is_double())) deopt();
  return num::of_dbl(v.d());
}

// Element conversion between typed arrays and Val arrays, in both directions.
template <class T> struct ValConv;
template <> struct ValConv<int64_t> {
  static int64_t from(const Val &v) { return as_int(v); }
  static Val to(int64_t x) { return Val(x); }
};
template <> struct ValConv<double> {
  static double from(const Val &v) { return as_double(v); }
  static Val to(double x) { return Val(x); }
};
template <> struct ValConv<bool> {
  static bool from(const Val &v) { return as_bool(v); }
  static Val to(bool x) { return Val(x); }
};
template <> struct ValConv<Str> {
  static Str from(const Val &v) { return as_str(v); }
  static Val to(const Str &x) { return Val(x); }
};
template <> struct ValConv<num> {
  static num from(const Val &v) { return as_num(v); }
  static Val to(num x) { return Val(x); }
};
template <> struct ValConv<Val> {
  static const Val &from(const Val &v) { return v; }
  static const Val &to(const Val &x) { return x; }
};
template <class U> struct ValConv<Array<U>>;

// Rebuilds an array with converted elements, keeping keys, order and the next free key.
template <class D, class S, class F> inline Array<D> map_array(const Array<S> &a, F f) {
  Array<D> out;
  if (const Vec<S> *pv = a.packed_values()) {
    Vec<D> vals;
    vals.reserve(pv->size());
    for (const auto &x : *pv) vals.push_back(f(Slot<S>::ref(x)));
    out = Array<D>::packed_of(std::move(vals));
  } else {
    for (auto it = a.iter(); it.valid(); it.next()) {
      if (it.key_is_str())
        out.set(it.key_str(), f(it.value()));
      else
        out.set(it.key_int(), f(it.value()));
    }
  }
  if (a.count() > 0 || a.next_free() != INT64_MIN) out.set_next_free(a.next_free());
  return out;
}
template <class T> inline Array<Val> to_val(const Array<T> &a) {
  return map_array<Val>(a, [](const T &x) { return ValConv<T>::to(x); });
}
inline const Array<Val> &to_val(const Array<Val> &a) { return a; }
template <class T> inline Array<T> as_array(const Val &v) {
  if (PV_UNLIKELY(!v.is_array())) deopt();
  return map_array<T>(v.a(), [](const Val &x) { return ValConv<T>::from(x); });
}
template <> inline Array<Val> as_array<Val>(const Val &v) {
  if (PV_UNLIKELY(!v.is_array())) deopt();
  return v.a();
}
template <class U> struct ValConv<Array<U>> {
  static Array<U> from(const Val &v) { return as_array<U>(v); }
  static Val to(const Array<U> &x) { return Val(to_val(x)); }
};
template <class T> inline Val to_val(const T &x) { return ValConv<T>::to(x); }

// ---- comparison (zend_compare, PHP 8) ----
// int/float vs string: numeric strings compare as numbers, others as the number's string form.
inline int64_t cmp_long_str(int64_t l, const Str &s) {
  int64_t i;
  double d;
  bool is_int;
  if (numeric_prefix(s, &i, &d, &is_int) == NUMERIC) return is_int ? cmp_i(l, i) : cmp_d((double)l, d);
  return byte_cmp(str_of(l), s);
}
inline int64_t cmp_double_str(double l, const Str &s) {
  if (std::isnan(l)) return 1;
  int64_t i;
  double d;
  bool is_int;
  if (numeric_prefix(s, &i, &d, &is_int) == NUMERIC) return cmp_d(l, is_int ? (double)i : d);
  return byte_cmp(str_of(l), s);
}
inline int64_t cmp(const Val &a, const Val &b);
// Arrays: fewer elements is smaller; then each key of a in b (a missing key: uncomparable, 1).
inline int64_t cmp_arrays(const Array<Val> &a, const Array<Val> &b) {
  if (a.same_body(b)) return 0;
  if (a.count() != b.count()) return a.count() > b.count() ? 1 : -1;
  for (auto it = a.iter(); it.valid(); it.next()) {
    const Val *o = it.key_is_str() ? b.find(Key{true, 0, it.key_str()}) : b.find(it.key_int());
    if (!o) return 1;
    int64_t c = cmp(it.value(), *o);
    if (c != 0) return c;
  }
  return 0;
}
[[gnu::noinline, maybe_unused]] static int64_t cmp_slow(const Val &a, const Val &b);
// Numbers of the same kind inline (comparisons in sort loops); the rest out of line.
inline int64_t cmp(const Val &a, const Val &b) {
  if (PV_LIKELY(a.tag() == b.tag())) {
    if (a.is_double()) return cmp_d(a.d(), b.d());
    if (a.is_int()) return cmp_i(a.i(), b.i());
  }
  return cmp_slow(a, b);
}
[[gnu::noinline, maybe_unused]] static int64_t cmp_slow(const Val &a, const Val &b) {
  using T = Val::Tag;
  T ta = a.tag(), tb = b.tag();
  switch (ta * 8 + tb) {
    case T::INT * 8 + T::INT: return cmp_i(a.i(), b.i());
    case T::INT * 8 + T::DBL: return cmp_d((double)a.i(), b.d());
    case T::DBL * 8 + T::INT: return cmp_d(a.d(), (double)b.i());
    case T::DBL * 8 + T::DBL: return cmp_d(a.d(), b.d());
    case T::ARR * 8 + T::ARR: return cmp_arrays(a.a(), b.a());
    case T::NUL * 8 + T::NUL: return 0;
    case T::STR * 8 + T::STR: return cmp(a.s(), b.s());
    case T::NUL * 8 + T::STR: return b.s().empty() ? 0 : -1;
    case T::STR * 8 + T::NUL: return a.s().empty() ? 0 : 1;
    case T::INT * 8 + T::STR: return cmp_long_str(a.i(), b.s());
    case T::STR * 8 + T::INT: return -cmp_long_str(b.i(), a.s());
    case T::DBL * 8 + T::STR: return cmp_double_str(a.d(), b.s());
    case T::STR * 8 + T::DBL: return std::isnan(b.d()) ? 1 : -cmp_double_str(b.d(), a.s());
    default: break;
  }
  // null and bool against anything: compare truthiness; then arrays are greater than scalars.
  if (ta == T::NUL || (ta == T::BOOL && !a.b())) return truthy(b) ? -1 : 0;
  if (ta == T::BOOL) return truthy(b) ? 0 : 1;
  if (tb == T::NUL || (tb == T::BOOL && !b.b())) return truthy(a) ? 1 : 0;
  if (tb == T::BOOL) return truthy(a) ? 0 : -1;
  if (ta == T::ARR) return 1;
  return -1;
}
// `==`: zend_compare == 0, except string == string (zendi_smart_str_equals) and arrays
// (zend_hash_compare: keys matched regardless of order, values with ==).
inline bool loose_eq(const Val &a, const Val &b) {
  if (a.is_str() && b.is_str()) return loose_eq(a.s(), b.s());
  if (a.is_array() && b.is_array()) {
    if (a.a().count() != b.a().count()) return false;
    for (auto it = a.a().iter(); it.valid(); it.next()) {
      const Val *o = it.key_is_str() ? b.a().find(Key{true, 0, it.key_str()}) : b.a().find(it.key_int());
      if (!o || !loose_eq(it.value(), *o)) return false;
    }
    return true;
  }
  return cmp(a, b) == 0;
}
// PHP compiles `a > b` as `b < a` (and >= as <=): it matters for NAN and uncomparable arrays.
inline bool lt(const Val &a, const Val &b) { return cmp(a, b) < 0; }
inline bool le(const Val &a, const Val &b) { return cmp(a, b) <= 0; }
inline bool gt(const Val &a, const Val &b) { return cmp(b, a) < 0; }
inline bool ge(const Val &a, const Val &b) { return cmp(b, a) <= 0; }
// `===`: same type and value; arrays: same keys in the same order with identical values.
inline bool identical(const Val &a, const Val &b) {
  if (a.tag() != b.tag()) return false;
  switch (a.tag()) {
    case Val::NUL: return true;
    case Val::BOOL: return a.b() == b.b();
    case Val::INT: return a.i() == b.i();
    case Val::DBL: return a.d() == b.d();
    case Val::STR: return a.s() == b.s();
    default: break;
  }
  const Array<Val> &x = a.a(), &y = b.a();
  if (x.same_body(y)) return true;
  if (x.count() != y.count()) return false;
  auto i = x.iter(), j = y.iter();
  for (; i.valid(); i.next(), j.next()) {
    if (i.key_is_str() != j.key_is_str()) return false;
    if (i.key_is_str() ? i.key_str() != j.key_str() : i.key_int() != j.key_int()) return false;
    if (!identical(i.value(), j.value())) return false;
  }
  return true;
}

// ---- arithmetic ----
// Integer overflow turns the result into a float here (the result type is dynamic anyway).
[[gnu::noinline, maybe_unused]] static Val add_slow(const Val &a, const Val &b);
// int∘int and float∘float inline; mixed, string, null/bool and array operands out of line.
inline Val add(const Val &a, const Val &b) {
  if (PV_LIKELY(a.is_int() && b.is_int())) {
    int64_t r;
    if (PV_UNLIKELY(__builtin_add_overflow(a.i(), b.i(), &r))) return Val((double)a.i() + (double)b.i());
    return Val(r);
  }
  if (a.is_double() && b.is_double()) return Val(a.d() + b.d());
  return add_slow(a, b);
}
[[gnu::noinline, maybe_unused]] static Val add_slow(const Val &a, const Val &b) {
  if (a.is_array() && b.is_array()) {
    // Array union: keys of b missing from a are appended, in b's order.
    Array<Val> r = a.a();
    for (auto it = b.a().iter(); it.valid(); it.next()) {
      if (it.key_is_str()) {
        if (!r.exists(Key{true, 0, it.key_str()})) r.set(it.key_str(), it.value());
      } else if (!r.exists(it.key_int())) {
        r.set(it.key_int(), it.value());
      }
    }
    return Val(std::move(r));
  }
  num x = to_num_exact(a), y = to_num_exact(b);
  if (x.is_int && y.is_int) return add(Val(x.i), Val(y.i));
  return Val(x.as_double() + y.as_double());
}
[[gnu::noinline, maybe_unused]] static Val sub_slow(const Val &a, const Val &b);
inline Val sub(const Val &a, const Val &b) {
  if (PV_LIKELY(a.is_int() && b.is_int())) {
    int64_t r;
    if (PV_UNLIKELY(__builtin_sub_overflow(a.i(), b.i(), &r))) return Val((double)a.i() - (double)b.i());
    return Val(r);
  }
  if (a.is_double() && b.is_double()) return Val(a.d() - b.d());
  return sub_slow(a, b);
}
[[gnu::noinline, maybe_unused]] static Val sub_slow(const Val &a, const Val &b) {
  num x = to_num_exact(a), y = to_num_exact(b);
  if (x.is_int && y.is_int) {
    int64_t r;
    if (__builtin_sub_overflow(x.i, y.i, &r)) return Val((double)x.i - (double)y.i);
    return Val(r);
  }
  return Val(x.as_double() - y.as_double());
}
[[gnu::noinline, maybe_unused]] static Val mul_slow(const Val &a, const Val &b);
inline Val mul(const Val &a, const Val &b) {
  if (PV_LIKELY(a.is_int() && b.is_int())) {
    int64_t r;
    if (PV_UNLIKELY(__builtin_mul_overflow(a.i(), b.i(), &r))) return Val((double)a.i() * (double)b.i());
    return Val(r);
  }
  if (a.is_double() && b.is_double()) return Val(a.d() * b.d());
  return mul_slow(a, b);
}
[[gnu::noinline, maybe_unused]] static Val mul_slow(const Val &a, const Val &b) {
  num x = to_num_exact(a), y = to_num_exact(b);
  if (x.is_int && y.is_int) {
    int64_t r;
    if (__builtin_mul_overflow(x.i, y.i, &r)) return Val((double)x.i * (double)y.i);
    return Val(r);
  }
  return Val(x.as_double() * y.as_double());
}
inline Val div(const Val &a, const Val &b) {
  if (PV_LIKELY(a.is_int() && b.is_int())) return Val(div_i(a.i(), b.i()));
  if (a.is_double() && b.is_double()) return Val(div_d(a.d(), b.d()));
  return Val(div_n(to_num_exact(a), to_num_exact(b)));
}
inline Val mod(const Val &a, const Val &b) {
  if (PV_LIKELY(a.is_int() && b.is_int())) return Val(mod_i(a.i(), b.i()));
  return Val(mod_i(to_int_exact(a), to_int_exact(b)));
}
inline Val pow(const Val &a, const Val &b) { return Val(pow_n(to_num_exact(a), to_num_exact(b))); }
// -x is x * -1 in PHP.
inline Val neg(const Val &a) { return mul(a, Val((int64_t)-1)); }
inline Val concat(const Val &a, const Val &b) { return Val(str_of(a) + str_of(b)); }

// gettype-style checks.
inline bool is_null(const Val &v) { return v.is_null(); }
inline bool is_bool(const Val &v) { return v.is_bool(); }
inline bool is_int(const Val &v) { return v.is_int(); }
inline bool is_float(const Val &v) { return v.is_double(); }
inline bool is_string(const Val &v) { return v.is_str(); }
inline bool is_array(const Val &v) { return v.is_array(); }
inline bool is_numeric(const Val &v) {
  if (v.is_int() || v.is_double()) return true;
  if (!v.is_str()) return false;
  int64_t i;
  double d;
  bool is_int_;
  return numeric_str(v.s(), &i, &d, &is_int_);
}

inline void echo(Ctx &cx, const Val &v) { cx.out += str_of(v); }

} // namespace pv

#endif
