// polyvirt runtime: pv::Array<T>, a PHP array (ordered int/string-keyed map) with copy-on-write, a packed fast path and PHP's key rules.
// Included by runtime.h only. Builtins over arrays live in array-builtins.h.
#ifndef POLYVIRT_ARRAY_H
#define POLYVIRT_ARRAY_H

#ifndef POLYVIRT_RUNTIME_H
#error "include polyvirt/runtime.h, not polyvirt/array.h"
#endif

#include <cstdlib>
#include <new>
#include <type_traits>
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
// Byte equality of two keys of length n, without a libc call for short keys (most keys).
inline bool key_bytes_eq(const char *a, const char *b, size_t n) {
  if (n > 16) return std::memcmp(a, b, n) == 0;
  uint64_t x, y;
  if (n >= 8) {
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    uint64_t d = x ^ y;
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return (d | (x ^ y)) == 0;
  }
  if (n >= 4) {
    uint32_t p, q, r, t;
    std::memcpy(&p, a, 4);
    std::memcpy(&q, b, 4);
    std::memcpy(&r, a + n - 4, 4);
    std::memcpy(&t, b + n - 4, 4);
    return ((p ^ q) | (r ^ t)) == 0;
  }
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

constexpr int64_t NEXT_FREE_UNKNOWN = INT64_MAX;

// Shared, immutable string bytes (PHP's zend_string): Val strings and array string keys are both
// boxes, so a key that foreach hands to another array's lookup is a refcount bump, and its hash
// (and whether it is an int-like key) is computed at most once per box, as zend_string caches h.
struct StrBox {
  enum : uint32_t { HASHED = 1, KEY_CHECKED = 2, KEY_INT = 4 };
  uint32_t rc;
  mutable uint32_t flags;
  mutable uint64_t h;
  Str s;
  explicit StrBox(const Str &x) : rc(1), flags(0), h(0), s(x) {}
  explicit StrBox(Str &&x) : rc(1), flags(0), h(0), s(std::move(x)) {}
  StrBox(const char *p, size_t n, uint64_t hash) : rc(1), flags(HASHED | KEY_CHECKED), h(hash), s(p, n) {}
  static void *operator new(size_t size) {
    if (void *p = box_blocks.take()) return p;
    return ::operator new(size);
  }
  static void operator delete(void *p) {
    if (!box_blocks.give(p)) ::operator delete(p);
  }
  uint64_t hash() const {
    if (!(flags & HASHED)) {
      h = hash_bytes(s.data(), s.size());
      flags |= HASHED;
    }
    return h;
  }
  // Whether the bytes are an integer-like key ("8"), which addresses the int slot 8.
  bool int_key(int64_t *out) const {
    if (flags & KEY_CHECKED) return (flags & KEY_INT) && int_like_key(s.data(), s.size(), out);
    bool r = int_like_key(s.data(), s.size(), out);
    flags |= KEY_CHECKED | (r ? KEY_INT : 0u);
    return r;
  }
};
inline void box_release(StrBox *b) {
  if (--b->rc == 0) delete b;
}

// Whether an element counts for isset(): only a Val can hold null (overloaded in val.h).
template <class T> inline bool is_null_elem(const T &) { return false; }

// A hash-mode element, PHP's Bucket: 32 bytes for 8-byte values (trivially copyable then, so
// growth moves the entry vector with memmove).
template <class T> struct ArrayEntry {
  T val;
  int64_t k;      // the int key, or the (cached) hash of the string key
  StrBox *sk;     // the string key (the entry holds one reference); nullptr: an int key or a hole
  uint32_t next;  // the next entry (number + 1) in this hash chain; 0 ends it
  bool live;      // false: unset, a hole skipped by iteration until the next compaction
};

// The entry vector of hash mode: std::vector's interface subset, but trivially copyable entries
// (8-byte values) grow with realloc, which glibc does with mremap for large blocks: no copy and no
// fresh page faults for what is already there (ary/hash1 grow a table to 1M entries per round).
template <class E> class EntVec {
 public:
  EntVec() = default;
  EntVec(const EntVec &o) {
    reserve(o.n_);
    for (size_t i = 0; i < o.n_; ++i) new (p_ + i) E(o.p_[i]);
    n_ = o.n_;
  }
  EntVec &operator=(const EntVec &) = delete;
  ~EntVec() {
    clear();
    std::free(p_);
  }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  E &operator[](size_t i) { return p_[i]; }
  const E &operator[](size_t i) const { return p_[i]; }
  E *data() { return p_; }
  E &back() { return p_[n_ - 1]; }
  E *begin() { return p_; }
  E *end() { return p_ + n_; }
  void push_back(E &&e) {
    if (PV_UNLIKELY(n_ == cap_)) reserve(cap_ ? cap_ * 2 : 8);
    new (p_ + n_) E(std::move(e));
    ++n_;
  }
  void reserve(size_t n) {
    if (n <= cap_) return;
    E *q;
    if (std::is_trivially_copyable<E>::value) {
      q = static_cast<E *>(std::realloc(static_cast<void *>(p_), n * sizeof(E)));
      if (!q) throw std::bad_alloc();
    } else {
      q = static_cast<E *>(std::malloc(n * sizeof(E)));
      if (!q) throw std::bad_alloc();
      for (size_t i = 0; i < n_; ++i) {
        new (q + i) E(std::move(p_[i]));
        p_[i].~E();
      }
      std::free(p_);
    }
    p_ = q;
    cap_ = n;
  }
  // Shrinks to w elements (compaction).
  void resize(size_t w) {
    for (size_t i = w; i < n_; ++i) p_[i].~E();
    if (w < n_) n_ = w;
  }
  void clear() { resize(0); }

 private:
  E *p_ = nullptr;
  size_t n_ = 0, cap_ = 0;
};

// The shared, refcounted representation. Packed mode: keys are exactly off..off+n-1 in order
// (off is 0 unless the first key was another small non-negative int, as PHP's packed arrays with
// leading holes: `$a[1] = …` first), values in a plain vector. Hash mode (PHP's layout): entries in
// insertion order, chained from an index of power-of-two size at least the number of entries
// (entry number + 1; 0 = empty; holes stay chained, and skipped, until compaction); pv is empty
// then, so the packed fast paths fail on their bounds check alone.
template <class T> struct ArrayBody {
  using Entry = ArrayEntry<T>;
  uint32_t rc = 1;
  bool packed = true;
  int64_t off = 0;
  // nNextFreeElement: INT64_MIN means "append at 0"; NEXT_FREE_UNKNOWN (arrays that came from a
  // host without array_next_free) makes $a[] = v DEOPT.
  int64_t next_free = INT64_MIN;
  Vec<T> pv;
  EntVec<Entry> ents;
  std::vector<uint32_t> idx;
  size_t live = 0;
  size_t nstr = 0;  // entries holding a key box

  ArrayBody() = default;
  ArrayBody(const ArrayBody &o)
      : rc(1), packed(o.packed), off(o.off), next_free(o.next_free), pv(o.pv), ents(o.ents), idx(o.idx), live(o.live), nstr(o.nstr) {
    if (nstr)
      for (Entry &e : ents)
        if (e.sk) ++e.sk->rc;
  }
  ArrayBody &operator=(const ArrayBody &) = delete;
  ~ArrayBody() {
    if (nstr)
      for (Entry &e : ents)
        if (e.sk) box_release(e.sk);
  }
};

template <class T> class Array {
 public:
  using Body = ArrayBody<T>;
  using Entry = ArrayEntry<T>;
  static constexpr size_t NPOS = ~(size_t)0;
  // The largest first key that starts a packed array at an offset (keeps off + n far from overflow).
  static constexpr int64_t MAX_OFF = (int64_t)1 << 40;
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
  // Keys exactly 0..n-1 in order (builtins return such arrays as they are).
  bool is_packed() const { return !b_ || (b_->packed && b_->off == 0); }
  // Same body (PHP would see the same zend_array); used by identity fast paths.
  bool same_body(const Array &o) const { return b_ == o.b_; }

  // ---- reads ----
  const T *find(int64_t k) const {
    const Body *b = b_;
    if (!b) return nullptr;
    uint64_t p = (uint64_t)k - (uint64_t)b->off;
    if (p < b->pv.size()) return &Slot<T>::ref(b->pv[p]);
    if (b->packed) return nullptr;
    size_t e = lookup_int(k);
    return e == NPOS ? nullptr : &b->ents[e].val;
  }
  const T *find(const Str &k) const {
    int64_t i;
    if (int_like_key(k.data(), k.size(), &i)) return find(i);
    if (!b_ || b_->packed) return nullptr;
    size_t e = lookup_str(k.data(), k.size(), hash_bytes(k.data(), k.size()), nullptr);
    return e == NPOS ? nullptr : &b_->ents[e].val;
  }
  const T *find(const Key &k) const { return k.is_str ? find_str_key(k.s) : find(k.i); }
  const T *find(const Val &k) const;  // val.h
  // String keys held in a box (a Val's string, a key from iteration): hash and int-likeness cached.
  // Named apart from the overloads, where a literal 0 would convert to a null box pointer.
  const T *find_box(const StrBox *bx) const {
    int64_t i;
    if (bx->int_key(&i)) return find(i);
    if (!b_ || b_->packed) return nullptr;
    size_t e = lookup_str(bx->s.data(), bx->s.size(), bx->hash(), bx);
    if (e == NPOS) return nullptr;
    adopt_key(e, bx);
    return &b_->ents[e].val;
  }

  // $a[k] read: a missing key warns "Undefined array key".
  const T &get(int64_t k) const {
    const Body *b = b_;
    if (PV_LIKELY(b != nullptr)) {
      uint64_t p = (uint64_t)k - (uint64_t)b->off;
      if (PV_LIKELY(p < b->pv.size())) return Slot<T>::ref(b->pv[p]);
    }
    return get_slow(k);
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
    Body *b = b_;
    if (PV_LIKELY(b && b->rc == 1)) {
      uint64_t p = (uint64_t)k - (uint64_t)b->off;
      size_t n = b->pv.size();
      if (PV_LIKELY(p < n)) {
        Slot<T>::ref(b->pv[p]) = std::move(v);
        return;
      }
      if (p == n && b->packed && n != 0) {
        b->pv.push_back(std::move(v));
        if (b->next_free <= k) b->next_free = k + 1;
        return;
      }
    }
    *slot_int(k) = std::move(v);
  }
  void set(const Str &k, T v) {
    int64_t i;
    if (int_like_key(k.data(), k.size(), &i)) return set(i, std::move(v));
    *slot_str(k.data(), k.size(), hash_bytes(k.data(), k.size()), nullptr) = std::move(v);
  }
  void set(const Key &k, T v) {
    if (k.is_str)
      set_str_key(k.s, std::move(v));
    else
      set(k.i, std::move(v));
  }
  void set(const Val &k, T v);  // val.h
  void set_box(const StrBox *bx, T v) {
    int64_t i;
    if (bx->int_key(&i)) return set(i, std::move(v));
    *slot_str(bx->s.data(), bx->s.size(), bx->hash(), bx) = std::move(v);
  }

  // $a[k] op= v: the existing element; a missing key warns.
  T &at_mut(int64_t k) {
    Body *b = b_;
    if (PV_LIKELY(b && b->rc == 1)) {
      uint64_t p = (uint64_t)k - (uint64_t)b->off;
      if (PV_LIKELY(p < b->pv.size())) return Slot<T>::ref(b->pv[p]);
    }
    return at_mut_slow(k);
  }
  T &at_mut(const Str &k) {
    int64_t i;
    if (int_like_key(k.data(), k.size(), &i)) return at_mut(i);
    return existing_str(k.data(), k.size(), hash_bytes(k.data(), k.size()), nullptr);
  }
  T &at_mut(const Key &k) { return k.is_str ? existing_str(k.s.data(), k.s.size(), hash_bytes(k.s.data(), k.s.size()), nullptr) : at_mut(k.i); }
  T &at_mut(const Val &k);  // val.h
  T &at_mut_box(const StrBox *bx) {
    int64_t i;
    if (bx->int_key(&i)) return at_mut(i);
    return existing_str(bx->s.data(), bx->s.size(), bx->hash(), bx);
  }

  // $a[k][…] = v / $a[k][] = v: PHP creates the inner array silently when the key is missing.
  T &lval_mut(int64_t k) {
    Body *b = b_;
    if (PV_LIKELY(b && b->rc == 1)) {
      uint64_t p = (uint64_t)k - (uint64_t)b->off;
      if (PV_LIKELY(p < b->pv.size())) return Slot<T>::ref(b->pv[p]);
    }
    return *slot_int(k);
  }
  T &lval_mut(const Str &k) {
    int64_t i;
    if (int_like_key(k.data(), k.size(), &i)) return lval_mut(i);
    return *slot_str(k.data(), k.size(), hash_bytes(k.data(), k.size()), nullptr);
  }
  T &lval_mut(const Key &k) { return k.is_str ? *slot_str(k.s.data(), k.s.size(), hash_bytes(k.s.data(), k.s.size()), nullptr) : lval_mut(k.i); }
  T &lval_mut(const Val &k);  // val.h
  T &lval_mut_box(const StrBox *bx) {
    int64_t i;
    if (bx->int_key(&i)) return lval_mut(i);
    return *slot_str(bx->s.data(), bx->s.size(), bx->hash(), bx);
  }

  // $a[] = v. At PHP_INT_MAX PHP throws "Cannot add element…": DEOPT.
  void append(T v) {
    Body *b = b_;
    if (PV_LIKELY(b && b->rc == 1 && b->packed)) {
      int64_t k = b->next_free == INT64_MIN ? 0 : b->next_free;
      if (PV_LIKELY((uint64_t)k - (uint64_t)b->off == b->pv.size() && k != INT64_MAX)) {
        b->pv.push_back(std::move(v));
        b->next_free = k + 1;
        return;
      }
    }
    append_slow(std::move(v));
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
    kill(lookup_int(k));
  }
  void unset(const Str &k) {
    int64_t i;
    if (int_like_key(k.data(), k.size(), &i)) return unset(i);
    if (!find(k)) return;
    mut();
    kill(lookup_str(k.data(), k.size(), hash_bytes(k.data(), k.size()), nullptr));
  }
  void unset(const Key &k) {
    if (k.is_str)
      unset_str_key(k.s);
    else
      unset(k.i);
  }
  void unset(const Val &k);  // val.h
  void unset_box(const StrBox *bx) {
    int64_t i;
    if (bx->int_key(&i)) return unset(i);
    if (!find_box(bx)) return;
    mut();
    kill(lookup_str(bx->s.data(), bx->s.size(), bx->hash(), bx));
  }

  // ---- iteration in PHP order, over a snapshot (a refcount bump, as PHP's foreach by value) ----
  // The snapshot's body cannot change while the iterator holds it (any write to the array being
  // iterated separates first), so its mode and length are read once.
  class Iter {
   public:
    explicit Iter(const Array &a) : a_(a) {
      if (const Body *b = a_.b_) {
        packed_ = b->packed;
        n_ = packed_ ? b->pv.size() : b->ents.size();
      }
      skip();
    }
    bool valid() const { return pos_ < n_; }
    void next() {
      ++pos_;
      skip();
    }
    const T &value() const { return packed_ ? Slot<T>::ref(a_.b_->pv[pos_]) : a_.b_->ents[pos_].val; }
    bool key_is_str() const { return !packed_ && a_.b_->ents[pos_].sk; }
    int64_t key_int() const { return packed_ ? a_.b_->off + (int64_t)pos_ : a_.b_->ents[pos_].k; }
    const Str &key_str() const { return a_.b_->ents[pos_].sk->s; }
    const StrBox *key_box() const { return a_.b_->ents[pos_].sk; }
    Key key() const { return key_is_str() ? Key{true, 0, key_str()} : Key{false, key_int(), Str()}; }
    // The key as a value: a string key shares its box (no copy of the bytes).
    template <class V = Val> V key_val() const { return key_is_str() ? V::of_box(a_.b_->ents[pos_].sk) : V(key_int()); }

   private:
    void skip() {
      if (!packed_)
        while (pos_ < n_ && !a_.b_->ents[pos_].live) ++pos_;
    }
    Array a_;
    bool packed_ = true;
    size_t n_ = 0;
    size_t pos_ = 0;
  };
  Iter iter() const { return Iter(*this); }

  // ---- internals shared with array-builtins.h and marshal.h ----
  int64_t next_free() const { return b_ ? b_->next_free : INT64_MIN; }
  void set_next_free(int64_t n) { mut()->next_free = n; }
  // The packed values (keys 0..n-1), for builtins that run over them directly (else nullptr).
  const Vec<T> *packed_values() const { return b_ && b_->packed && b_->off == 0 ? &b_->pv : nullptr; }
  // Room for n elements (array_new / from_host): packed values, or entries when the keys will not
  // be packed.
  void reserve(size_t n, bool packed) {
    Body *b = mut();
    if (packed && b->packed)
      b->pv.reserve(n);
    else if (!packed && b->ents.empty()) {
      if (b->packed) to_hash();
      size_t cap = b->idx.empty() ? 8 : b->idx.size();
      while (n > cap) cap *= 2;
      if (cap > b->idx.size()) {
        b->ents.reserve(cap);
        rebuild_index(cap);
      }
    }
  }
  // Removes and returns the last element (array_pop).
  T pop_last() {
    Body *b = mut();
    T v;
    int64_t k;
    bool is_int;
    if (b->packed) {
      v = std::move(Slot<T>::ref(b->pv.back()));
      b->pv.pop_back();
      k = b->off + (int64_t)b->pv.size();
      is_int = true;
    } else {
      size_t e = b->ents.size();
      while (!b->ents[e - 1].live) --e;
      Entry &en = b->ents[e - 1];
      v = std::move(en.val);
      k = en.k;
      is_int = !en.sk;
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
    if (PV_LIKELY(b_ && b_->rc == 1)) return b_;
    return separate();
  }
  [[gnu::noinline]] Body *separate() {
    if (!b_) {
      b_ = new Body();
    } else if (b_->rc > 1) {
      Body *c = new Body(*b_);
      --b_->rc;
      b_ = c;
    }
    return b_;
  }
  [[gnu::noinline]] const T &get_slow(int64_t k) const { return deref(find(k)); }
  [[gnu::noinline]] T &at_mut_slow(int64_t k) {
    Body *b = mut();
    T *p = nullptr;
    if (b->packed) {
      uint64_t q = (uint64_t)k - (uint64_t)b->off;
      if (q < b->pv.size()) p = &Slot<T>::ref(b->pv[q]);
    } else {
      size_t e = lookup_int(k);
      if (e != NPOS) p = &b->ents[e].val;
    }
    if (PV_UNLIKELY(!p)) deopt();
    return *p;
  }
  [[gnu::noinline]] void append_slow(T v) {
    Body *b = mut();
    int64_t k = b->next_free == INT64_MIN ? 0 : b->next_free;
    if (PV_UNLIKELY(k == INT64_MAX)) deopt();
    *slot_int(k) = std::move(v);
  }
  // The slot of int key k, created (T()) when missing: packed while keys stay in order.
  [[gnu::noinline]] T *slot_int(int64_t k) {
    Body *b = mut();
    if (b->packed) {
      size_t n = b->pv.size();
      if (n == 0 && k >= 0 && k <= MAX_OFF) b->off = k;
      uint64_t p = (uint64_t)k - (uint64_t)b->off;
      if (p < n) return &Slot<T>::ref(b->pv[p]);
      if (p == n) {
        b->pv.emplace_back();
        if (b->next_free <= k) b->next_free = k + 1;
        return &Slot<T>::ref(b->pv.back());
      }
      to_hash();
    }
    return hash_slot_int(k);
  }
  // The slot of string key (bytes s, hash h, box bx when the caller has one), created when missing.
  [[gnu::noinline]] T *slot_str(const char *s, size_t n, uint64_t h, const StrBox *bx) {
    Body *b = mut();
    if (b->packed) to_hash();
    size_t e = lookup_str(s, n, h, bx);
    if (e != NPOS) {
      adopt_key(e, bx);
      return &b->ents[e].val;
    }
    reserve_one();
    StrBox *key;
    if (bx) {
      key = const_cast<StrBox *>(bx);
      ++key->rc;
    } else {
      key = new StrBox(s, n, h);
    }
    b->ents.push_back(Entry{T(), (int64_t)h, key, 0, true});
    insert_index(b->ents.size() - 1);
    ++b->live;
    ++b->nstr;
    return &b->ents.back().val;
  }
  T &existing_str(const char *s, size_t n, uint64_t h, const StrBox *bx) {
    Body *b = mut();
    size_t e = b->packed ? NPOS : lookup_str(s, n, h, bx);
    if (PV_UNLIKELY(e == NPOS)) deopt();
    adopt_key(e, bx);
    return b->ents[e].val;
  }
  // A box that matched entry e's key by its bytes becomes the entry's key (PHP interns string
  // keys; this gets the same effect lazily): the next lookup with that box matches by identity,
  // without touching the key's bytes (foreach over one hash, lookups in another: hash2). Only in
  // an unshared body: a shared one may be under iteration, whose key_str() references must stay.
  void adopt_key(size_t e, const StrBox *bx) const {
    Body *b = b_;
    if (!bx || b->rc != 1) return;
    Entry &en = b->ents[e];
    if (en.sk == bx) return;
    StrBox *nb = const_cast<StrBox *>(bx);
    ++nb->rc;
    box_release(en.sk);
    en.sk = nb;
  }
  const T *find_str_key(const Str &s) const {
    if (!b_ || b_->packed) return nullptr;
    size_t e = lookup_str(s.data(), s.size(), hash_bytes(s.data(), s.size()), nullptr);
    return e == NPOS ? nullptr : &b_->ents[e].val;
  }
  void set_str_key(const Str &s, T v) { *slot_str(s.data(), s.size(), hash_bytes(s.data(), s.size()), nullptr) = std::move(v); }
  void unset_str_key(const Str &s) {
    if (!find_str_key(s)) return;
    mut();
    kill(lookup_str(s.data(), s.size(), hash_bytes(s.data(), s.size()), nullptr));
  }
  size_t lookup_int(int64_t k) const {
    const Body *b = b_;
    if (b->idx.empty()) return NPOS;
    for (uint32_t e = b->idx[(uint64_t)k & (b->idx.size() - 1)]; e;) {
      const Entry &en = b->ents[e - 1];
      if (en.k == k && !en.sk && en.live) return e - 1;
      e = en.next;
    }
    return NPOS;
  }
  // A box is matched by identity first (keys from iteration reach the array they came from, or
  // another array they were inserted into, as the same box), then by hash and bytes.
  size_t lookup_str(const char *s, size_t n, uint64_t h, const StrBox *bx) const {
    const Body *b = b_;
    if (b->idx.empty()) return NPOS;
    for (uint32_t e = b->idx[(size_t)h & (b->idx.size() - 1)]; e;) {
      const Entry &en = b->ents[e - 1];
      const StrBox *k = en.sk;
      if (k && (k == bx || ((uint64_t)en.k == h && k->s.size() == n && key_bytes_eq(k->s.data(), s, n)))) return e - 1;
      e = en.next;
    }
    return NPOS;
  }
  // Room for one more entry: the index stays at least as large as the entry vector (holes
  // included); holes are compacted away when they are more than half of it.
  void reserve_one() {
    Body *b = b_;
    if (PV_LIKELY(b->ents.size() + 1 <= b->idx.size())) return;
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
    uint32_t *idx = b->idx.data();
    size_t mask = cap - 1;
    Entry *ents = b->ents.data();
    for (size_t e = 0, n = b->ents.size(); e < n; ++e) {
      if (!ents[e].live) continue;
      uint32_t &head = idx[(uint64_t)ents[e].k & mask];
      ents[e].next = head;
      head = (uint32_t)(e + 1);
    }
  }
  void insert_index(size_t e) {
    Body *b = b_;
    uint32_t &head = b->idx[(uint64_t)b->ents[e].k & (b->idx.size() - 1)];
    b->ents[e].next = head;
    head = (uint32_t)(e + 1);
  }
  // The value slot of int key k in hash mode, created when missing. Body unshared.
  T *hash_slot_int(int64_t k) {
    size_t e = lookup_int(k);
    if (e != NPOS) return &b_->ents[e].val;
    reserve_one();
    Body *b = b_;
    b->ents.push_back(Entry{T(), k, nullptr, 0, true});
    insert_index(b->ents.size() - 1);
    ++b->live;
    if (b->next_free == INT64_MIN || k >= b->next_free) b->next_free = k == INT64_MAX ? INT64_MAX : k + 1;
    return &b->ents.back().val;
  }
  void kill(size_t e) {
    Body *b = b_;
    Entry &en = b->ents[e];
    en.live = false;
    en.val = T();  // release what the element held now, as PHP does
    if (en.sk) {
      box_release(en.sk);
      en.sk = nullptr;
      --b->nstr;
    }
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
    for (size_t i = 0; i < n; ++i) b->ents.push_back(Entry{std::move(Slot<T>::ref(b->pv[i])), b->off + (int64_t)i, nullptr, 0, true});
    b->pv.clear();
    b->pv.shrink_to_fit();
    b->off = 0;
    b->live = n;
    b->packed = false;
    rebuild_index(cap);
  }

  Body *b_ = nullptr;
};

} // namespace pv

#endif
