// polyvirt runtime, version 4: header-only helpers generated kernels use to compute exactly what PHP 8.2 computes.
// No Zend headers. Every helper that PHP would answer with a float overflow, an exception or a
// diagnostic instead calls pv::deopt(): the kernel entry then returns PV_DEOPT and PHP re-runs the
// original (effects are journaled in pv::Ctx and committed only on success, so abandoning a
// kernel half-way has nothing to undo). This header is the only one generated code includes; the
// value headers (strings, arrays, Val, marshalling) are included at its end.
#ifndef POLYVIRT_RUNTIME_H
#define POLYVIRT_RUNTIME_H

#include "abi.h"

#include <climits>
#include <cmath>
#include <math.h>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>

#define PV_RUNTIME_VERSION 4u
#define PV_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define PV_LIKELY(x) __builtin_expect(!!(x), 1)

namespace pv {

// PHP calls the C library at run time, and so must we: g++ folds pow/log10 of constants with
// exactly rounded arithmetic, which can differ from glibc's result in the last bit. The build
// passes -fno-builtin-pow -fno-builtin-log10, and these call the library functions by name.
inline double libm_pow(double a, double b) { return ::pow(a, b); }
inline double libm_log10(double x) { return ::log10(x); }

// ---- DEOPT: a non-local exit straight back to the kernel entry ----
// Why setjmp/longjmp (measured, see test/fixtures/compiler/bench-kernels.ts): the happy path of
// native code carries no DEOPT flag at all, so nothing is tested after a call, recursive calls in
// tail position stay tail calls (g++ turns Ackermann's into loops) and helpers are a compare and a
// cold branch. A C++ exception gives the same happy path and saves the ~3 ns setjmp per kernel
// entry, but a throw costs ~1 us plus ~0.2 us per frame unwound: a DEOPT at the stack limit
// (hundreds of thousands of small frames) took ~75 ms, against ~20 ns for longjmp whatever the depth.
// longjmp is well-defined here: generated frames hold only scalars (no destructors to skip), and
// nothing the entry reads after the jump was modified since its setjmp.
// Modules whose frames hold strings, arrays or Val (objects with destructors) are generated with
// `#define PV_DEOPT_THROWS 1` before this include: deopt() then throws pv::Deopt, the stack
// unwinds through the destructors, and the entry catches it:
//   PV_DEOPT_LANDING(); try { ... } catch (const pv::Deopt &) { return PV_DEOPT; }
// (PV_DEOPT_LANDING expands to nothing in that mode, so entries keep one shape.)
struct Deopt {};
#if defined(PV_DEOPT_THROWS) && PV_DEOPT_THROWS
[[noreturn, gnu::cold, gnu::noinline, maybe_unused]] static void deopt() { throw Deopt{}; }
#define PV_DEOPT_LANDING() \
  do {                     \
  } while (0)
#else
// One jump target per thread; kernels never call back into PHP or into other kernels, so entries
// do not nest. Internal linkage: each artifact has its own.
static thread_local std::jmp_buf *deopt_target;

[[noreturn, gnu::cold, gnu::noinline, maybe_unused]] static void deopt() { std::longjmp(*deopt_target, 1); }

// In a kernel entry, before any native code runs: a later pv::deopt() returns PV_DEOPT from here.
// A macro because setjmp must be called in the frame that stays alive.
#define PV_DEOPT_LANDING()                        \
  std::jmp_buf pv_deopt_jb;                      \
  pv::deopt_target = &pv_deopt_jb;               \
  if (setjmp(pv_deopt_jb) != 0) return PV_DEOPT
#endif

// At every native function entry: a frame below the host's limit means deep recursion, let PHP
// handle it. The limit travels as a by-value argument: a register compare, which g++ hoists
// across self-inlined copies (a limit loaded through a pointer, or from a thread_local, made
// fib 3x slower by defeating g++'s recursive inlining).
#define PV_CHECK_STACK(limit)                                                 \
  do {                                                                        \
    if (PV_UNLIKELY((const char *)__builtin_frame_address(0) < (limit))) pv::deopt(); \
  } while (0)

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
inline int64_t add_i(int64_t a, int64_t b) {
  int64_t r;
  if (PV_UNLIKELY(__builtin_add_overflow(a, b, &r))) deopt();
  return r;
}
inline int64_t sub_i(int64_t a, int64_t b) {
  int64_t r;
  if (PV_UNLIKELY(__builtin_sub_overflow(a, b, &r))) deopt();
  return r;
}
inline int64_t mul_i(int64_t a, int64_t b) {
  int64_t r;
  if (PV_UNLIKELY(__builtin_mul_overflow(a, b, &r))) deopt();
  return r;
}
inline int64_t neg_i(int64_t a) {
  if (PV_UNLIKELY(a == INT64_MIN)) deopt();
  return -a;
}
// PHP: x % 0 throws DivisionByZeroError; PHP_INT_MIN % -1 is 0 (C would trap).
inline int64_t mod_i(int64_t a, int64_t b) {
  if (PV_UNLIKELY(b == 0)) deopt();
  if (b == -1) return 0;
  return a % b;
}
// intdiv: by zero → DivisionByZeroError, PHP_INT_MIN / -1 → ArithmeticError.
inline int64_t intdiv_i(int64_t a, int64_t b) {
  if (PV_UNLIKELY(b == 0 || (a == INT64_MIN && b == -1))) deopt();
  return a / b;
}
// ---- shifts (zend shift_left_function / shift_right_function) ----
// A negative count throws ArithmeticError ("Bit shift by negative number"); counts >= 64 shift
// everything out (0, or -1 for a negative value shifted right). `<<` wraps in 64 bits: PHP never
// turns it into a float (PHP_INT_MAX << 1 is -2); done on uint64_t, as signed << would be UB.
inline int64_t shl_i(int64_t a, int64_t b) {
  if (PV_UNLIKELY(b < 0)) deopt();
  if (b >= 64) return 0;
  return (int64_t)((uint64_t)a << b);
}
// g++ defines >> of a negative signed value as arithmetic (sign-extending), as C does for PHP.
inline int64_t shr_i(int64_t a, int64_t b) {
  if (PV_UNLIKELY(b < 0)) deopt();
  if (b >= 64) return a < 0 ? -1 : 0;
  return a >> b;
}
// int / int: an int when exact, else a float (div_function_base).
inline num div_i(int64_t a, int64_t b) {
  if (PV_UNLIKELY(b == 0)) deopt();
  if (b == -1 && a == INT64_MIN) return num::of_dbl((double)INT64_MIN / -1.0);
  if (a % b == 0) return num::of_int(a / b);
  return num::of_dbl((double)a / (double)b);
}
inline double div_d(double a, double b) {
  if (PV_UNLIKELY(b == 0.0)) deopt();
  return a / b;
}
// int ** int as pow_function_base: exact by squaring, the same float fallback on overflow.
inline num pow_i(int64_t base, int64_t exp) {
  if (exp < 0) return num::of_dbl(libm_pow((double)base, (double)exp));
  if (exp == 0) return num::of_int(1);
  if (base == 0) return num::of_int(0);
  int64_t l1 = 1, l2 = base, i = exp;
  while (i >= 1) {
    int64_t r;
    if (i % 2) {
      --i;
      if (__builtin_mul_overflow(l1, l2, &r)) {
        double dval = (double)l1 * (double)l2;
        return num::of_dbl(dval * libm_pow((double)l2, (double)i));
      }
      l1 = r;
    } else {
      i /= 2;
      if (__builtin_mul_overflow(l2, l2, &r)) {
        double dval = (double)l2 * (double)l2;
        return num::of_dbl((double)l1 * libm_pow(dval, (double)i));
      }
      l2 = r;
    }
  }
  return num::of_int(l1);
}
inline double pow_d(double a, double b) { return libm_pow(a, b); }

// ---- num arithmetic: int∘int keeps int semantics, anything else is float ----
inline num add_n(num a, num b) {
  if (a.is_int && b.is_int) return num::of_int(add_i(a.i, b.i));
  return num::of_dbl(a.as_double() + b.as_double());
}
inline num sub_n(num a, num b) {
  if (a.is_int && b.is_int) return num::of_int(sub_i(a.i, b.i));
  return num::of_dbl(a.as_double() - b.as_double());
}
inline num mul_n(num a, num b) {
  if (a.is_int && b.is_int) return num::of_int(mul_i(a.i, b.i));
  return num::of_dbl(a.as_double() * b.as_double());
}
inline num div_n(num a, num b) {
  if (a.is_int && b.is_int) return div_i(a.i, b.i);
  return num::of_dbl(div_d(a.as_double(), b.as_double()));
}
inline num pow_n(num a, num b) {
  if (a.is_int && b.is_int) return pow_i(a.i, b.i);
  return num::of_dbl(libm_pow(a.as_double(), b.as_double()));
}
inline num neg_n(num a) { return a.is_int ? num::of_int(neg_i(a.i)) : num::of_dbl(a.d * -1.0); }

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
inline int64_t dval_to_lval_exact(double d) {
  if (PV_UNLIKELY(!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || d != std::trunc(d))) deopt();
  return (int64_t)d;
}
inline int64_t num_to_int_cast(num a) { return a.is_int ? a.i : dval_to_lval(a.d); }
inline int64_t num_to_int_exact(num a) { return a.is_int ? a.i : dval_to_lval_exact(a.d); }

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
inline int64_t abs_i(int64_t a) { return a < 0 ? neg_i(a) : a; }
inline num abs_n(num a) { return a.is_int ? num::of_int(abs_i(a.i)) : num::of_dbl(std::fabs(a.d)); }
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
  if (power < 0 || power > 22) return libm_pow(10.0, (double)power);
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
  int precision_places = 14 - (int)std::floor(libm_log10(std::fabs(value)));
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
inline int64_t pre_add_i(int64_t &v, int64_t d) { return v = add_i(v, d); }
inline int64_t post_add_i(int64_t &v, int64_t d) {
  int64_t old = v;
  v = add_i(v, d);
  return old;
}
inline num pre_add_n(num &v, int64_t d) {
  v = v.is_int ? num::of_int(add_i(v.i, d)) : num::of_dbl(v.d + (double)d);
  return v;
}
inline num post_add_n(num &v, int64_t d) {
  num old = v;
  pre_add_n(v, d);
  return old;
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

// Runtime version 4: PHP strings, arrays, tagged values, output and the commit of effects.
// A module that uses none of them may define PV_RUNTIME_SCALAR_ONLY first: g++ then skips these
// headers (about 0.25 s of compile time per module).
#ifndef PV_RUNTIME_SCALAR_ONLY
#include "str.h"
#include "ctx.h"
#include "array.h"
#include "val.h"
#include "str-val.h"
#include "array-builtins.h"
#include "marshal.h"
#include "obj.h"
#endif

#endif
