// polyvirt runtime: pv::Array<T>, a PHP array (ordered int/string-keyed map) with copy-on-write, a packed fast path and PHP's key rules.
// Included by runtime.h only. Builtins over arrays live in array-builtins.h.
#ifndef POLYVIRT_ARRAY_H
#define POLYVIRT_ARRAY_H

#ifndef POLYVIRT_RUNTIME_H
#error "include polyvirt/runtime.h, not polyvirt/array.h"
#endif

#include <utility>
#include <vector>

namespace pv {

struct Val;

// The vector behind packed arrays. bool elements are stored wrapped: std::vector<bool> packs bits
// and hands out proxies, but Array<bool>::get must return a real const bool &.
struct BoolSlot {
  bool v;
  BoolSlot(bool b = false) : v(b) {}
  operator bool() const { return v; }
};
template <class T> struct Slot {
  using type = T;
  static T &ref(T &s) { return s; }
  static const T &ref(const T &s) { return s; }
};
template <> struct Slot<bool> {
  using type = BoolSlot;
  static bool &ref(BoolSlot &s) { return s.v; }
  static const bool &ref(const BoolSlot &s) { return s.v; }
};
template <class T> using Vec = std::vector<typename Slot<T>::type>;

// ---- keys ----
// A normalized PHP key: integer-like strings ("8", "-3", not "08" / "-0" / " 8") are ints.
struct Key {
  bool is_str;
  int64_t i;
  Str s;
};

// ZEND_HANDLE_NUMERIC_STR: is this string key an int key?
inline bool int_like_key(const char *p, size_t n, int64_t *out) {
  if (n == 0 || n > 20) return false;
  const char *q = p, *end = p + n;
  bool neg = *q == '-';
  if (neg) ++q;
  if (q == end || *q < '0' || *q > '9') return false;
  if (*q == '0' && end - q > 1) return false;
  if (end - q > 19) return false;
  uint64_t m = 0;
  for (; q < end; ++q) {
    if (*q < '0' || *q > '9') return false;
    m = m * 10 + (uint64_t)(*q - '0');
  }
  if (neg) {
    if (m == 0 || m > (uint64_t)1 << 63) return false;  // "-0" stays a string
    *out = (int64_t)(0 - m);
  } else {
    if (m > (uint64_t)INT64_MAX) return false;
    *out = (int64_t)m;
  }
  return true;
}
inline Key key_of(int64_t i) { return Key{false, i, Str()}; }
inline Key key_of(bool b) { return Key{false, b ? 1 : 0, Str()}; }
inline Key key_of(const Str &s) {
  int64_t i;
  if (int_like_key(s.data(), s.size(), &i)) return Key{false, i, Str()};
  return Key{true, 0, s};
}
// Float keys truncate; PHP 8.1+ deprecates fractional (and out-of-range) ones: DEOPT.
inline Key key_of(double d) { return Key{false, dval_to_lval_exact(d), Str()}; }
inline Key key_of(num n) { return n.is_int ? key_of(n.i) : key_of(n.d); }
inline const Key &key_of(const Key &k) { return k; }
inline Key key_of(const Val &v);  // val.h

// ---- hashing, as PHP does it: DJBX33A for strings, the key itself for ints ----
// Measured: a strong mixing hash (wyhash-style) made 1M-key tables 4x slower than PHP, because
// sequential keys (dechex($i), "foo_$i", $i) then touch the index at random, one cache miss per
// access; these weak hashes send neighbouring keys to neighbouring slots, as in PHP. Collisions
// are chained (not probed), so clustering of weak hashes costs no more than it costs PHP.
inline uint64_t hash_bytes(const char *p, size_t n) {
  uint64_t h = 5381;
  for (size_t i = 0; i < n; ++i) h = h * 33 + (unsigned char)p[i];
  return h;
}
inline uint64_t hash_int(int64_t k) { return (uint64_t)k; }

constexpr int64_t NEXT_FREE_UNKNOWN = INT64_MAX;

// Whether an element counts for isset(): only a Val can hold null (overloaded in val.h).
template <class T> inline bool is_null_elem(const T &) { return false; }

template <class T> struct ArrayEntry {
  uint64_t h;  // cached hash of the key
  int64_t ikey;
  Str skey;
  T val;
  uint32_t next;  // the next entry (number + 1) in this hash chain; 0 ends it
  bool is_str;
  bool live;  // false: unset, a hole skipped by iteration until the next compaction
};

// The shared, refcounted representation. Packed mode: keys are exactly 0..n-1 in order, values in
// a plain vector. Hash mode (PHP's layout): entries in insertion order, chained from an index of
// power-of-two size at least the number of entries (entry number + 1; 0 = empty; holes stay
// chained, and skipped, until compaction).
template <class T> struct ArrayBody {
  uint32_t rc = 1;
  bool packed = true;
  // nNextFreeElement: INT64_MIN means "append at 0"; NEXT_FREE_UNKNOWN (arrays that came from the
  // host, whose PHP value may have had trailing elements unset) makes $a[] = v DEOPT.
  int64_t next_free = INT64_MIN;
  Vec<T> pv;
  std::vector<ArrayEntry<T>> ents;
  std::vector<uint32_t> idx;
  size_t live = 0;
};

template <class T> class Array {
 public:
  using Body = ArrayBody<T>;
  using Entry = ArrayEntry<T>;
  static constexpr size_t NPOS = ~(size_t)0;
  static const T &deref(const T *p) {
    if (PV_UNLIKELY(!p)) deopt();
    return *p;
  }

  Array() = default;
  Array(const Array &o) : b_(o.b_) {
    if (b_) ++b_->rc;
  }
  Array(Array &&o) noexcept : b_(o.b_) { o.b_ = nullptr; }
  Array &operator=(const Array &o) {
    if (o.b_) ++o.b_->rc;
    release();
    b_ = o.b_;
    return *this;
  }
  Array &operator=(Array &&o) noexcept {
    if (this != &o) {
      release();
      b_ = o.b_;
      o.b_ = nullptr;
    }
    return *this;
  }
  ~Array() { release(); }

  // A packed array built from values (keys 0..n-1).
  static Array packed_of(Vec<T> vals) {
    Array a;
    if (vals.empty()) return a;
    a.b_ = new Body();
    a.b_->next_free = (int64_t)vals.size();
    a.b_->pv = std::move(vals);
    return a;
  }

  int64_t count() const { return b_ ? (int64_t)(b_->packed ? b_->pv.size() : b_->live) : 0; }
  bool is_packed() const { return !b_ || b_->packed; }
  // Same body (PHP would see the same zend_array); used by identity fast paths.
  bool same_body(const Array &o) const { return b_ == o.b_; }

  // ---- reads ----
  const T *find(int64_t k) const {
    if (!b_) return nullptr;
    if (b_->packed) return (uint64_t)k < b_->pv.size() ? &Slot<T>::ref(b_->pv[(size_t)k]) : nullptr;
    size_t e = lookup_int(k);
    return e == NPOS ? nullptr : &b_->ents[e].val;
  }
  const T *find(const Str &k) const {
    int64_t i;
    if (int_like_key(k.data(), k.size(), &i)) return find(i);
    if (!b_ || b_->packed) return nullptr;
    size_t e = lookup_str(k.data(), k.size(), hash_bytes(k.data(), k.size()));
    return e == NPOS ? nullptr : &b_->ents[e].val;
  }
  const T *find(const Key &k) const { return k.is_str ? find_str_key(k.s) : find(k.i); }
  const T *find(const Val &k) const { return find(key_of(k)); }

  // $a[k] read: a missing key warns "Undefined array key".
  const T &get(int64_t k) const {
    if (b_ && b_->packed && (uint64_t)k < b_->pv.size()) return Slot<T>::ref(b_->pv[(size_t)k]);
    const T *p = find(k);
    if (PV_UNLIKELY(!p)) deopt();
    return *p;
  }
  const T &get(const Str &k) const { return deref(find(k)); }
  const T &get(const Key &k) const { return deref(find(k)); }
  const T &get(const Val &k) const { return deref(find(k)); }
  template <class K> bool exists(const K &k) const { return find(k) != nullptr; }
  template <class K> bool isset(const K &k) const {
    const T *p = find(k);
    return p && !is_null_elem(*p);
  }

  // ---- writes (each separates a shared body first) ----
  void set(int64_t k, T v) {
    Body *b = mut();
    if (b->packed) {
      if ((uint64_t)k < b->pv.size()) {
        Slot<T>::ref(b->pv[(size_t)k]) = std::move(v);
        return;
      }
      if ((uint64_t)k == b->pv.size()) {
        b->pv.push_back(std::move(v));
        if (b->next_free <= k) b->next_free = k + 1;
        return;
      }
      to_hash();
    }
    *hash_slot_int(k, true) = std::move(v);
  }
  void set(const Str &k, T v) {
    int64_t i;
    if (int_like_key(k.data(), k.size(), &i)) return set(i, std::move(v));
    mut();
    if (b_->packed) to_hash();
    *hash_slot_str(k, true) = std::move(v);
  }
  void set(const Key &k, T v) {
    if (k.is_str)
      set_str_key(k.s, std::move(v));
    else
      set(k.i, std::move(v));
  }
  void set(const Val &k, T v) { set(key_of(k), std::move(v)); }

  // $a[k] op= v: the existing element; a missing key warns.
  T &at_mut(int64_t k) {
    Body *b = mut();
    if (b->packed) {
      if (PV_UNLIKELY((uint64_t)k >= b->pv.size())) deopt();
      return Slot<T>::ref(b->pv[(size_t)k]);
    }
    T *p = hash_slot_int(k, false);
    if (PV_UNLIKELY(!p)) deopt();
    return *p;
  }
  T &at_mut(const Str &k) {
    int64_t i;
    if (int_like_key(k.data(), k.size(), &i)) return at_mut(i);
    mut();
    T *p = b_->packed ? nullptr : hash_slot_str(k, false);
    if (PV_UNLIKELY(!p)) deopt();
    return *p;
  }
  T &at_mut(const Key &k) { return k.is_str ? at_mut(k.s) : at_mut(k.i); }
  T &at_mut(const Val &k) { return at_mut(key_of(k)); }

  // $a[k][…] = v / $a[k][] = v: PHP creates the inner array silently when the key is missing.
  T &lval_mut(int64_t k) {
    Body *b = mut();
    if (b->packed) {
      if ((uint64_t)k < b->pv.size()) return Slot<T>::ref(b->pv[(size_t)k]);
      if ((uint64_t)k == b->pv.size()) {
        b->pv.emplace_back();
        if (b->next_free <= k) b->next_free = k + 1;
        return Slot<T>::ref(b->pv.back());
      }
      to_hash();
    }
    return *hash_slot_int(k, true);
  }
  T &lval_mut(const Str &k) {
    int64_t i;
    if (int_like_key(k.data(), k.size(), &i)) return lval_mut(i);
    mut();
    if (b_->packed) to_hash();
    return *hash_slot_str(k, true);
  }
  T &lval_mut(const Key &k) { return k.is_str ? lval_mut(k.s) : lval_mut(k.i); }
  T &lval_mut(const Val &k) { return lval_mut(key_of(k)); }

  // $a[] = v. At PHP_INT_MAX PHP throws "Cannot add element…": DEOPT.
  void append(T v) {
    Body *b = mut();
    int64_t k = b->next_free == INT64_MIN ? 0 : b->next_free;
    if (PV_UNLIKELY(k == INT64_MAX)) deopt();
    if (b->packed && (uint64_t)k == b->pv.size()) {
      b->pv.push_back(std::move(v));
      b->next_free = k + 1;  // k < INT64_MAX here
      return;
    }
    set(k, std::move(v));
  }
  // $a[][…] = v: appends an empty element and returns it.
  T &append_mut() {
    append(T());
    Body *b = b_;
    return b->packed ? Slot<T>::ref(b->pv.back()) : b->ents.back().val;
  }

  void unset(int64_t k) {
    if (!find(k)) return;  // no separation needed when nothing changes
    Body *b = mut();
    if (b->packed) to_hash();
    size_t e = lookup_int(k);
    kill(e);
  }
  void unset(const Str &k) {
    int64_t i;
    if (int_like_key(k.data(), k.size(), &i)) return unset(i);
    if (!find(k)) return;
    mut();
    kill(lookup_str(k.data(), k.size(), hash_bytes(k.data(), k.size())));
  }
  void unset(const Key &k) {
    if (k.is_str)
      unset_str_key(k.s);
    else
      unset(k.i);
  }
  void unset(const Val &k) { unset(key_of(k)); }

  // ---- iteration in PHP order, over a snapshot (a refcount bump, as PHP's foreach by value) ----
  class Iter {
   public:
    explicit Iter(const Array &a) : a_(a) { skip(); }
    bool valid() const { return a_.b_ && pos_ < (a_.b_->packed ? a_.b_->pv.size() : a_.b_->ents.size()); }
    void next() {
      ++pos_;
      skip();
    }
    const T &value() const { return a_.b_->packed ? Slot<T>::ref(a_.b_->pv[pos_]) : a_.b_->ents[pos_].val; }
    bool key_is_str() const { return !a_.b_->packed && a_.b_->ents[pos_].is_str; }
    int64_t key_int() const { return a_.b_->packed ? (int64_t)pos_ : a_.b_->ents[pos_].ikey; }
    const Str &key_str() const { return a_.b_->ents[pos_].skey; }
    Key key() const { return key_is_str() ? Key{true, 0, key_str()} : Key{false, key_int(), Str()}; }
    template <class V = Val> V key_val() const { return key_is_str() ? V(key_str()) : V(key_int()); }

   private:
    void skip() {
      if (a_.b_ && !a_.b_->packed)
        while (pos_ < a_.b_->ents.size() && !a_.b_->ents[pos_].live) ++pos_;
    }
    Array a_;
    size_t pos_ = 0;
  };
  Iter iter() const { return Iter(*this); }

  // ---- internals shared with array-builtins.h ----
  int64_t next_free() const { return b_ ? b_->next_free : INT64_MIN; }
  void set_next_free(int64_t n) { mut()->next_free = n; }
  // The packed values, for builtins that run over them directly (nullptr unless packed).
  const Vec<T> *packed_values() const { return b_ && b_->packed ? &b_->pv : nullptr; }
  // Removes and returns the last element (array_pop).
  T pop_last() {
    Body *b = mut();
    T v;
    int64_t k;
    bool is_int;
    if (b->packed) {
      v = std::move(Slot<T>::ref(b->pv.back()));
      b->pv.pop_back();
      k = (int64_t)b->pv.size();
      is_int = true;
    } else {
      size_t e = b->ents.size();
      while (!b->ents[e - 1].live) --e;
      Entry &en = b->ents[e - 1];
      v = std::move(en.val);
      k = en.ikey;
      is_int = !en.is_str;
      kill(e - 1);
    }
    if (is_int && b->next_free != INT64_MIN && k == b->next_free - 1) b->next_free = k;
    return v;
  }

 private:
  void release() {
    if (b_ && --b_->rc == 0) delete b_;
    b_ = nullptr;
  }
  Body *mut() {
    if (!b_) {
      b_ = new Body();
    } else if (b_->rc > 1) {
      Body *c = new Body(*b_);
      c->rc = 1;
      --b_->rc;
      b_ = c;
    }
    return b_;
  }
  const T *find_str_key(const Str &s) const {
    if (!b_ || b_->packed) return nullptr;
    size_t e = lookup_str(s.data(), s.size(), hash_bytes(s.data(), s.size()));
    return e == NPOS ? nullptr : &b_->ents[e].val;
  }
  void set_str_key(const Str &s, T v) {
    mut();
    if (b_->packed) to_hash();
    *hash_slot_str(s, true) = std::move(v);
  }
  void unset_str_key(const Str &s) {
    if (!find_str_key(s)) return;
    mut();
    kill(lookup_str(s.data(), s.size(), hash_bytes(s.data(), s.size())));
  }
  size_t lookup_int(int64_t k) const {
    const Body *b = b_;
    if (b->idx.empty()) return NPOS;
    uint64_t h = hash_int(k);
    for (uint32_t e = b->idx[(size_t)h & (b->idx.size() - 1)]; e;) {
      const Entry &en = b->ents[e - 1];
      if (en.ikey == k && !en.is_str && en.live) return e - 1;
      e = en.next;
    }
    return NPOS;
  }
  size_t lookup_str(const char *s, size_t n, uint64_t h) const {
    const Body *b = b_;
    if (b->idx.empty()) return NPOS;
    for (uint32_t e = b->idx[(size_t)h & (b->idx.size() - 1)]; e;) {
      const Entry &en = b->ents[e - 1];
      if (en.h == h && en.is_str && en.live && en.skey.size() == n && std::memcmp(en.skey.data(), s, n) == 0) return e - 1;
      e = en.next;
    }
    return NPOS;
  }
  // Room for one more entry: the index stays at least as large as the entry vector (holes
  // included); holes are compacted away when they are more than half of it.
  void reserve_one() {
    Body *b = b_;
    if (b->ents.size() + 1 <= b->idx.size()) return;
    if (b->ents.size() - b->live > b->ents.size() / 2) {
      compact();
      if (b->ents.size() + 1 <= b->idx.size()) return;
    }
    size_t cap = b->idx.empty() ? 8 : b->idx.size() * 2;
    while (b->ents.size() + 1 > cap) cap *= 2;
    b->ents.reserve(cap);
    rebuild_index(cap);
  }
  void compact() {
    Body *b = b_;
    size_t w = 0;
    for (size_t r = 0; r < b->ents.size(); ++r)
      if (b->ents[r].live) {
        if (w != r) b->ents[w] = std::move(b->ents[r]);
        ++w;
      }
    b->ents.resize(w);
    rebuild_index(b->idx.size());
  }
  void rebuild_index(size_t cap) {
    Body *b = b_;
    if (PV_UNLIKELY(cap > ((size_t)1 << 31))) deopt();
    b->idx.assign(cap, 0);
    for (size_t e = 0; e < b->ents.size(); ++e) {
      if (!b->ents[e].live) continue;
      insert_index(e);
    }
  }
  void insert_index(size_t e) {
    Body *b = b_;
    uint32_t &head = b->idx[(size_t)b->ents[e].h & (b->idx.size() - 1)];
    b->ents[e].next = head;
    head = (uint32_t)(e + 1);
  }
  // The value slot of int key k (created when `create`, else nullptr when missing). Body unshared.
  T *hash_slot_int(int64_t k, bool create) {
    size_t e = lookup_int(k);
    if (e != NPOS) return &b_->ents[e].val;
    if (!create) return nullptr;
    reserve_one();
    Body *b = b_;
    b->ents.push_back(Entry{hash_int(k), k, Str(), T(), 0, false, true});
    insert_index(b->ents.size() - 1);
    ++b->live;
    if (b->next_free == INT64_MIN || k >= b->next_free) b->next_free = k == INT64_MAX ? INT64_MAX : k + 1;
    return &b->ents.back().val;
  }
  T *hash_slot_str(const Str &k, bool create) {
    uint64_t h = hash_bytes(k.data(), k.size());
    size_t e = lookup_str(k.data(), k.size(), h);
    if (e != NPOS) return &b_->ents[e].val;
    if (!create) return nullptr;
    reserve_one();
    Body *b = b_;
    b->ents.push_back(Entry{h, 0, k, T(), 0, true, true});
    insert_index(b->ents.size() - 1);
    ++b->live;
    return &b->ents.back().val;
  }
  void kill(size_t e) {
    Body *b = b_;
    b->ents[e].live = false;
    b->ents[e].val = T();  // release what the element held now, as PHP does
    b->ents[e].skey = Str();
    --b->live;
  }
  // Leaves packed mode (a key other than the next index, a string key, or an unset).
  void to_hash() {
    Body *b = b_;
    size_t n = b->pv.size();
    size_t cap = 8;
    while (n + 1 > cap) cap *= 2;
    b->ents.clear();
    b->ents.reserve(cap);
    for (size_t i = 0; i < n; ++i) b->ents.push_back(Entry{hash_int((int64_t)i), (int64_t)i, Str(), std::move(Slot<T>::ref(b->pv[i])), 0, false, true});
    b->pv.clear();
    b->pv.shrink_to_fit();
    b->live = n;
    b->packed = false;
    rebuild_index(cap);
  }

  Body *b_ = nullptr;
};

} // namespace pv

#endif
