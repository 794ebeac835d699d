// polyvirt runtime: PHP byte strings — conversions to and from numbers (PHP 8.2 exact), string builtins, string comparisons.
// Included by runtime.h only (it relies on pv::deopt, pv::num and the scalar helpers defined there).
#ifndef POLYVIRT_STR_H
#define POLYVIRT_STR_H

#ifndef POLYVIRT_RUNTIME_H
#error "include polyvirt/runtime.h, not polyvirt/str.h"
#endif

#include <cstring>
#include <string>

namespace pv {

// PHP strings are byte strings: std::string holds any bytes, NUL included.
using Str = std::string;

// Freed blocks of one small size (StrBox, array.h), kept for reuse until the invocation ends
// (~Ctx): hash1-style loops make and drop 100k string keys per round, and handing them back to
// malloc made it consolidate and trim the heap, then fault the same pages in again next round.
struct BlockCache {
  static constexpr size_t MAX = (size_t)1 << 22;
  void *head = nullptr;
  size_t n = 0;
  void *take() {
    void *p = head;
    if (p) {
      std::memcpy(&head, p, sizeof head);
      --n;
    }
    return p;
  }
  bool give(void *p) {
    if (n >= MAX) return false;
    std::memcpy(p, &head, sizeof head);
    head = p;
    ++n;
    return true;
  }
  void trim() {
    while (void *p = take()) ::operator delete(p);
  }
  ~BlockCache() { trim(); }
};
[[maybe_unused]] static thread_local BlockCache box_blocks;
// Out of line: inlined into every kernel entry it changed g++'s inlining of the kernel's own
// functions (recursion.php's fib lost 20%).
[[gnu::noinline, gnu::cold, maybe_unused]] static void release_box_blocks() { box_blocks.trim(); }

// ---- int → string ----
inline Str str_of(int64_t v) {
  char buf[24];
  char *e = buf + sizeof buf, *p = e;
  // Through uint64_t: -INT64_MIN is not representable as int64_t.
  uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    *--p = (char)('0' + m % 10);
    m /= 10;
  } while (m);
  if (v < 0) *--p = '-';
  return Str(p, (size_t)(e - p));
}
inline Str str_of(bool b) { return b ? Str("1", 1) : Str(); }
inline const Str &str_of(const Str &s) { return s; }

// ---- float → string ----
// The decimal digits of |v| correctly rounded to `ndigit` significant digits (zend_dtoa mode 2:
// ties to even, as glibc's printf), trailing zeros removed, and the decimal exponent `decpt`
// (value = 0.d1d2... × 10^decpt). v must be finite.
inline void dtoa_digits(double v, int ndigit, char *digits, int *decpt) {
  if (v == 0.0) {
    digits[0] = '0';
    digits[1] = '\0';
    *decpt = 1;
    return;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", ndigit - 1, std::fabs(v));
  // buf: d.ddddde[+-]xx
  int n = 0;
  const char *p = buf;
  for (; *p && *p != 'e'; ++p)
    if (*p != '.') digits[n++] = *p;
  while (n > 1 && digits[n - 1] == '0') --n;
  digits[n] = '\0';
  *decpt = std::atoi(p + 1) + 1;
}
// snprintf(buf, cap, "%.*f", prec, a) for a >= 0: exact decimal value of the double, rounded half
// to even (glibc and PHP's zend_dtoa agree). glibc's generic path (multi-precision) cost more than
// all the rest of a printf("%10.4f") loop; here, a = m·2^e (m < 2^53) and a·10^prec is computed
// exactly in 128 bits when a < 2^63 and prec <= 19 (the common case), else glibc answers.
inline int fixed_fmt(char *buf, size_t cap, double a, int prec) {
  if (!(a >= 0.0 && a < 9223372036854775808.0) || prec < 0 || prec > 19 || cap < 64) return std::snprintf(buf, cap, "%.*f", prec, a);
  uint64_t bits;
  std::memcpy(&bits, &a, 8);
  int bexp = (int)((bits >> 52) & 0x7ff);
  uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
  int e;
  if (bexp == 0) {
    e = -1074;  // subnormal (or zero: m == 0)
  } else {
    m |= UINT64_C(1) << 52;
    e = bexp - 1075;
  }
  uint64_t p10 = 1;
  for (int i = 0; i < prec; ++i) p10 *= 10;
  using u128 = unsigned __int128;
  u128 q;
  if (e >= 0) {
    q = ((u128)(m << e)) * p10;  // a < 2^63: m << e does not overflow
  } else {
    u128 prod = (u128)m * p10;  // < 2^117
    int k = -e;
    if (k >= 120) {
      q = 0;  // a·10^prec < 2^117 / 2^119 < 1/2
    } else {
      q = prod >> k;
      u128 rem = prod - (q << k), half = (u128)1 << (k - 1);
      if (rem > half || (rem == half && (q & 1))) ++q;
    }
  }
  // Digits of q, then the point `prec` digits from the right (at least one digit before it).
  // (64-bit divisions: one 128-bit split at most, __udivti3 per digit was most of the cost.)
  char tmp[48];
  int nd = 0;
  uint64_t lo = (uint64_t)q, hi = 0;
  if ((q >> 64) != 0) {
    const uint64_t e19 = UINT64_C(10000000000000000000);
    hi = (uint64_t)(q / e19);
    lo = (uint64_t)(q % e19);
    for (int i = 0; i < 19; ++i, lo /= 10) tmp[nd++] = (char)('0' + (int)(lo % 10));
    lo = hi;
  }
  do {
    tmp[nd++] = (char)('0' + (int)(lo % 10));
    lo /= 10;
  } while (lo != 0);
  while (nd < prec + 1) tmp[nd++] = '0';
  int o = 0;
  for (int i = nd - 1; i >= prec; --i) buf[o++] = tmp[i];
  if (prec > 0) {
    buf[o++] = '.';
    for (int i = prec - 1; i >= 0; --i) buf[o++] = tmp[i];
  }
  buf[o] = '\0';
  return o;
}
// The shortest digits that read back as v (zend_dtoa mode 0), for serialize_precision=-1.
inline void dtoa_shortest(double v, char *digits, int *decpt) {
  for (int nd = 1; nd <= 17; ++nd) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*e", nd - 1, std::fabs(v));
    if (std::strtod(buf, nullptr) == std::fabs(v) || nd == 17) {
      dtoa_digits(v, nd, digits, decpt);
      return;
    }
  }
}
// zend_gcvt's layout of given digits: exponential when the exponent is below -4 or at least
// `ndigit`, "1.0E+25" style (at least one fraction digit, exponent unpadded).
inline Str gcvt_layout(bool neg, const char *digits, int decpt, int ndigit, char exp_char) {
  Str out;
  out.reserve(32);
  if (neg) out += '-';
  if (decpt < 0 ? decpt < -3 : decpt > ndigit) {
    int e = decpt - 1;
    out += digits[0];
    out += '.';
    if (digits[1] == '\0')
      out += '0';
    else
      out += (digits + 1);
    out += exp_char;
    out += e < 0 ? '-' : '+';
    out += str_of((int64_t)(e < 0 ? -e : e));
  } else if (decpt < 0) {
    out += "0.";
    out.append((size_t)-decpt, '0');
    out += digits;
  } else {
    size_t nd = std::strlen(digits);
    for (int i = 0; i < decpt; ++i) out += (size_t)i < nd ? digits[i] : '0';
    if ((size_t)decpt < nd) {
      if (decpt == 0) out += '0';
      out += '.';
      out += digits + decpt;
    }
  }
  return out;
}
// zend_gcvt(v, precision, '.', exp_char): what PHP prints for a float with `precision` digits.
inline Str gcvt(double v, int precision, char exp_char) {
  if (std::isnan(v)) return "NAN";
  if (std::isinf(v)) return v < 0 ? "-INF" : "INF";
  char digits[40];
  int decpt;
  dtoa_digits(v, precision, digits, &decpt);
  return gcvt_layout(std::signbit(v), digits, decpt, precision, exp_char);
}
// echo / string conversion of a float: precision=14.
inline Str str_of(double v) { return gcvt(v, 14, 'E'); }
inline Str str_of(num n) { return n.is_int ? str_of(n.i) : str_of(n.d); }
// var_export / json_encode style (serialize_precision=-1): shortest round-trip, ".0" kept.
inline Str repr_of(double v) {
  if (std::isnan(v)) return "NAN";
  if (std::isinf(v)) return v < 0 ? "-INF" : "INF";
  char digits[40];
  int decpt;
  dtoa_shortest(v, digits, &decpt);
  Str s = gcvt_layout(std::signbit(v), digits, decpt, 17, 'E');
  if (s.find_first_of(".eE") == Str::npos) s += ".0";
  return s;
}

// ---- string → number (zend _is_numeric_string_ex) ----
inline bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

enum NumericKind { NOT_NUMERIC = 0, NUMERIC = 1, LEADING_NUMERIC = 2 };
// Classifies s and converts its numeric part. `oflow` reports an integer string beyond 64 bits
// (read as a float; PHP's string comparisons treat those specially).
inline NumericKind numeric_prefix(const Str &s, int64_t *iv, double *dv, bool *is_int, bool *oflow = nullptr) {
  const char *str = s.data(), *end = str + s.size(), *p = str;
  if (oflow) *oflow = false;
  while (p < end && is_ws(*p)) ++p;
  const char *num_start = p;
  bool neg = false;
  if (p < end && (*p == '-' || *p == '+')) neg = *p++ == '-';
  auto digit = [&](const char *q) { return q < end && *q >= '0' && *q <= '9'; };
  const char *int_start = p;
  while (digit(p)) ++p;
  const char *int_end = p;
  bool dbl = false;
  if (p < end && *p == '.' && (int_end > int_start || digit(p + 1))) {
    dbl = true;
    ++p;
    while (digit(p)) ++p;
  }
  if (int_end == int_start && !dbl) return NOT_NUMERIC;
  if (p < end && (*p == 'e' || *p == 'E')) {
    const char *q = p + 1;
    if (q < end && (*q == '-' || *q == '+')) ++q;
    if (digit(q)) {
      dbl = true;
      p = q;
      while (digit(p)) ++p;
    }
  }
  const char *num_end = p;
  while (p < end && is_ws(*p)) ++p;
  NumericKind kind = p == end ? NUMERIC : LEADING_NUMERIC;
  if (!dbl) {
    const char *d = int_start;
    while (d < int_end && *d == '0') ++d;
    size_t nd = (size_t)(int_end - d);
    bool fits = nd < 19 || (nd == 19 && (std::memcmp(d, "9223372036854775808", 19) < 0 ||
                                         (neg && std::memcmp(d, "9223372036854775808", 19) == 0)));
    if (fits) {
      uint64_t m = 0;
      for (; d < int_end; ++d) m = m * 10 + (uint64_t)(*d - '0');
      *iv = neg ? (int64_t)(0 - m) : (int64_t)m;
      *is_int = true;
      return kind;
    }
    if (oflow) *oflow = true;
  }
  Str tmp(num_start, (size_t)(num_end - num_start));
  *dv = std::strtod(tmp.c_str(), nullptr);
  *is_int = false;
  return kind;
}
// PHP 8 numeric string (whitespace around allowed, nothing else).
inline bool numeric_str(const Str &s, int64_t *i, double *d, bool *is_int) { return numeric_prefix(s, i, d, is_int) == NUMERIC; }
// A string used as a number in arithmetic: non-numeric throws TypeError, leading-numeric warns.
inline num to_num_exact(const Str &s) {
  int64_t i;
  double d;
  bool is_int;
  if (PV_UNLIKELY(numeric_prefix(s, &i, &d, &is_int) != NUMERIC)) deopt();
  return is_int ? num::of_int(i) : num::of_dbl(d);
}
// A string where PHP needs an int silently-or-warn (e.g. operand of %): fractional floats deprecate.
inline int64_t to_int_exact(const Str &s) { return num_to_int_exact(to_num_exact(s)); }
inline double to_double_exact(const Str &s) { return to_num_exact(s).as_double(); }
// (int) / intval() of a string: never warns; leading numeric prefix, floats saturate.
inline int64_t to_int_cast(const Str &s) {
  int64_t i;
  double d;
  bool is_int;
  if (numeric_prefix(s, &i, &d, &is_int) == NOT_NUMERIC) return 0;
  if (is_int) return i;
  if (!std::isfinite(d)) return 0;  // zend_dval_to_lval_cap
  if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return d > 0 ? INT64_MAX : INT64_MIN;
  return (int64_t)d;
}
// zend_strtod keeps the sign of "-0" / "-000".
inline double to_double_exact_zero_sign(const Str &s) {
  size_t p = 0;
  while (p < s.size() && is_ws(s[p])) ++p;
  return p < s.size() && s[p] == '-' ? -0.0 : 0.0;
}
// (float) / floatval() of a string.
inline double to_double_cast(const Str &s) {
  int64_t i;
  double d;
  bool is_int;
  if (numeric_prefix(s, &i, &d, &is_int) == NOT_NUMERIC) return 0.0;
  if (is_int && i == 0) return to_double_exact_zero_sign(s);
  return is_int ? (double)i : d;
}
// (bool) of a string: "" and "0" are false.
inline bool truthy(const Str &s) { return !(s.empty() || (s.size() == 1 && s[0] == '0')); }

// ---- comparisons (PHP 8: numeric strings compare as numbers) ----
inline int64_t byte_cmp(const Str &a, const Str &b) {
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}
// Both strings numeric: the numeric comparison; -2 when either is not numeric.
inline int64_t numeric_cmp(const Str &a, const Str &b, bool *both_inf_equal) {
  int64_t ia, ib;
  double da, db;
  bool inta, intb, ofa, ofb;
  *both_inf_equal = false;
  if (numeric_prefix(a, &ia, &da, &inta, &ofa) != NUMERIC) return -2;
  if (numeric_prefix(b, &ib, &db, &intb, &ofb) != NUMERIC) return -2;
  if (inta && intb) return cmp_i(ia, ib);
  // Integer strings beyond 64 bits: PHP compares them in ways a double cannot reproduce.
  if (PV_UNLIKELY(ofa || ofb)) deopt();
  if (inta) da = (double)ia;
  if (intb) db = (double)ib;
  if (da == db && !std::isfinite(da)) *both_inf_equal = true;
  return cmp_d(da, db);
}
// `==` of two strings (zendi_smart_str_equals).
inline bool loose_eq(const Str &a, const Str &b) {
  bool inf;
  int64_t c = numeric_cmp(a, b, &inf);
  if (c == -2 || inf) return a == b;
  return c == 0;
}
// `<=>` of two strings (zendi_smart_strcmp).
inline int64_t cmp(const Str &a, const Str &b) {
  bool inf;
  int64_t c = numeric_cmp(a, b, &inf);
  if (c == -2 || inf) return byte_cmp(a, b);
  return c;
}

// ---- building ----
inline void cat_append(Str &) {}
template <class... R> inline void cat_append(Str &out, const Str &s, const R &...rest) {
  out += s;
  cat_append(out, rest...);
}
inline size_t cat_size() { return 0; }
template <class... R> inline size_t cat_size(const Str &s, const R &...rest) { return s.size() + cat_size(rest...); }
// a . b . c … with one allocation.
template <class... R> inline Str cat(const R &...parts) {
  Str out;
  out.reserve(cat_size(parts...));
  cat_append(out, parts...);
  return out;
}
// $s .= a . b …: appends in place, without the temporary string of s += cat(…).
inline void cat_to(Str &dst, const Str &s) {
  if (s.size() == 1)
    dst.push_back(s[0]);
  else
    dst += s;
}
template <class... R> inline void cat_to(Str &dst, const Str &a, const Str &b, const R &...rest) {
  size_t need = dst.size() + cat_size(a, b, rest...);
  if (need > dst.capacity()) dst.reserve(need);  // grows geometrically, as an append would
  cat_append(dst, a, b, rest...);
}

// ---- builtins ----
inline int64_t strlen_(const Str &s) { return (int64_t)s.size(); }
// substr (PHP 8: never false; out-of-range start gives "").
inline Str substr(const Str &s, int64_t start, int64_t length) {
  int64_t n = (int64_t)s.size();
  if (start > n) return Str();
  if (start < 0) start = -start > n ? 0 : n + start;
  if (length < 0) {
    length = (n - start) + length;
    if (length < 0) length = 0;
  }
  if (length > n - start) length = n - start;
  return s.substr((size_t)start, (size_t)length);
}
inline Str substr(const Str &s, int64_t start) { return substr(s, start, (int64_t)s.size()); }
inline Str str_repeat(const Str &s, int64_t n) {
  if (PV_UNLIKELY(n < 0)) deopt();  // ValueError
  if (PV_UNLIKELY(n > 0 && s.size() > (size_t)(((int64_t)1 << 31) / n))) deopt();  // memory: let PHP decide
  Str out;
  out.reserve(s.size() * (size_t)n);
  for (int64_t i = 0; i < n; ++i) out += s;
  return out;
}
// $s[$i]: negative counts from the end; out of range warns "Uninitialized string offset".
inline Str str_offset(const Str &s, int64_t i) {
  int64_t n = (int64_t)s.size();
  if (i < 0) i += n;
  if (PV_UNLIKELY(i < 0 || i >= n)) deopt();
  return Str(1, s[(size_t)i]);
}
// dechex/decbin/decoct: digits of the unsigned 64-bit pattern.
inline Str base_digits(int64_t v, unsigned shift) {
  static const char hex[] = "0123456789abcdef";
  uint64_t m = (uint64_t)v, mask = (1u << shift) - 1;
  char buf[65];
  char *e = buf + 65, *p = e;
  do {
    *--p = hex[m & mask];
    m >>= shift;
  } while (m);
  return Str(p, (size_t)(e - p));
}
inline Str dechex(int64_t v) { return base_digits(v, 4); }
inline Str decbin(int64_t v) { return base_digits(v, 1); }
inline Str decoct(int64_t v) { return base_digits(v, 3); }
// hexdec/bindec/octdec (_php_math_basetozval): an int until it exceeds PHP_INT_MAX, then a float.
// PHP 8.2 deprecates invalid characters ("Invalid characters passed…"): DEOPT.
inline num base_to_num(const Str &s, int base) {
  int64_t iv = 0;
  double fv = 0.0;
  bool is_float = false;
  int64_t cutoff = INT64_MAX / base, cutlim = INT64_MAX % base;
  for (unsigned char c : s) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'A' && c <= 'Z')
      d = c - 'A' + 10;
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 10;
    else
      d = 99;
    if (PV_UNLIKELY(d >= base)) deopt();
    if (!is_float) {
      if (iv < cutoff || (iv == cutoff && d <= cutlim)) {
        iv = iv * base + d;
        continue;
      }
      fv = (double)iv;
      is_float = true;
    }
    fv = fv * base + d;
  }
  return is_float ? num::of_dbl(fv) : num::of_int(iv);
}
inline num hexdec(const Str &s) { return base_to_num(s, 16); }
inline num bindec(const Str &s) { return base_to_num(s, 2); }
inline num octdec(const Str &s) { return base_to_num(s, 8); }
// Case mapping is ASCII-only since PHP 8.2 (locale-independent).
inline Str strtoupper(Str s) {
  for (char &c : s)
    if (c >= 'a' && c <= 'z') c = (char)(c - 32);
  return s;
}
inline Str strtolower(Str s) {
  for (char &c : s)
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
  return s;
}
inline Str ucfirst(Str s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = (char)(s[0] - 32);
  return s;
}
inline Str lcfirst(Str s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = (char)(s[0] + 32);
  return s;
}
inline Str strrev(const Str &s) { return Str(s.rbegin(), s.rend()); }
// trim's default list: " \n\r\t\v\0".
inline bool trim_char(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\0'; }
inline Str trim_mode(const Str &s, bool left, bool right) {
  size_t b = 0, e = s.size();
  if (left)
    while (b < e && trim_char(s[b])) ++b;
  if (right)
    while (e > b && trim_char(s[e - 1])) --e;
  return s.substr(b, e - b);
}
inline Str trim(const Str &s) { return trim_mode(s, true, true); }
inline Str ltrim(const Str &s) { return trim_mode(s, true, false); }
inline Str rtrim(const Str &s) { return trim_mode(s, false, true); }
enum { STR_PAD_LEFT = 0, STR_PAD_RIGHT = 1, STR_PAD_BOTH = 2 };
inline Str str_pad(const Str &s, int64_t len, const Str &pad = " ", int64_t type = STR_PAD_RIGHT) {
  if (len < 0 || (size_t)len <= s.size()) return s;
  if (PV_UNLIKELY(pad.empty() || type < 0 || type > 2)) deopt();  // ValueError
  if (PV_UNLIKELY(len > ((int64_t)1 << 31))) deopt();
  size_t num_pad = (size_t)len - s.size(), left, right;
  if (type == STR_PAD_RIGHT) {
    left = 0;
    right = num_pad;
  } else if (type == STR_PAD_LEFT) {
    left = num_pad;
    right = 0;
  } else {
    left = num_pad / 2;
    right = num_pad - left;
  }
  Str out;
  out.reserve((size_t)len);
  for (size_t i = 0; i < left; ++i) out += pad[i % pad.size()];
  out += s;
  for (size_t i = 0; i < right; ++i) out += pad[i % pad.size()];
  return out;
}
inline int64_t ord(const Str &s) { return s.empty() ? 0 : (int64_t)(unsigned char)s[0]; }
inline Str chr(int64_t c) { return Str(1, (char)(unsigned char)(c & 255)); }
inline bool str_contains(const Str &h, const Str &n) { return h.find(n) != Str::npos; }
inline bool str_starts_with(const Str &h, const Str &n) { return h.size() >= n.size() && h.compare(0, n.size(), n) == 0; }
inline bool str_ends_with(const Str &h, const Str &n) { return h.size() >= n.size() && h.compare(h.size() - n.size(), n.size(), n) == 0; }
// str_replace with string arguments (an empty search leaves the subject unchanged).
inline Str str_replace(const Str &search, const Str &replace, const Str &subject) {
  if (search.empty()) return subject;
  size_t pos = subject.find(search);
  if (pos == Str::npos) return subject;
  Str out;
  out.reserve(subject.size());
  size_t from = 0;
  while (pos != Str::npos) {
    out.append(subject, from, pos - from);
    out += replace;
    from = pos + search.size();
    pos = subject.find(search, from);
  }
  out.append(subject, from, Str::npos);
  return out;
}
// number_format (_php_math_number_format_ex): round half up first, then %.*F, then group.
inline Str number_format(double d, int64_t dec = 0, const Str &dec_point = ".", const Str &thousands = ",") {
  if (PV_UNLIKELY(dec > 100)) deopt();
  if (dec < 0) dec = 0;
  d = round_d(d, dec);
  bool neg = false;
  if (d < 0) {
    neg = true;
    d = -d;
  }
  if (PV_UNLIKELY(!std::isfinite(d))) deopt();  // rare; PHP's own spelling of INF/NAN here is not worth copying
  char buf[512];
  // PHP's own printf signs by `d < 0`, so a rounded -0.0 prints as "0".
  int n = fixed_fmt(buf, sizeof buf, std::fabs(d), (int)dec);
  if (PV_UNLIKELY(n < 0 || n >= (int)sizeof buf)) deopt();
  if (neg && d == 0) neg = false;
  const char *dot = std::strchr(buf, '.');
  size_t int_len = dot ? (size_t)(dot - buf) : (size_t)n;
  Str out;
  out.reserve((size_t)n + int_len / 3 * thousands.size() + 2);
  if (neg) out += '-';
  for (size_t i = 0; i < int_len; ++i) {
    if (i > 0 && (int_len - i) % 3 == 0) out += thousands;
    out += buf[i];
  }
  if (dec > 0) {
    out += dec_point;
    if (dot) out.append(dot + 1);
  }
  return out;
}

} // namespace pv

#endif
