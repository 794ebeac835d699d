// polyvirt runtime, version 1: header-only helpers generated kernels use to compute exactly what PHP 8.2 computes.
// No Zend headers. Every helper that PHP would answer with a float overflow, an exception or a
// diagnostic instead sets ctx.deopt: the kernel then returns PV_DEOPT and PHP re-runs the original.
#ifndef POLYVIRT_RUNTIME_H
#define POLYVIRT_RUNTIME_H

#include "abi.h"

#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define PV_RUNTIME_VERSION 1u
#define PV_UNLIKELY(x) __builtin_expect(!!(x), 0)

namespace pv {

// Per-kernel-call state threaded through every native function.
// DEOPT is sticky: once set, values computed afterwards are meaningless but harmless (every helper
// is defined for any input), and the kernel entry returns PV_DEOPT. To bound the work done after
// it, loops test the flag once per iteration and calls whose arguments may carry such a value go
// through call_checked. Calls with clean arguments skip the test, keeping hot recursion lean.
struct ctx {
  const char *stack_limit;
  bool deopt;
};

inline void set_deopt(ctx &c) { c.deopt = true; }

// A native frame below the host's limit means deep recursion: let PHP handle it.
#define PV_STACK_LOW(c) PV_UNLIKELY((const char *)__builtin_frame_address(0) < (c).stack_limit)

// A PHP value statically known to be int or float, decided at run time (e.g. int / int).
struct num {
  bool is_int;
  int64_t i;
  double d;
  static num of_int(int64_t v) { return num{true, v, 0.0}; }
  static num of_dbl(double v) { return num{false, 0, v}; }
  double as_double() const { return is_int ? (double)i : d; }
  bool truthy() const { return is_int ? i != 0 : d != 0.0; }
};

// ---- int arithmetic: overflow would turn the PHP result into a float, so it DEOPTs ----
inline int64_t add_i(ctx &c, int64_t a, int64_t b) {
  int64_t r;
  if (PV_UNLIKELY(__builtin_add_overflow(a, b, &r))) set_deopt(c);
  return r;
}
inline int64_t sub_i(ctx &c, int64_t a, int64_t b) {
  int64_t r;
  if (PV_UNLIKELY(__builtin_sub_overflow(a, b, &r))) set_deopt(c);
  return r;
}
inline int64_t mul_i(ctx &c, int64_t a, int64_t b) {
  int64_t r;
  if (PV_UNLIKELY(__builtin_mul_overflow(a, b, &r))) set_deopt(c);
  return r;
}
inline int64_t neg_i(ctx &c, int64_t a) {
  if (PV_UNLIKELY(a == INT64_MIN)) {
    set_deopt(c);
    return 0;
  }
  return -a;
}
// PHP: x % 0 throws DivisionByZeroError; PHP_INT_MIN % -1 is 0 (C would trap).
inline int64_t mod_i(ctx &c, int64_t a, int64_t b) {
  if (PV_UNLIKELY(b == 0)) {
    set_deopt(c);
    return 0;
  }
  if (b == -1) return 0;
  return a % b;
}
// intdiv: by zero → DivisionByZeroError, PHP_INT_MIN / -1 → ArithmeticError.
inline int64_t intdiv_i(ctx &c, int64_t a, int64_t b) {
  if (PV_UNLIKELY(b == 0 || (a == INT64_MIN && b == -1))) {
    set_deopt(c);
    return 0;
  }
  return a / b;
}
// int / int: an int when exact, else a float (div_function_base).
inline num div_i(ctx &c, int64_t a, int64_t b) {
  if (PV_UNLIKELY(b == 0)) {
    set_deopt(c);
    return num::of_int(0);
  }
  if (b == -1 && a == INT64_MIN) return num::of_dbl((double)INT64_MIN / -1.0);
  if (a % b == 0) return num::of_int(a / b);
  return num::of_dbl((double)a / (double)b);
}
inline double div_d(ctx &c, double a, double b) {
  if (PV_UNLIKELY(b == 0.0)) {
    set_deopt(c);
    return 0.0;
  }
  return a / b;
}
// int ** int as pow_function_base: exact by squaring, the same float fallback on overflow.
inline num pow_i(int64_t base, int64_t exp) {
  if (exp < 0) return num::of_dbl(std::pow((double)base, (double)exp));
  if (exp == 0) return num::of_int(1);
  if (base == 0) return num::of_int(0);
  int64_t l1 = 1, l2 = base, i = exp;
  while (i >= 1) {
    int64_t r;
    if (i % 2) {
      --i;
      if (__builtin_mul_overflow(l1, l2, &r)) {
        double dval = (double)l1 * (double)l2;
        return num::of_dbl(dval * std::pow((double)l2, (double)i));
      }
      l1 = r;
    } else {
      i /= 2;
      if (__builtin_mul_overflow(l2, l2, &r)) {
        double dval = (double)l2 * (double)l2;
        return num::of_dbl((double)l1 * std::pow(dval, (double)i));
      }
      l2 = r;
    }
  }
  return num::of_int(l1);
}
inline double pow_d(double a, double b) { return std::pow(a, b); }

// ---- num arithmetic: int∘int keeps int semantics, anything else is float ----
inline num add_n(ctx &c, num a, num b) {
  if (a.is_int && b.is_int) return num::of_int(add_i(c, a.i, b.i));
  return num::of_dbl(a.as_double() + b.as_double());
}
inline num sub_n(ctx &c, num a, num b) {
  if (a.is_int && b.is_int) return num::of_int(sub_i(c, a.i, b.i));
  return num::of_dbl(a.as_double() - b.as_double());
}
inline num mul_n(ctx &c, num a, num b) {
  if (a.is_int && b.is_int) return num::of_int(mul_i(c, a.i, b.i));
  return num::of_dbl(a.as_double() * b.as_double());
}
inline num div_n(ctx &c, num a, num b) {
  if (a.is_int && b.is_int) return div_i(c, a.i, b.i);
  return num::of_dbl(div_d(c, a.as_double(), b.as_double()));
}
inline num pow_n(num a, num b) {
  if (a.is_int && b.is_int) return pow_i(a.i, b.i);
  return num::of_dbl(std::pow(a.as_double(), b.as_double()));
}
inline num neg_n(ctx &c, num a) { return a.is_int ? num::of_int(neg_i(c, a.i)) : num::of_dbl(a.d * -1.0); }

// ---- float → int ----
// (int) cast, zend_dval_to_lval: NAN/INF → 0, out of range → modular (64-bit).
inline int64_t dval_to_lval(double d) {
  if (!std::isfinite(d)) return 0;
  if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) return (int64_t)d;
  const double two64 = 18446744073709551616.0;
  double m = std::fmod(d, two64);
  if (m < 0) m += two64;
  if (m >= 9223372036854775808.0) m -= two64;
  return (int64_t)m;
}
// Implicit conversion (operand of %, etc.): PHP 8.1+ warns when the float is not an exact int.
inline int64_t dval_to_lval_exact(ctx &c, double d) {
  if (PV_UNLIKELY(!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || d != std::trunc(d))) {
    set_deopt(c);
    return 0;
  }
  return (int64_t)d;
}
inline int64_t num_to_int_cast(num a) { return a.is_int ? a.i : dval_to_lval(a.d); }
inline int64_t num_to_int_exact(ctx &c, num a) { return a.is_int ? a.i : dval_to_lval_exact(c, a.d); }

// ---- comparisons ----
// ZEND_THREEWAY_COMPARE: anything involving NAN compares as 1.
inline int64_t cmp_d(double a, double b) { return a == b ? 0 : (a < b ? -1 : 1); }
inline int64_t cmp_i(int64_t a, int64_t b) { return a == b ? 0 : (a < b ? -1 : 1); }
inline int64_t cmp_b(bool a, bool b) { return (int64_t)a - (int64_t)b; }
inline int64_t cmp_n(num a, num b) {
  if (a.is_int && b.is_int) return cmp_i(a.i, b.i);
  return cmp_d(a.as_double(), b.as_double());
}
inline bool eq_n(num a, num b) { return a.is_int && b.is_int ? a.i == b.i : a.as_double() == b.as_double(); }
inline bool lt_n(num a, num b) { return a.is_int && b.is_int ? a.i < b.i : a.as_double() < b.as_double(); }
inline bool le_n(num a, num b) { return a.is_int && b.is_int ? a.i <= b.i : a.as_double() <= b.as_double(); }
inline bool ident_n(num a, num b) {
  if (a.is_int != b.is_int) return false;
  return a.is_int ? a.i == b.i : a.d == b.d;
}

// ---- math functions ----
inline int64_t abs_i(ctx &c, int64_t a) { return a < 0 ? neg_i(c, a) : a; }
inline num abs_n(ctx &c, num a) { return a.is_int ? num::of_int(abs_i(c, a.i)) : num::of_dbl(std::fabs(a.d)); }
// min/max keep the first of equal arguments, comparing as zend_compare does.
inline num min_n(num a, num b) { return cmp_n(b, a) < 0 ? b : a; }
inline num max_n(num a, num b) { return cmp_n(b, a) > 0 ? b : a; }
inline double min_d(double a, double b) { return cmp_d(b, a) < 0 ? b : a; }
inline double max_d(double a, double b) { return cmp_d(b, a) > 0 ? b : a; }
inline int64_t min_i(int64_t a, int64_t b) { return b < a ? b : a; }
inline int64_t max_i(int64_t a, int64_t b) { return b > a ? b : a; }

// round(), as PHP 8.2's _php_math_round with PHP_ROUND_HALF_UP, including its pre-rounding.
inline double round_pow10(int power) {
  static const double table[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  if (power < 0 || power > 22) return std::pow(10.0, (double)power);
  return table[power];
}
inline double round_helper(double v) { return v >= 0.0 ? std::floor(v + 0.5) : std::ceil(v - 0.5); }
inline double round_scaled(double v, int places) {
  double f = round_pow10(std::abs(places));
  return places >= 0 ? v * f : v / f;
}
inline double round_d(double value, int64_t places_arg) {
  if (!std::isfinite(value) || value == 0.0) return value;
  int places = places_arg < INT_MIN + 1 ? INT_MIN + 1 : places_arg > INT_MAX ? INT_MAX : (int)places_arg;
  int precision_places = 14 - (int)std::floor(std::log10(std::fabs(value)));
  double f1 = round_pow10(std::abs(places));
  double tmp;
  if (precision_places > places && precision_places - 15 < places) {
    int64_t use_precision = precision_places;
    // Pre-round to 15 significant digits, then to the requested places.
    tmp = round_helper(round_scaled(value, (int)use_precision));
    use_precision = places - use_precision;
    if (use_precision < INT_MIN + 1) use_precision = INT_MIN + 1;
    tmp = tmp / round_pow10(std::abs((int)use_precision));
  } else {
    tmp = places >= 0 ? value * f1 : value / f1;
    if (std::fabs(tmp) >= 1e15) return value;
  }
  tmp = round_helper(tmp);
  if (std::abs(places) < 23) {
    tmp = places > 0 ? tmp / f1 : tmp * f1;
  } else {
    // zend_strtod does not read "inf"/"nan": PHP parses such text as 0.
    if (!std::isfinite(tmp)) return 0.0;
    char buf[40];
    std::snprintf(buf, 39, "%15fe%d", tmp, -places);
    buf[39] = '\0';
    tmp = std::strtod(buf, nullptr);
    if (!std::isfinite(tmp)) return value;
    // zend_strtod yields +0.0 for a zero result whatever the sign of the text.
    if (tmp == 0.0) tmp = 0.0;
  }
  return tmp;
}
inline double round_i(int64_t value, int64_t places) {
  return places >= 0 ? (double)value : round_d((double)value, places);
}

inline double round_n(num value, int64_t places) { return value.is_int ? round_i(value.i, places) : round_d(value.d, places); }

// ---- ++ / -- on locals (int overflow DEOPTs like +; floats add exactly 1.0) ----
inline int64_t pre_add_i(ctx &c, int64_t &v, int64_t d) { return v = add_i(c, v, d); }
inline int64_t post_add_i(ctx &c, int64_t &v, int64_t d) {
  int64_t old = v;
  v = add_i(c, v, d);
  return old;
}
inline num pre_add_n(ctx &c, num &v, int64_t d) {
  v = v.is_int ? num::of_int(add_i(c, v.i, d)) : num::of_dbl(v.d + (double)d);
  return v;
}
inline num post_add_n(ctx &c, num &v, int64_t d) {
  num old = v;
  pre_add_n(c, v, d);
  return old;
}

// A call whose arguments may have been computed after a DEOPT: skip it (its result is unused).
template <class R, class... P, class... A> inline R call_checked(ctx &c, R (*fn)(ctx &, P...), A... args) {
  if (PV_UNLIKELY(c.deopt)) return R();
  return fn(c, args...);
}

// Results known statically whose operands still have to be evaluated (for their effects).
template <class... A> inline bool always_true(A...) { return true; }
template <class... A> inline bool always_false(A...) { return false; }

// ---- writing results ----
inline void put_i(pv_value *r, int64_t v) {
  r->value.lval = v;
  r->type_info = PV_LONG;
}
inline void put_d(pv_value *r, double v) {
  r->value.dval = v;
  r->type_info = PV_DOUBLE;
}
inline void put_b(pv_value *r, bool v) {
  r->value.lval = 0;
  r->type_info = v ? PV_TRUE : PV_FALSE;
}
inline void put_n(pv_value *r, num v) {
  if (v.is_int)
    put_i(r, v.i);
  else
    put_d(r, v.d);
}
inline void put_null(pv_value *r) {
  r->value.lval = 0;
  r->type_info = PV_NULL;
}
inline bool arg_b(const pv_value *a) { return (a->type_info & 0xffu) == PV_TRUE; }

} // namespace pv

#endif
