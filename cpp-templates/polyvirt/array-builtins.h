// polyvirt runtime: PHP's array builtins over pv::Array<T> (count, range, array_* functions, min/max, sort, implode/explode).
// Included by runtime.h only (after val.h: several builtins answer with or compare through Val).
#ifndef POLYVIRT_ARRAY_BUILTINS_H
#define POLYVIRT_ARRAY_BUILTINS_H

#ifndef POLYVIRT_RUNTIME_H
#error "include polyvirt/runtime.h, not polyvirt/array-builtins.h"
#endif

#include <algorithm>

namespace pv {

template <class T> inline int64_t count(const Array<T> &a) { return a.count(); }

// ---- element comparisons used by in_array, min/max and sort ----
template <class A, class B> inline bool loose_eq_any(const A &a, const B &b) { return loose_eq(Val(to_val(a)), Val(to_val(b))); }
inline bool loose_eq_any(int64_t a, int64_t b) { return a == b; }
inline bool loose_eq_any(double a, double b) { return a == b; }
inline bool loose_eq_any(int64_t a, double b) { return (double)a == b; }
inline bool loose_eq_any(double a, int64_t b) { return a == (double)b; }
inline bool loose_eq_any(bool a, bool b) { return a == b; }
inline bool loose_eq_any(const Str &a, const Str &b) { return loose_eq(a, b); }
inline bool loose_eq_any(const Val &a, const Val &b) { return loose_eq(a, b); }
template <class A, class B> inline bool identical_any(const A &a, const B &b) { return identical(Val(to_val(a)), Val(to_val(b))); }
inline bool identical_any(int64_t a, int64_t b) { return a == b; }
inline bool identical_any(double a, double b) { return a == b; }
inline bool identical_any(int64_t, double) { return false; }
inline bool identical_any(double, int64_t) { return false; }
inline bool identical_any(bool a, bool b) { return a == b; }
inline bool identical_any(const Str &a, const Str &b) { return a == b; }
inline bool identical_any(const Val &a, const Val &b) { return identical(a, b); }
inline int64_t cmp_any(int64_t a, int64_t b) { return cmp_i(a, b); }
inline int64_t cmp_any(double a, double b) { return cmp_d(a, b); }
inline int64_t cmp_any(bool a, bool b) { return cmp_b(a, b); }
inline int64_t cmp_any(const Str &a, const Str &b) { return cmp(a, b); }
inline int64_t cmp_any(const Val &a, const Val &b) { return cmp(a, b); }
template <class U> inline int64_t cmp_any(const Array<U> &a, const Array<U> &b) { return cmp(Val(to_val(a)), Val(to_val(b))); }

// ---- construction ----
// range() of ints (PHP 8.2): the step's sign is ignored; a step of 0 or larger than the span
// throws ValueError.
inline Array<int64_t> range_i(int64_t low, int64_t high, int64_t step) {
  uint64_t lstep = step < 0 ? (uint64_t)0 - (uint64_t)step : (uint64_t)step;
  if (PV_UNLIKELY(lstep == 0)) deopt();
  Vec<int64_t> v;
  if (low == high) {
    v.push_back(low);
  } else {
    uint64_t span = low > high ? (uint64_t)low - (uint64_t)high : (uint64_t)high - (uint64_t)low;
    if (PV_UNLIKELY(span < lstep)) deopt();
    uint64_t size = span / lstep + 1;
    if (PV_UNLIKELY(size >= ((uint64_t)1 << 28))) deopt();  // PHP may refuse or run out of memory
    // Sized first, then filled by index: a push_back loop stores the vector's end every step.
    v.resize((size_t)size);
    int64_t *out = v.data();
    uint64_t ul = (uint64_t)low, d = low > high ? (uint64_t)0 - lstep : lstep;
    for (uint64_t i = 0; i < size; ++i) out[i] = (int64_t)(ul + i * d);
  }
  return Array<int64_t>::packed_of(std::move(v));
}
// range() when an argument (or the step) is a float: elements are low ± i*step while within.
inline Array<double> range_d(double low, double high, double step) {
  if (step < 0.0) step = -step;
  if (PV_UNLIKELY(std::isinf(low) || std::isinf(high) || std::isnan(low) || std::isnan(high) || std::isnan(step))) deopt();
  Vec<double> v;
  if (low == high) {
    v.push_back(low);
    return Array<double>::packed_of(std::move(v));
  }
  double span = low > high ? low - high : high - low;
  if (PV_UNLIKELY(span < step || step <= 0)) deopt();
  // RANGE_CHECK_DOUBLE_INIT_ARRAY: size = round(span / step + 1), then elements while within.
  double calc = span / step + 1;
  if (PV_UNLIKELY(!(calc < (double)((uint64_t)1 << 28)))) deopt();
  uint32_t size = (uint32_t)round_d(calc, 0);
  v.reserve(size);
  double element = low;
  for (uint32_t i = 0; i < size && (low > high ? element >= high : element <= high); ++i, element = low > high ? low - (i * step) : low + (i * step))
    v.push_back(element);
  return Array<double>::packed_of(std::move(v));
}
// range(): all-int arguments give ints; a float anywhere (even an integral float step) gives floats.
template <class A, class B, class C = int64_t> inline auto range(A low, B high, C step = 1) {
  if constexpr (std::is_integral<A>::value && std::is_integral<B>::value && std::is_integral<C>::value)
    return range_i((int64_t)low, (int64_t)high, (int64_t)step);
  else
    return range_d((double)low, (double)high, (double)step);
}
// array_fill: keys start, start+1, … (a negative n throws ValueError).
template <class T> inline Array<T> array_fill(int64_t start, int64_t n, const T &v) {
  if (PV_UNLIKELY(n < 0 || n >= ((int64_t)1 << 28))) deopt();
  if (start == 0) return Array<T>::packed_of(Vec<T>((size_t)n, v));
  Array<T> a;
  if (n == 0) return a;
  a.set(start, v);
  for (int64_t i = 1; i < n; ++i) a.append(v);
  return a;
}

// ---- searching ----
template <class V, class T> inline bool in_array(const V &needle, const Array<T> &a, bool strict = false) {
  for (auto it = a.iter(); it.valid(); it.next())
    if (strict ? identical_any(needle, it.value()) : loose_eq_any(needle, it.value())) return true;
  return false;
}
template <class K, class T> inline bool array_key_exists(const K &k, const Array<T> &a) { return a.exists(k); }

// ---- sums (fast_add_function per element; strings convert silently, arrays are skipped) ----
inline num num_of_silent(int64_t v) { return num::of_int(v); }
inline num num_of_silent(double v) { return num::of_dbl(v); }
inline num num_of_silent(bool v) { return num::of_int(v ? 1 : 0); }
inline num num_of_silent(const Str &s) {
  int64_t i;
  double d;
  bool is_int;
  if (numeric_prefix(s, &i, &d, &is_int) == NOT_NUMERIC) return num::of_int(0);
  return is_int ? num::of_int(i) : num::of_dbl(d);
}
inline num num_of_silent(const Val &v) {
  switch (v.tag()) {
    case Val::STR: return num_of_silent(v.s());
    case Val::ARR: deopt();  // skipped by PHP; the caller filters them out
    default: return to_num_exact(v);
  }
}
inline bool sum_skips(const Val &v) { return v.is_array(); }
template <class T> inline bool sum_skips(const T &) { return false; }
inline num add_overflowing(num a, num b) {
  if (a.is_int && b.is_int) {
    int64_t r;
    if (__builtin_add_overflow(a.i, b.i, &r)) return num::of_dbl((double)a.i + (double)b.i);
    return num::of_int(r);
  }
  return num::of_dbl(a.as_double() + b.as_double());
}
inline num mul_overflowing(num a, num b) {
  if (a.is_int && b.is_int) {
    int64_t r;
    if (__builtin_mul_overflow(a.i, b.i, &r)) return num::of_dbl((double)a.i * (double)b.i);
    return num::of_int(r);
  }
  return num::of_dbl(a.as_double() * b.as_double());
}
template <class T> inline num array_sum(const Array<T> &a) {
  num s = num::of_int(0);
  for (auto it = a.iter(); it.valid(); it.next())
    if (!sum_skips(it.value())) s = add_overflowing(s, num_of_silent(it.value()));
  return s;
}
inline num array_sum(const Array<int64_t> &a) {
  int64_t s = 0;
  auto it = a.iter();
  for (; it.valid(); it.next())
    if (__builtin_add_overflow(s, it.value(), &s)) break;
  if (!it.valid()) return num::of_int(s);
  // Overflowed: redo from the start with PHP's int-then-float accumulation.
  num r = num::of_int(0);
  for (auto j = a.iter(); j.valid(); j.next()) r = add_overflowing(r, num::of_int(j.value()));
  return r;
}
template <class T> inline num array_product(const Array<T> &a) {
  num p = num::of_int(1);
  for (auto it = a.iter(); it.valid(); it.next())
    if (!sum_skips(it.value())) p = mul_overflowing(p, num_of_silent(it.value()));
  return p;
}

// ---- reshaping ----
template <class T> inline Array<Val> array_keys(const Array<T> &a) {
  Vec<Val> keys;
  keys.reserve((size_t)a.count());
  for (auto it = a.iter(); it.valid(); it.next()) keys.push_back(it.key_is_str() ? Val(it.key_str()) : Val(it.key_int()));
  return Array<Val>::packed_of(std::move(keys));
}
template <class T> inline Array<T> array_values(const Array<T> &a) {
  if (a.is_packed()) return a;
  Vec<T> vals;
  vals.reserve((size_t)a.count());
  for (auto it = a.iter(); it.valid(); it.next()) vals.push_back(it.value());
  return Array<T>::packed_of(std::move(vals));
}
template <class T> inline int64_t array_push(Array<T> &a, T v) {
  a.append(std::move(v));
  return a.count();
}
// array_pop: the last value; null on an empty array.
template <class T> inline Val array_pop(Array<T> &a) {
  if (a.count() == 0) return Val();
  return to_val(a.pop_last());
}
// The typed form for code that knows the array is non-empty (empty → DEOPT).
template <class T> inline T array_pop_t(Array<T> &a) {
  if (PV_UNLIKELY(a.count() == 0)) deopt();
  return a.pop_last();
}
// Rebuilds a: string keys kept, int keys renumbered from 0 (array_shift, array_slice, …).
template <class T, class F> inline Array<T> renumbered(const Array<T> &a, F keep) {
  Array<T> out;
  size_t pos = 0;
  for (auto it = a.iter(); it.valid(); it.next(), ++pos) {
    if (!keep(pos)) continue;
    if (it.key_is_str())
      out.set(it.key_str(), it.value());
    else
      out.append(it.value());
  }
  return out;
}
template <class T> inline T array_shift_t(Array<T> &a) {
  if (PV_UNLIKELY(a.count() == 0)) deopt();
  T first = a.iter().value();
  Array<T> rest = renumbered(a, [](size_t pos) { return pos > 0; });
  if (rest.count() == 0) rest.set_next_free(0);
  a = std::move(rest);
  return first;
}
template <class T> inline Val array_shift(Array<T> &a) {
  if (a.count() == 0) return Val();
  return to_val(array_shift_t(a));
}
template <class T> inline Array<T> array_reverse(const Array<T> &a) {
  Array<T> out;
  // Iterators walk forward only: collect the elements, then insert backwards.
  std::vector<std::pair<Key, T>> items;
  items.reserve((size_t)a.count());
  for (auto it = a.iter(); it.valid(); it.next()) items.emplace_back(it.key(), it.value());
  for (size_t i = items.size(); i-- > 0;) {
    if (items[i].first.is_str)
      out.set(items[i].first.s, std::move(items[i].second));
    else
      out.append(std::move(items[i].second));
  }
  return out;
}
// array_slice without preserve_keys.
template <class T> inline Array<T> array_slice(const Array<T> &a, int64_t offset, int64_t length) {
  int64_t n = a.count();
  if (offset > n) return Array<T>();
  if (offset < 0 && (offset = n + offset) < 0) offset = 0;
  if (length < 0) {
    length = n - offset + length;
  } else if (length > n - offset) {
    length = n - offset;
  }
  if (length <= 0) return Array<T>();
  size_t from = (size_t)offset, to = (size_t)(offset + length);
  if (const Vec<T> *pv = a.packed_values()) return Array<T>::packed_of(Vec<T>(pv->begin() + from, pv->begin() + to));
  return renumbered(a, [from, to](size_t pos) { return pos >= from && pos < to; });
}
template <class T> inline Array<T> array_slice(const Array<T> &a, int64_t offset) { return array_slice(a, offset, a.count()); }
// array_merge of two arrays: int keys renumbered, string keys of b overwrite a's in place.
template <class T> inline Array<T> array_merge(const Array<T> &a, const Array<T> &b) {
  if (a.is_packed() && b.count() == 0) return a;
  Array<T> out = a.is_packed() ? a : renumbered(a, [](size_t) { return true; });
  for (auto it = b.iter(); it.valid(); it.next()) {
    if (it.key_is_str())
      out.set(it.key_str(), it.value());
    else
      out.append(it.value());
  }
  return out;
}

// ---- min / max over an array: the first of equal elements; empty → ValueError ----
template <class T> inline T min(const Array<T> &a) {
  auto it = a.iter();
  if (PV_UNLIKELY(!it.valid())) deopt();
  const T *best = &it.value();
  for (it.next(); it.valid(); it.next())
    if (cmp_any(*best, it.value()) > 0) best = &it.value();
  return *best;
}
template <class T> inline T max(const Array<T> &a) {
  auto it = a.iter();
  if (PV_UNLIKELY(!it.valid())) deopt();
  const T *best = &it.value();
  for (it.next(); it.valid(); it.next())
    if (cmp_any(*best, it.value()) < 0) best = &it.value();
  return *best;
}

// ---- sort / rsort (default flags; stable, as PHP 8) ----
// PHP's comparison is not a total order for mixed numeric/non-numeric strings or NAN, where the
// result depends on zend_sort's exact steps: those inputs DEOPT; otherwise any stable sort agrees.
inline bool sortable_total(const Vec<int64_t> &) { return true; }
inline bool sortable_total(const Vec<bool> &) { return true; }
inline bool sortable_total(const Vec<double> &v) {
  for (double d : v)
    if (std::isnan(d)) return false;
  return true;
}
inline bool sortable_total(const Vec<Str> &v) {
  int kind = -1;
  for (const Str &s : v) {
    int64_t i;
    double d;
    bool is_int, oflow;
    bool numeric = numeric_prefix(s, &i, &d, &is_int, &oflow) == NUMERIC;
    if (numeric && (oflow || (!is_int && !std::isfinite(d)))) return false;
    if (kind == -1) kind = numeric;
    if (kind != (int)numeric) return false;
  }
  return true;
}
inline bool sortable_total(const Vec<Val> &v) {
  bool all_num = true, all_str = true;
  for (const Val &x : v) {
    all_num = all_num && (x.is_int() || (x.is_double() && !std::isnan(x.d())));
    all_str = all_str && x.is_str();
  }
  if (all_num) return true;
  if (!all_str) return false;
  Vec<Str> s;
  s.reserve(v.size());
  for (const Val &x : v) s.push_back(x.s());
  return sortable_total(s);
}
template <class T> inline Vec<T> values_of(const Array<T> &a) {
  if (const Vec<T> *pv = a.packed_values()) return *pv;
  Vec<T> v;
  v.reserve((size_t)a.count());
  for (auto it = a.iter(); it.valid(); it.next()) v.push_back(it.value());
  return v;
}
template <class T> inline bool sort(Array<T> &a) {
  Vec<T> v = values_of(a);
  if (PV_UNLIKELY(!sortable_total(v))) deopt();
  std::stable_sort(v.begin(), v.end(), [](const T &x, const T &y) { return cmp_any(x, y) < 0; });
  a = Array<T>::packed_of(std::move(v));
  return true;
}
template <class T> inline bool rsort(Array<T> &a) {
  Vec<T> v = values_of(a);
  if (PV_UNLIKELY(!sortable_total(v))) deopt();
  std::stable_sort(v.begin(), v.end(), [](const T &x, const T &y) { return cmp_any(x, y) > 0; });
  a = Array<T>::packed_of(std::move(v));
  return true;
}

// ---- strings ----
template <class T> inline Str implode(const Str &sep, const Array<T> &a) {
  Str out;
  bool first = true;
  for (auto it = a.iter(); it.valid(); it.next()) {
    if (!first) out += sep;
    first = false;
    out += str_of(it.value());
  }
  return out;
}
// explode without a limit; an empty separator throws ValueError.
inline Array<Str> explode(const Str &sep, const Str &s) {
  if (PV_UNLIKELY(sep.empty())) deopt();
  Vec<Str> parts;
  size_t from = 0, p;
  while ((p = s.find(sep, from)) != Str::npos) {
    parts.push_back(s.substr(from, p - from));
    from = p + sep.size();
  }
  parts.push_back(s.substr(from));
  return Array<Str>::packed_of(std::move(parts));
}

} // namespace pv

#endif
