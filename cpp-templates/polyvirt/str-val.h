// polyvirt runtime: string builtins whose arguments or results are dynamic PHP values — strpos (int|false) and sprintf/printf.
// Included by runtime.h only.
#ifndef POLYVIRT_STR_VAL_H
#define POLYVIRT_STR_VAL_H

#ifndef POLYVIRT_RUNTIME_H
#error "include polyvirt/runtime.h, not polyvirt/str-val.h"
#endif

namespace pv {

// strpos: int position or false. An offset outside the haystack throws ValueError.
inline Val strpos(const Str &h, const Str &n, int64_t offset = 0) {
  int64_t len = (int64_t)h.size();
  if (offset < 0) offset += len;
  if (PV_UNLIKELY(offset < 0 || offset > len)) deopt();
  size_t p = h.find(n, (size_t)offset);
  return p == Str::npos ? Val(false) : Val((int64_t)p);
}
// strrpos: the last occurrence starting at or after offset (negative: search ends that far from the end).
inline Val strrpos(const Str &h, const Str &n, int64_t offset = 0) {
  int64_t len = (int64_t)h.size();
  size_t p;
  if (offset >= 0) {
    if (PV_UNLIKELY(offset > len)) deopt();
    p = h.rfind(n);
    if (p != Str::npos && (int64_t)p < offset) p = Str::npos;
  } else {
    if (PV_UNLIKELY(-offset > len)) deopt();
    // The match may start at most at len + offset (and must fit in the haystack).
    int64_t last = len + offset;
    if ((int64_t)n.size() > -offset) last = len - (int64_t)n.size();
    if (last < 0) return Val(false);
    p = h.rfind(n, (size_t)last);
  }
  return p == Str::npos ? Val(false) : Val((int64_t)p);
}

// ---- sprintf (ext/standard/formatted_print.c) ----
namespace fmt {
enum { ALIGN_LEFT = 0, ALIGN_RIGHT = 1 };
// php_sprintf_appendstring: pads to min_width; with '0' padding a leading sign goes first.
inline void append_padded(Str &out, const char *add, size_t len, size_t min_width, size_t precision, char padding, int alignment,
                          bool neg, bool expprec, bool always_sign) {
  size_t copy_len = expprec ? (precision < len ? precision : len) : len;
  size_t npad = min_width < copy_len ? 0 : min_width - copy_len;
  if (alignment == ALIGN_RIGHT) {
    // The sign replaces the first character (PHP's "-NF" for -INF with '0' padding).
    if ((neg || always_sign) && padding == '0' && copy_len > 0) {
      out += neg ? '-' : '+';
      ++add;
      --copy_len;
    }
    out.append(npad, padding);
  }
  out.append(add, copy_len);
  if (alignment == ALIGN_LEFT) out.append(npad, padding);
}
inline void append_int(Str &out, int64_t number, size_t width, char padding, int alignment, bool always_sign) {
  char buf[32];
  char *e = buf + sizeof buf, *p = e;
  uint64_t magn = number < 0 ? (uint64_t)0 - (uint64_t)number : (uint64_t)number;
  if (alignment == ALIGN_LEFT && padding == '0') padding = ' ';
  do {
    *--p = (char)('0' + magn % 10);
    magn /= 10;
  } while (magn);
  if (number < 0)
    *--p = '-';
  else if (always_sign)
    *--p = '+';
  append_padded(out, p, (size_t)(e - p), width, 0, padding, alignment, number < 0, false, always_sign);
}
inline void append_uint(Str &out, uint64_t magn, size_t width, char padding, int alignment) {
  char buf[32];
  char *e = buf + sizeof buf, *p = e;
  if (alignment == ALIGN_LEFT && padding == '0') padding = ' ';
  do {
    *--p = (char)('0' + magn % 10);
    magn /= 10;
  } while (magn);
  append_padded(out, p, (size_t)(e - p), width, 0, padding, alignment, false, false, false);
}
inline void append_2n(Str &out, int64_t number, size_t width, char padding, int alignment, unsigned shift, bool upper, bool expprec) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  uint64_t m = (uint64_t)number, mask = (UINT64_C(1) << shift) - 1;
  char buf[65];
  char *e = buf + sizeof buf, *p = e;
  do {
    *--p = digits[m & mask];
    m >>= shift;
  } while (m);
  append_padded(out, p, (size_t)(e - p), width, 0, padding, alignment, false, expprec, false);
}
inline void append_double(Str &out, double number, size_t width, char padding, int alignment, int64_t precision, bool has_precision,
                          char conv, bool always_sign) {
  if (!has_precision) precision = 6;
  if (PV_UNLIKELY(precision > 53)) deopt();  // PHP notices "Requested precision … truncated"
  // PHP 8.2 prints "NaN" and "INF" (no minus sign, width ignored) for every float conversion.
  if (std::isnan(number)) {
    append_padded(out, "NaN", 3, 3, 0, padding, alignment, false, false, always_sign);
    return;
  }
  if (std::isinf(number)) {
    append_padded(out, "INF", 3, 3, 0, padding, alignment, number < 0, false, always_sign);
    return;
  }
  Str s;
  bool neg = false;
  if (conv == 'e' || conv == 'E' || conv == 'f' || conv == 'F') {
    // php_conv_fp: the sign comes from `num < 0` (so -0.0 prints unsigned); exponent unpadded.
    neg = number < 0;
    double a = std::fabs(number);
    char buf[400];
    if (conv == 'f' || conv == 'F') {
      s.assign(buf, (size_t)fixed_fmt(buf, sizeof buf, a, (int)precision));
    } else {
      std::snprintf(buf, sizeof buf, "%.*e", (int)precision, a);
      char *e = std::strchr(buf, 'e');
      int ex = std::atoi(e + 1);
      s.assign(buf, (size_t)(e - buf));
      s += conv;
      s += ex < 0 ? '-' : '+';
      s += str_of((int64_t)(ex < 0 ? -ex : ex));
    }
    if (neg)
      s.insert(s.begin(), '-');
    else if (always_sign)
      s.insert(s.begin(), '+');
  } else {
    if (precision == 0) precision = 1;
    s = gcvt(number, (int)precision, (conv == 'G' || conv == 'H') ? 'E' : 'e');
    if (s[0] == '-')
      neg = true;
    else if (always_sign)
      s.insert(s.begin(), '+');
  }
  append_padded(out, s.data(), s.size(), width, 0, padding, alignment, neg, false, always_sign);
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
// php_sprintf_getnumber: a run of digits; an int overflow is PHP's "must be greater than zero and less than" error.
inline int64_t get_number(const Str &f, size_t &i) {
  int64_t n = 0;
  while (i < f.size() && is_digit(f[i])) {
    n = n * 10 + (f[i] - '0');
    if (PV_UNLIKELY(n > INT32_MAX)) deopt();
    ++i;
  }
  return n;
}
} // namespace fmt

// sprintf with PHP's conversions, flags, width, precision and argnum ("%1$s"). Too few arguments
// (ArgumentCountError) and malformed formats (ValueError) DEOPT, as does the rare `*` width.
inline Str sprintf(const Str &f, const Val *args, size_t nargs) {
  using namespace fmt;
  Str out;
  out.reserve(f.size() + 16 * nargs);
  size_t currarg = 0, i = 0, n = f.size();
  while (i < n) {
    char c = f[i];
    if (c != '%') {
      size_t j = f.find('%', i);
      if (j == Str::npos) j = n;
      out.append(f, i, j - i);
      i = j;
      continue;
    }
    if (i + 1 < n && f[i + 1] == '%') {
      out += '%';
      i += 2;
      continue;
    }
    ++i;
    int alignment = ALIGN_RIGHT;
    char padding = ' ';
    // expprec: a '.' followed by digits (PHP's ADJ_PRECISION); a bare '.' changes nothing.
    bool always_sign = false, expprec = false;
    size_t argnum;
    if (i < n && is_digit(f[i])) {
      size_t t = i;
      while (t < n && is_digit(f[t])) ++t;
      if (t < n && f[t] == '$') {
        int64_t a = get_number(f, i);
        if (PV_UNLIKELY(a <= 0)) deopt();
        argnum = (size_t)(a - 1);
        ++i;
      } else {
        argnum = currarg++;
      }
    } else {
      argnum = currarg++;
    }
    for (;; ++i) {
      if (i >= n) break;
      if (f[i] == ' ' || f[i] == '0')
        padding = f[i];
      else if (f[i] == '-')
        alignment = ALIGN_LEFT;
      else if (f[i] == '+')
        always_sign = true;
      else if (f[i] == '\'') {
        if (PV_UNLIKELY(i + 1 >= n)) deopt();  // "Missing padding character"
        padding = f[++i];
      } else
        break;
    }
    if (PV_UNLIKELY(i < n && f[i] == '*')) deopt();
    size_t width = i < n && is_digit(f[i]) ? (size_t)get_number(f, i) : 0;
    int64_t precision = 0;
    if (i < n && f[i] == '.') {
      ++i;
      if (PV_UNLIKELY(i < n && f[i] == '*')) deopt();
      if (i < n && is_digit(f[i])) {
        precision = get_number(f, i);
        expprec = true;
      }
    }
    if (PV_UNLIKELY(width > ((size_t)1 << 24))) deopt();
    if (i < n && f[i] == 'l') ++i;
    if (PV_UNLIKELY(i >= n)) deopt();  // "Missing format specifier at end of string"
    char conv = f[i++];
    if (PV_UNLIKELY(argnum >= nargs)) deopt();  // ArgumentCountError
    const Val &arg = args[argnum];
    switch (conv) {
      case 's': {
        if (arg.is_str()) {
          append_padded(out, arg.s().data(), arg.s().size(), width, (size_t)precision, padding, alignment, false, expprec, false);
          break;
        }
        Str s = str_of(arg);
        append_padded(out, s.data(), s.size(), width, (size_t)precision, padding, alignment, false, expprec, false);
        break;
      }
      case 'd': append_int(out, to_int_cast(arg), width, padding, alignment, always_sign); break;
      case 'u': append_uint(out, (uint64_t)to_int_cast(arg), width, padding, alignment); break;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
      case 'h':
      case 'H': append_double(out, to_double_cast(arg), width, padding, alignment, precision, expprec, conv, always_sign); break;
      case 'c': out += (char)(unsigned char)(to_int_cast(arg) & 255); break;
      case 'o': append_2n(out, to_int_cast(arg), width, padding, alignment, 3, false, expprec); break;
      case 'x': append_2n(out, to_int_cast(arg), width, padding, alignment, 4, false, expprec); break;
      case 'X': append_2n(out, to_int_cast(arg), width, padding, alignment, 4, true, expprec); break;
      case 'b': append_2n(out, to_int_cast(arg), width, padding, alignment, 1, false, expprec); break;
      case '%': out += '%'; break;
      default: deopt();  // "Unknown format specifier"
    }
  }
  return out;
}
template <size_t N> inline Str sprintf(const Str &f, const Val (&args)[N]) { return sprintf(f, args, N); }
inline Str sprintf(const Str &f) { return sprintf(f, nullptr, 0); }
// printf: prints and returns the byte length.
inline int64_t printf(Ctx &cx, const Str &f, const Val *args, size_t nargs) {
  Str s = sprintf(f, args, nargs);
  cx.out += s;
  return (int64_t)s.size();
}

} // namespace pv

#endif
