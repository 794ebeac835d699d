// polyvirt runtime: PHP objects in kernels — refcounted handles (identity = one body per object) to native objects or lazily loaded host objects, and their commit.
// Included by runtime.h only.
//
// Codegen emits one `struct O_<class> final : pv::ObjBase` per class a module uses, with one typed
// C++ field per declared property (the type the frontend inferred or the declaration fixed) and
// per-property accessors. Two kinds of bodies share that struct:
// - native: created by `new` inside the kernel. `have` has a bit per property holding a value
//   (defaults at creation, then every write); a property without a bit is an untyped one still
//   null by default or a typed one still uninitialized: reading it DEOPTs (PHP reads null there
//   or throws "must not be accessed before initialization"; either way PHP decides).
// - host: a PHP object the kernel received (`$this`, an object argument, an object held by a
//   host object's property). Properties are loaded on first read through host->property_get
//   (`have` then means "loaded"), kept locally when written (`dirty`), and written back with
//   property_set when the kernel commits. A property that is unset, uninitialized or of another
//   type than the field DEOPTs on load.
// Identity: a handle copy is a refcount bump, so `===` is a pointer compare; a host object is
// wrapped once per invocation (Objs keeps ptr → body), so two paths to it see the same writes.
// Escape: a native object handed to PHP (returned, stored into a host object's property) is
// materialized at commit: object_new (defaults, no constructor) + property_set of every property
// holding a value, in declaration order, once per object (later escapes addref the same value).
#ifndef POLYVIRT_OBJ_H
#define POLYVIRT_OBJ_H

#ifndef POLYVIRT_RUNTIME_H
#error "include polyvirt/runtime.h, not polyvirt/obj.h"
#endif

#include <cstring>
#include <unordered_map>
#include <vector>

namespace pv {

struct Objs;

// Object bodies come and go by the million in object-heavy loops (a Vec3 per arithmetic step):
// glibc's malloc/free of these blocks was ~35% of such a kernel's time (perf, everyday/objects).
// Freed bodies go to a per-thread list per 16-byte size class and are reused from there. The
// state is trivially destructible (nothing registered at thread exit, so an artifact can still be
// unloaded) and each list is capped, so at most kPoolKeep blocks per class stay out of malloc.
struct ObjPool {
  static constexpr size_t kGrain = 16;
  static constexpr size_t kClasses = 32;  // bodies up to 512 bytes; larger ones use malloc
  static constexpr uint32_t kPoolKeep = 4096;
  struct Free {
    Free *next;
  };
  Free *head[kClasses];
  uint32_t count[kClasses];
};
inline thread_local ObjPool g_obj_pool{};

inline void *obj_alloc(size_t n) {
  size_t c = (n + ObjPool::kGrain - 1) / ObjPool::kGrain;
  if (c < ObjPool::kClasses) {
    ObjPool &pool = g_obj_pool;
    if (ObjPool::Free *f = pool.head[c]) {
      pool.head[c] = f->next;
      --pool.count[c];
      return f;
    }
    return ::operator new(c * ObjPool::kGrain);
  }
  return ::operator new(n);
}

inline void obj_free(void *p, size_t n) {
  size_t c = (n + ObjPool::kGrain - 1) / ObjPool::kGrain;
  if (c < ObjPool::kClasses) {
    ObjPool &pool = g_obj_pool;
    if (pool.count[c] < ObjPool::kPoolKeep) {
      auto *f = static_cast<ObjPool::Free *>(p);
      f->next = pool.head[c];
      pool.head[c] = f;
      ++pool.count[c];
      return;
    }
  }
  ::operator delete(p);
}

struct ObjBase {
  // Sized: the virtual destructor hands the most-derived body's size to delete.
  static void *operator new(size_t n) { return obj_alloc(n); }
  static void operator delete(void *p, size_t n) { obj_free(p, n); }

  uint32_t rc = 0;
  bool is_host = false;
  // Native: hv holds our own reference once materialized. Host: hv is the borrowed value.
  bool materialized = false;
  bool visiting = false;
  uint64_t have = 0;
  uint64_t dirty = 0;
  Objs *objs = nullptr;       // host bodies: the invocation's registry (its Ctx loads properties)
  const pv_host *host = nullptr;  // set once materialized or wrapped (release in the destructor)
  pv_value hv{};

  virtual ~ObjBase() {
    if (materialized && !is_host) host->release(host->ctx, &hv);
  }
  // Lowercased class name (a static string of the generated struct).
  virtual const char *cls(size_t *len) const = 0;
  // property_set of every property holding a value, in declaration order (native, into hv).
  virtual void fill(Ctx &cx) = 0;
  // property_set of every written property (host bodies, at commit).
  virtual void write_back(Ctx &cx) = 0;
  // Whether every held value can be handed to the host exactly (see marshal.h check_to_host).
  virtual bool representable() = 0;
};

template <class T> class Ref {
  T *p_ = nullptr;

 public:
  Ref() = default;
  explicit Ref(T *p) : p_(p) {
    if (p_) ++p_->rc;
  }
  Ref(const Ref &o) : p_(o.p_) {
    if (p_) ++p_->rc;
  }
  Ref(Ref &&o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  Ref &operator=(Ref o) noexcept {
    T *t = p_;
    p_ = o.p_;
    o.p_ = t;
    return *this;
  }
  ~Ref() {
    if (p_ && --p_->rc == 0) delete p_;
  }
  T *operator->() const { return p_; }
  T *get() const { return p_; }
  // PHP `===` on objects: the same object.
  bool operator==(const Ref &o) const { return p_ == o.p_; }
  bool operator!=(const Ref &o) const { return p_ != o.p_; }
};

// A new native object: the struct's constructor sets declared defaults and their `have` bits.
template <class T> inline Ref<T> make_obj() { return Ref<T>(new T()); }

// The host objects of one invocation, by zend_object pointer; holds them alive until commit.
struct Objs {
  Ctx &cx;
  std::vector<Ref<ObjBase>> hosts;
  std::unordered_map<void *, ObjBase *> by_ptr;
  explicit Objs(Ctx &c) : cx(c) {}
  Objs(const Objs &) = delete;
  Objs &operator=(const Objs &) = delete;

  // A borrowed PV_OBJECT of class T (else DEOPT: another class means other code in PHP).
  template <class T> Ref<T> wrap(const pv_value *v) {
    if (PV_UNLIKELY((v->type_info & 0xffu) != PV_OBJECT)) deopt();
    auto it = by_ptr.find(v->value.ptr);
    if (it != by_ptr.end()) {
      size_t a;
      if (PV_UNLIKELY(it->second->cls(&a) != T::kName)) deopt();
      return Ref<T>(static_cast<T *>(it->second));
    }
    const char *name;
    size_t len;
    cx.host->object_class(cx.host->ctx, v, &name, &len);
    if (PV_UNLIKELY(len != T::kNameLen || std::memcmp(name, T::kName, len) != 0)) deopt();
    T *o = new T(typename T::HostTag{});
    o->is_host = true;
    o->objs = this;
    o->host = cx.host;
    o->hv = *v;
    hosts.push_back(Ref<ObjBase>(o));
    by_ptr.emplace(v->value.ptr, o);
    return Ref<T>(o);
  }

  // Property `name` of a host body, borrowed; UNDEF (unset, uninitialized) DEOPTs.
  void load(const ObjBase *o, const char *name, size_t len, pv_value *out) {
    cx.host->property_get(cx.host->ctx, &o->hv, name, len, out);
    if (PV_UNLIKELY((out->type_info & 0xffu) == PV_UNDEF)) deopt();
  }

  // Before the commit starts: every value that will be handed over is representable.
  void check() {
    for (auto &o : hosts)
      if (o->dirty && PV_UNLIKELY(!o->representable())) deopt();
  }
  // Commit: written properties of host objects (nothing here can DEOPT).
  void commit() {
    for (auto &o : hosts)
      if (o->dirty) o->write_back(cx);
  }
};

// A class the kernel instantiates must be declared (PHP throws "Class not found" otherwise, or
// autoloads it): checked at entry, so materializing at commit cannot fail.
inline bool class_declared(Ctx &cx, const char *name, size_t len) { return cx.host->class_exists(cx.host->ctx, name, len) != 0; }

// A native body missing a property's value: PHP would read null / throw; it decides.
[[noreturn]] inline void missing_prop() { deopt(); }

template <class T> inline bool host_representable(const Ref<T> &r) {
  ObjBase *o = r.get();
  if (o->is_host || o->materialized || o->visiting) return true;
  o->visiting = true;
  bool ok = o->representable();
  o->visiting = false;
  return ok;
}

// The object as a host value (owned): host objects and already materialized ones get one more
// reference; a native one is created in PHP and filled first.
template <class T> inline void to_host(Ctx &cx, const Ref<T> &r, pv_value *out) {
  ObjBase *o = r.get();
  if (!o->is_host && !o->materialized) {
    size_t len;
    const char *name = o->cls(&len);
    cx.host->object_new(cx.host->ctx, name, len, &o->hv);
    o->host = cx.host;
    o->materialized = true;
    o->fill(cx);
  }
  *out = o->hv;
  cx.host->addref(cx.host->ctx, out);
}

// One property into a host object (commit only): the value becomes the host's.
template <class V> inline void prop_set(Ctx &cx, pv_value *obj, const char *name, size_t len, const V &v) {
  pv_value x;
  to_host(cx, v, &x);
  cx.host->property_set(cx.host->ctx, obj, name, len, &x);
}

}  // namespace pv

#endif
