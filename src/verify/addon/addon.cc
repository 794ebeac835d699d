// polyvirt verifier addon: loads a kernel artifact and calls its kernels through a recording host.
//
// A kernel runs on a fresh thread with a 64 MiB stack, so a kernel that recurses deeper than its
// stack_limit allows still cannot overflow Node's own stack. A kernel that crashes (segfault,
// abort) kills the process that loaded it: callers that must survive that (src/verify/index.ts)
// load artifacts in a child process.
#include <napi.h>

#include <dlfcn.h>
#include <pthread.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "polyvirt/abi.h"

namespace {

constexpr size_t kThreadStackBytes = size_t{64} << 20;
// The kernel may use this much stack below the frame it is entered from; past it, every kernel
// function DEOPTs. The thread's remaining 62 MiB is slack for kernels that check the limit only
// once per frame of arbitrary size.
constexpr size_t kStackBudgetBytes = size_t{2} << 20;

struct RecordedError {
  uint32_t error_class;
  std::string message;
  uint32_t line;
};

// ---- The verifier's own host values: strings and arrays behind PV_STRING / PV_ARRAY pointers ----
//
// Every object is registered in the call's Heap, so a pointer the kernel hands back can be checked
// before it is used, and whatever is still alive after the call (once the host dropped everything
// it owns) is a leak. Ownership follows abi.h: the host lends (args, globals, constants, statics,
// array elements it hands out), the kernel owns what string_new/array_new made until it hands it
// over (ret, *_set, array_set_*) or releases it.

enum class Owner {
  kLent,    // the host's; the kernel may only read it
  kKernel,  // made by string_new/array_new, not handed over yet
  kHost,    // handed over to the host (ret, *_set, an element of another array)
};

struct HostObj {
  uint32_t type;  // PV_STRING, PV_ARRAY or PV_OBJECT
  Owner owner;    // strings and arrays; objects count references instead (HostObject)
  HostObj(uint32_t t, Owner o) : type(t), owner(o) {}
  virtual ~HostObj() = default;
};

struct HostStr : HostObj {
  std::string bytes;
  HostStr(std::string b, Owner o) : HostObj(PV_STRING, o), bytes(std::move(b)) {}
};

struct HostEntry {
  pv_value key;  // PV_LONG, or PV_STRING (a HostStr owned by the array)
  pv_value val;  // owned by the array
};

struct HostArr : HostObj {
  std::vector<HostEntry> entries;
  // 'i' + 8 key bytes or 's' + key bytes → position in entries (nothing is ever removed).
  std::unordered_map<std::string, size_t> index;
  explicit HostArr(Owner o) : HostObj(PV_ARRAY, o) {}
};

struct HostProp {
  std::string name;
  pv_value val;  // owned by the object
};

// A PHP object: shared by handle, so unlike strings and arrays it is never copied. The host holds
// every object until the call ends; the kernel's own references (object_new, addref) are counted
// so one it neither handed over nor released is a leak.
struct HostObject : HostObj {
  std::string class_lc;        // what object_class reports
  std::string class_declared;  // what get_class() would say
  std::vector<HostProp> props;  // initialized properties in PHP's order
  uint32_t kernel_refs = 0;
  bool made_by_kernel = false;
  HostObject(std::string lc, std::string declared) : HostObj(PV_OBJECT, Owner::kLent), class_lc(std::move(lc)), class_declared(std::move(declared)) {}
};

// A class the world declares: object_new builds its default object, class_exists finds it.
struct WorldClass {
  std::string declared;
  std::vector<std::string> slots;   // declared instance properties in slot order
  std::vector<HostProp> defaults;   // lent values, copied into each new object
};

std::string AsciiLower(std::string s) {
  for (char &c : s) if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

std::string IntSlot(int64_t k) { return std::string("i") + std::string(reinterpret_cast<const char *>(&k), sizeof k); }
std::string StrSlot(const std::string &k) { return "s" + k; }

uint32_t TypeOf(const pv_value &v) { return v.type_info & 0xffu; }
// Strings and arrays have exactly one owner and are freed with it; objects live until the call ends.
bool IsRefcounted(const pv_value &v) { return TypeOf(v) == PV_STRING || TypeOf(v) == PV_ARRAY; }

// A value written to the world at commit: a global, a static or a by-reference argument.
struct WorldWrite {
  std::string function;  // statics only
  std::string name;      // globals, statics
  uint32_t index;        // by-reference arguments
  pv_value val;          // owned by the host
};

struct WorldEntry {
  std::string function;  // statics only
  std::string name;
  pv_value val;  // lent to the kernel
};

// Everything one kernel call did to the world, as seen through the host table.
struct CallRecord {
  std::vector<RecordedError> errors;
  std::string journal;
  // ABI misuse found inside callbacks (which are C and cannot throw); reported after the call.
  std::vector<std::string> violations;
  std::unordered_set<HostObj *> live;
  size_t made_by_kernel = 0;
  std::vector<WorldEntry> globals, constants, statics;
  std::vector<WorldWrite> global_writes, static_writes, arg_writes;
  std::vector<uint8_t> guard;  // of the kernel being called, for arg_set
  std::unordered_map<std::string, WorldClass> classes;  // by lowercased name
  // Commit-only callbacks that ran (property_set, object_new): after one, only PV_OK is allowed.
  size_t commits = 0;
  // Property writes to objects the kernel did not create: effects, as globals are.
  size_t property_writes = 0;
  // Objects of the input by their PhpValue id (the same id is the same object).
  std::unordered_map<int64_t, HostObject *> input_ids;
  // Objects as reported back: numbered by first sight (arguments first, in order), and which were
  // shown already in the value being converted (a repeat carries no properties).
  std::unordered_map<const HostObject *, uint32_t> out_ids;
  std::unordered_set<const HostObject *> shown;

  uint32_t OutId(const HostObject *o) {
    auto it = out_ids.find(o);
    if (it != out_ids.end()) return it->second;
    uint32_t id = static_cast<uint32_t>(out_ids.size());
    out_ids.emplace(o, id);
    return id;
  }
  // Numbers the objects of a value in the order the PHP replay does (arrays and properties in order).
  void NumberObjects(const pv_value &v, int depth = 0) {
    if (depth > 64) return;
    if (TypeOf(v) == PV_ARRAY) {
      for (const HostEntry &e : static_cast<HostArr *>(v.value.ptr)->entries) NumberObjects(e.val, depth + 1);
    } else if (TypeOf(v) == PV_OBJECT) {
      auto *o = static_cast<HostObject *>(v.value.ptr);
      if (out_ids.count(o) != 0) return;
      OutId(o);
      for (const HostProp &p : o->props) NumberObjects(p.val, depth + 1);
    }
  }

  ~CallRecord() {
    for (HostObj *o : live) delete o;
  }

  void Violation(std::string why) {
    if (violations.size() < 8) violations.push_back(std::move(why));
  }

  HostStr *NewStr(std::string bytes, Owner o) {
    auto *s = new HostStr(std::move(bytes), o);
    live.insert(s);
    return s;
  }
  HostArr *NewArr(Owner o) {
    auto *a = new HostArr(o);
    live.insert(a);
    return a;
  }
  HostObject *NewObject(std::string lc, std::string declared) {
    auto *o = new HostObject(std::move(lc), std::move(declared));
    live.insert(o);
    return o;
  }
  static const char *TypeName(uint32_t t) { return t == PV_ARRAY ? "PV_ARRAY" : t == PV_OBJECT ? "PV_OBJECT" : "PV_STRING"; }

  // The object behind a PV_STRING / PV_ARRAY value, or nullptr (with a violation) when the pointer
  // is not a live host object of that kind: freed, never made by this host, or of the other kind.
  HostObj *Obj(const pv_value *v, const char *where) {
    if (v == nullptr) {
      Violation(std::string(where) + " got a NULL value pointer");
      return nullptr;
    }
    auto *o = static_cast<HostObj *>(v->value.ptr);
    if (live.count(o) == 0) {
      Violation(std::string(where) + " got a " + TypeName(TypeOf(*v)) +
                " that is not a live host value (freed, or never made by the host)");
      return nullptr;
    }
    if (o->type != TypeOf(*v)) {
      Violation(std::string(where) + " got a value whose type code does not match the host object behind it");
      return nullptr;
    }
    return o;
  }
  HostStr *Str(const pv_value *v, const char *where) {
    if (v == nullptr || TypeOf(*v) != PV_STRING) {
      Violation(std::string(where) + " expects a PV_STRING");
      return nullptr;
    }
    return static_cast<HostStr *>(Obj(v, where));
  }
  HostArr *Arr(const pv_value *v, const char *where) {
    if (v == nullptr || TypeOf(*v) != PV_ARRAY) {
      Violation(std::string(where) + " expects a PV_ARRAY");
      return nullptr;
    }
    return static_cast<HostArr *>(Obj(v, where));
  }
  HostObject *Object(const pv_value *v, const char *where) {
    if (v == nullptr || TypeOf(*v) != PV_OBJECT) {
      Violation(std::string(where) + " expects a PV_OBJECT");
      return nullptr;
    }
    return static_cast<HostObject *>(Obj(v, where));
  }

  // Frees a value the host owns, with everything inside it.
  void Free(const pv_value &v) {
    if (!IsRefcounted(v)) return;
    auto *o = static_cast<HostObj *>(v.value.ptr);
    if (live.erase(o) == 0) return;
    if (o->type == PV_ARRAY) {
      for (HostEntry &e : static_cast<HostArr *>(o)->entries) {
        Free(e.key);
        Free(e.val);
      }
    }
    delete o;
  }

  // The kernel hands `v` over to the host (abi.h: values handed in are owned). False (with a
  // violation) when it was not the kernel's to give: lent by the host, or given away already.
  bool TakeOver(const pv_value *v, const char *where) {
    if (v == nullptr) {
      Violation(std::string(where) + " got a NULL value pointer");
      return false;
    }
    switch (TypeOf(*v)) {
      case PV_NULL: case PV_FALSE: case PV_TRUE: case PV_LONG: case PV_DOUBLE:
        return true;
      case PV_STRING: case PV_ARRAY: break;
      case PV_OBJECT: {
        auto *obj = static_cast<HostObject *>(Obj(v, where));
        if (obj == nullptr) return false;
        if (obj->kernel_refs == 0) {
          Violation(std::string(where) + " was handed an object the kernel holds no reference to (a borrowed object must go through addref first)");
          return false;
        }
        obj->kernel_refs--;
        return true;
      }
      default:
        Violation(std::string(where) + " got a value of type code " + std::to_string(TypeOf(*v)) + ", which no PHP variable can hold");
        return false;
    }
    HostObj *o = Obj(v, where);
    if (o == nullptr) return false;
    if (o->owner == Owner::kLent) {
      Violation(std::string(where) + " was handed a value the host only lent (an argument, global, constant, static or element): the kernel must copy it with string_new/array_new");
      return false;
    }
    if (o->owner == Owner::kHost) {
      Violation(std::string(where) + " was handed a value the kernel had already handed over");
      return false;
    }
    o->owner = Owner::kHost;
    return true;
  }
};

CallRecord *Rec(void *ctx) { return static_cast<CallRecord *>(ctx); }

void HostThrowError(void *ctx, uint32_t error_class, const char *message, size_t length,
                    uint32_t line) {
  Rec(ctx)->errors.push_back({error_class, std::string(message != nullptr ? message : "", message != nullptr ? length : 0), line});
}

void HostOutput(void *ctx, const char *bytes, size_t length) {
  if (bytes != nullptr) Rec(ctx)->journal.append(bytes, length);
}

void HostStringView(void *ctx, const pv_value *s, const char **bytes, size_t *length) {
  HostStr *str = Rec(ctx)->Str(s, "string_view");
  static const char kEmpty[1] = {0};
  *bytes = str != nullptr ? str->bytes.data() : kEmpty;
  *length = str != nullptr ? str->bytes.size() : 0;
}

void HostStringNew(void *ctx, const char *bytes, size_t length, pv_value *out) {
  CallRecord *rec = Rec(ctx);
  if (bytes == nullptr && length != 0) rec->Violation("string_new got NULL bytes with a non-zero length");
  HostStr *s = rec->NewStr(std::string(bytes != nullptr ? bytes : "", bytes != nullptr ? length : 0), Owner::kKernel);
  rec->made_by_kernel++;
  out->value.ptr = s;
  out->type_info = PV_STRING;
  out->extra = 0;
}

uint32_t HostArrayCount(void *ctx, const pv_value *a) {
  HostArr *arr = Rec(ctx)->Arr(a, "array_count");
  return arr != nullptr ? static_cast<uint32_t>(arr->entries.size()) : 0;
}

int HostArrayNext(void *ctx, const pv_value *a, uint32_t *pos, pv_value *key, pv_value *val) {
  CallRecord *rec = Rec(ctx);
  HostArr *arr = rec->Arr(a, "array_next");
  if (arr == nullptr || *pos >= arr->entries.size()) return 0;
  const HostEntry &e = arr->entries[*pos];
  *key = e.key;
  *val = e.val;
  ++*pos;
  // Elements are lent: the kernel reads them, a kernel-made array keeps owning them.
  return 1;
}

void HostArrayNew(void *ctx, uint32_t capacity, pv_value *out) {
  CallRecord *rec = Rec(ctx);
  HostArr *arr = rec->NewArr(Owner::kKernel);
  rec->made_by_kernel++;
  arr->entries.reserve(capacity < 4096 ? capacity : 4096);
  out->value.ptr = arr;
  out->type_info = PV_ARRAY;
  out->extra = 0;
}

void ArraySet(CallRecord *rec, pv_value *a, pv_value key, const std::string &slot, pv_value *val, const char *where) {
  HostArr *arr = rec->Arr(a, where);
  if (arr == nullptr) {
    if (key.type_info == PV_STRING) rec->Free(key);
    return;
  }
  if (arr->owner == Owner::kLent) {
    rec->Violation(std::string(where) + " modified an array the host only lent");
    if (key.type_info == PV_STRING) rec->Free(key);
    return;
  }
  if (val == a || (val != nullptr && TypeOf(*val) == PV_ARRAY && val->value.ptr == arr)) {
    rec->Violation(std::string(where) + " put an array into itself");
    if (key.type_info == PV_STRING) rec->Free(key);
    return;
  }
  if (!rec->TakeOver(val, where)) {
    if (key.type_info == PV_STRING) rec->Free(key);
    return;
  }
  auto found = arr->index.find(slot);
  if (found != arr->index.end()) {
    HostEntry &e = arr->entries[found->second];
    rec->Free(e.val);
    e.val = *val;
    if (key.type_info == PV_STRING) rec->Free(key);
    return;
  }
  arr->index.emplace(slot, arr->entries.size());
  arr->entries.push_back({key, *val});
}

void HostArraySetInt(void *ctx, pv_value *a, int64_t k, pv_value *val) {
  pv_value key;
  std::memset(&key, 0, sizeof key);
  key.value.lval = k;
  key.type_info = PV_LONG;
  ArraySet(Rec(ctx), a, key, IntSlot(k), val, "array_set_int");
}

// "8" and "-3" are int keys in PHP (zend_handle_numeric_str): a host that stored them as string
// keys would build an array PHP cannot have.
bool IsCanonicalIntKey(const std::string &k) {
  if (k.empty() || k.size() > 20) return false;
  size_t i = k[0] == '-' ? 1 : 0;
  if (i == k.size()) return false;
  if (k[i] == '0') return k.size() == i + 1 && i == 0;
  for (size_t j = i; j < k.size(); j++) if (k[j] < '0' || k[j] > '9') return false;
  errno = 0;
  char *end = nullptr;
  long long v = std::strtoll(k.c_str(), &end, 10);
  (void)v;
  return errno != ERANGE;
}

void HostArraySetStr(void *ctx, pv_value *a, const char *k, size_t length, pv_value *val) {
  CallRecord *rec = Rec(ctx);
  std::string bytes(k != nullptr ? k : "", k != nullptr ? length : 0);
  // Symtable semantics, as the extension's host (zend_symtable_str_update): "8" is the int key 8.
  if (IsCanonicalIntKey(bytes)) return HostArraySetInt(ctx, a, std::strtoll(bytes.c_str(), nullptr, 10), val);
  pv_value key;
  std::memset(&key, 0, sizeof key);
  key.value.ptr = rec->NewStr(bytes, Owner::kLent);
  key.type_info = PV_STRING;
  ArraySet(rec, a, key, StrSlot(bytes), val, "array_set_str");
}

void HostRelease(void *ctx, pv_value *v) {
  CallRecord *rec = Rec(ctx);
  if (v != nullptr && TypeOf(*v) == PV_OBJECT) {
    HostObject *o = rec->Object(v, "release");
    if (o == nullptr) return;
    if (o->kernel_refs == 0) rec->Violation("release of an object the kernel holds no reference to");
    else o->kernel_refs--;
    return;
  }
  if (v == nullptr || !IsRefcounted(*v)) return;
  HostObj *o = rec->Obj(v, "release");
  if (o == nullptr) return;
  if (o->owner != Owner::kKernel) {
    rec->Violation(o->owner == Owner::kLent ? "release of a value the host only lent" : "release of a value the kernel had handed over");
    return;
  }
  rec->Free(*v);
}

void SetUndef(pv_value *out, uint32_t type) {
  std::memset(out, 0, sizeof *out);
  out->type_info = type;
}
void SetUndefOut(pv_value *out) {
  if (out != nullptr) SetUndef(out, PV_UNDEF);
}

// ---- objects ----

// A copy of a string or array the kernel owns (addref: one more reference to a value PHP would share).
pv_value CopyOwned(CallRecord *rec, const pv_value &v, Owner owner) {
  pv_value out = v;
  if (TypeOf(v) == PV_STRING) {
    out.value.ptr = rec->NewStr(static_cast<HostStr *>(v.value.ptr)->bytes, owner);
  } else if (TypeOf(v) == PV_ARRAY) {
    auto *from = static_cast<HostArr *>(v.value.ptr);
    HostArr *to = rec->NewArr(owner);
    for (const HostEntry &e : from->entries) {
      HostEntry c{e.key, CopyOwned(rec, e.val, Owner::kHost)};
      if (TypeOf(e.key) == PV_STRING) c.key.value.ptr = rec->NewStr(static_cast<HostStr *>(e.key.value.ptr)->bytes, Owner::kLent);
      to->entries.push_back(c);
    }
    to->index = from->index;
    out.value.ptr = to;
  }
  return out;
}

void HostAddref(void *ctx, pv_value *v) {
  CallRecord *rec = Rec(ctx);
  if (v == nullptr) return rec->Violation("addref got a NULL value pointer");
  switch (TypeOf(*v)) {
    case PV_OBJECT: {
      HostObject *o = rec->Object(v, "addref");
      if (o != nullptr) o->kernel_refs++;
      return;
    }
    case PV_STRING: case PV_ARRAY: {
      HostObj *o = rec->Obj(v, "addref");
      if (o == nullptr) return;
      if (o->owner == Owner::kHost) return rec->Violation("addref of a value the kernel had handed over");
      // Strings and arrays are values: an owned copy is indistinguishable from a shared reference.
      *v = CopyOwned(rec, *v, Owner::kKernel);
      rec->made_by_kernel++;
      return;
    }
    default:
      return;
  }
}

void HostObjectClass(void *ctx, const pv_value *o, const char **name, size_t *length) {
  HostObject *obj = Rec(ctx)->Object(o, "object_class");
  static const char kEmpty[1] = {0};
  *name = obj != nullptr ? obj->class_lc.data() : kEmpty;
  *length = obj != nullptr ? obj->class_lc.size() : 0;
}

void HostPropertyGet(void *ctx, const pv_value *o, const char *name, size_t length, pv_value *out) {
  HostObject *obj = Rec(ctx)->Object(o, "property_get");
  SetUndefOut(out);
  if (obj == nullptr || name == nullptr) return;
  std::string n(name, length);
  for (const HostProp &p : obj->props) {
    if (p.name == n) {
      *out = p.val;  // borrowed: the object keeps owning it
      return;
    }
  }
}

// Where a property that is not set yet goes: its declared slot keeps PHP's order, others go last.
size_t PropInsertAt(const CallRecord *rec, const HostObject *obj, const std::string &name) {
  auto cls = rec->classes.find(obj->class_lc);
  if (cls == rec->classes.end()) return obj->props.size();
  const std::vector<std::string> &slots = cls->second.slots;
  auto slot = std::find(slots.begin(), slots.end(), name);
  if (slot == slots.end()) return obj->props.size();
  for (size_t i = 0; i < obj->props.size(); i++) {
    auto at = std::find(slots.begin(), slots.end(), obj->props[i].name);
    if (at == slots.end() || at > slot) return i;
  }
  return obj->props.size();
}

void HostPropertySet(void *ctx, const pv_value *o, const char *name, size_t length, pv_value *val) {
  CallRecord *rec = Rec(ctx);
  HostObject *obj = rec->Object(o, "property_set");
  if (obj == nullptr || name == nullptr) return;
  if (val != nullptr && TypeOf(*val) == PV_OBJECT && val->value.ptr == obj) {
    // Legal in PHP ($this->self = $this), but the recorded-value model cannot show a cycle.
    rec->Violation("property_set stored an object in its own property (the verifier cannot compare cycles)");
    return;
  }
  if (!rec->TakeOver(val, "property_set")) return;
  rec->commits++;
  if (!obj->made_by_kernel) rec->property_writes++;
  std::string n(name, length);
  for (HostProp &p : obj->props) {
    if (p.name == n) {
      rec->Free(p.val);
      p.val = *val;
      return;
    }
  }
  obj->props.insert(obj->props.begin() + static_cast<std::ptrdiff_t>(PropInsertAt(rec, obj, n)), HostProp{n, *val});
}

void HostObjectNew(void *ctx, const char *cls, size_t length, pv_value *out) {
  CallRecord *rec = Rec(ctx);
  SetUndefOut(out);
  auto found = rec->classes.find(std::string(cls != nullptr ? cls : "", cls != nullptr ? length : 0));
  if (found == rec->classes.end()) return;
  rec->commits++;
  HostObject *obj = rec->NewObject(found->first, found->second.declared);
  for (const HostProp &d : found->second.defaults) obj->props.push_back({d.name, CopyOwned(rec, d.val, Owner::kLent)});
  obj->kernel_refs = 1;
  obj->made_by_kernel = true;
  out->value.ptr = obj;
  out->type_info = PV_OBJECT;
}

int HostClassExists(void *ctx, const char *cls, size_t length) {
  return Rec(ctx)->classes.count(std::string(cls != nullptr ? cls : "", cls != nullptr ? length : 0)) != 0 ? 1 : 0;
}

const pv_value *FindWorld(const std::vector<WorldEntry> &list, const std::string &function, const std::string &name) {
  for (const WorldEntry &e : list) if (e.function == function && e.name == name) return &e.val;
  return nullptr;
}


void HostGlobalGet(void *ctx, const char *name, size_t length, pv_value *out) {
  const pv_value *v = FindWorld(Rec(ctx)->globals, "", std::string(name, length));
  if (v != nullptr) *out = *v; else SetUndef(out, PV_UNDEF);
}

void HostConstantGet(void *ctx, const char *name, size_t length, pv_value *out) {
  const pv_value *v = FindWorld(Rec(ctx)->constants, "", std::string(name, length));
  if (v != nullptr) *out = *v; else SetUndef(out, PV_UNDEF);
}

void HostStaticGet(void *ctx, const char *function, size_t function_length, const char *name, size_t length, pv_value *out) {
  const pv_value *v = FindWorld(Rec(ctx)->statics, std::string(function, function_length), std::string(name, length));
  // Like the extension's host: a static the function does not declare is PV_UNDEF.
  if (v != nullptr) *out = *v; else SetUndef(out, PV_UNDEF);
}

void Record(CallRecord *rec, std::vector<WorldWrite> &list, WorldWrite w, pv_value *val, const char *where) {
  if (!rec->TakeOver(val, where)) return;
  w.val = *val;
  list.push_back(std::move(w));
}

void HostGlobalSet(void *ctx, const char *name, size_t length, pv_value *val) {
  Record(Rec(ctx), Rec(ctx)->global_writes, {"", std::string(name, length), 0, {}}, val, "global_set");
}

void HostStaticSet(void *ctx, const char *function, size_t function_length, const char *name, size_t length, pv_value *val) {
  Record(Rec(ctx), Rec(ctx)->static_writes, {std::string(function, function_length), std::string(name, length), 0, {}}, val, "static_set");
}

void HostArgSet(void *ctx, uint32_t index, pv_value *val) {
  CallRecord *rec = Rec(ctx);
  if (index >= rec->guard.size() || (rec->guard[index] & PV_GUARD_BYREF) == 0) {
    rec->Violation("arg_set(" + std::to_string(index) + ") on a parameter that is not passed by reference");
    return;
  }
  Record(rec, rec->arg_writes, {"", "", index, {}}, val, "arg_set");
}

struct CallJob {
  pv_kernel_entry entry;
  const pv_value *args;
  uint32_t nargs;
  pv_value ret;
  uint32_t status;
  CallRecord *record;
  double native_ns;
};

void *RunCallJob(void *p) {
  auto *job = static_cast<CallJob *>(p);
  char top_of_stack = 0;
  pv_host host;
  std::memset(&host, 0, sizeof host);
  host.abi_version = PV_ABI_VERSION;
  host.size = sizeof host;
  host.ctx = job->record;
  // Integer arithmetic: the limit lies outside any object, so pointer arithmetic would be UB.
  host.stack_limit = reinterpret_cast<const char *>(reinterpret_cast<uintptr_t>(&top_of_stack) - kStackBudgetBytes);
  host.throw_error = HostThrowError;
  host.output = HostOutput;
  host.string_view = HostStringView;
  host.string_new = HostStringNew;
  host.array_count = HostArrayCount;
  host.array_next = HostArrayNext;
  host.array_new = HostArrayNew;
  host.array_set_int = HostArraySetInt;
  host.array_set_str = HostArraySetStr;
  host.release = HostRelease;
  host.global_get = HostGlobalGet;
  host.global_set = HostGlobalSet;
  host.constant_get = HostConstantGet;
  host.static_get = HostStaticGet;
  host.static_set = HostStaticSet;
  host.arg_set = HostArgSet;
  host.object_class = HostObjectClass;
  host.property_get = HostPropertyGet;
  host.property_set = HostPropertySet;
  host.object_new = HostObjectNew;
  host.class_exists = HostClassExists;
  host.addref = HostAddref;
  auto t0 = std::chrono::steady_clock::now();
  job->status = job->entry(&host, job->args, job->nargs, &job->ret);
  auto t1 = std::chrono::steady_clock::now();
  job->native_ns = static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
  return nullptr;
}

// Runs the job on a big-stack thread and waits for it: the call is synchronous for JS.
void RunOnBigStack(Napi::Env env, CallJob *job) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) throw Napi::Error::New(env, "verifier: pthread_attr_init failed");
  int rc = pthread_attr_setstacksize(&attr, kThreadStackBytes);
  pthread_t thread;
  if (rc == 0) rc = pthread_create(&thread, &attr, RunCallJob, job);
  pthread_attr_destroy(&attr);
  if (rc != 0) throw Napi::Error::New(env, std::string("verifier: cannot start kernel thread: ") + std::strerror(rc));
  pthread_join(thread, nullptr);
}

const char *ErrorClassName(uint32_t c) {
  switch (c) {
    case PV_ERR_ERROR: return "Error";
    case PV_ERR_TYPE_ERROR: return "TypeError";
    case PV_ERR_ARITHMETIC_ERROR: return "ArithmeticError";
    case PV_ERR_DIVISION_BY_ZERO_ERROR: return "DivisionByZeroError";
    default: return nullptr;
  }
}

std::string KindOf(const Napi::Object &v) {
  Napi::Value kind = v.Get("kind");
  return kind.IsString() ? kind.As<Napi::String>().Utf8Value() : std::string();
}

bool GuardAccepts(uint8_t guard, uint32_t type) {
  uint8_t g = PV_GUARD_TYPE(guard);
  if (g == PV_GUARD_BOOL) return type == PV_FALSE || type == PV_TRUE;
  return g == type;
}

// PhpValue strings are "binary" JS strings: one char per byte.
std::string BinaryBytes(Napi::Env env, Napi::Value v, const std::string &where) {
  if (!v.IsString()) throw Napi::TypeError::New(env, where + " must be a string");
  std::u16string u = v.As<Napi::String>().Utf16Value();
  std::string out(u.size(), '\0');
  for (size_t i = 0; i < u.size(); i++) {
    if (u[i] > 0xff) throw Napi::TypeError::New(env, where + " is not a byte string (char code > 255)");
    out[i] = static_cast<char>(u[i]);
  }
  return out;
}

Napi::String BinaryString(Napi::Env env, const std::string &bytes) {
  napi_value s;
  napi_status st = napi_create_string_latin1(env, bytes.data(), bytes.size(), &s);
  NAPI_THROW_IF_FAILED(env, st, Napi::String());
  return Napi::String(env, s);
}

constexpr int kMaxDepth = 64;

// PhpValue (src/core/php-value.ts) → pv_value lent to the kernel; ints are BigInt and must fit int64.
pv_value ToPvValue(Napi::Env env, CallRecord &rec, Napi::Value jv, const std::string &where, int depth = 0) {
  pv_value out;
  std::memset(&out, 0, sizeof out);
  if (depth > kMaxDepth) throw Napi::RangeError::New(env, where + ": arrays nested too deep");
  if (!jv.IsObject()) throw Napi::TypeError::New(env, where + " is not a PhpValue");
  Napi::Object obj = jv.As<Napi::Object>();
  std::string kind = KindOf(obj);
  Napi::Value value = obj.Get("value");
  if (kind == "null") {
    out.type_info = PV_NULL;
  } else if (kind == "bool") {
    if (!value.IsBoolean()) throw Napi::TypeError::New(env, where + ": bool value must be a boolean");
    out.type_info = value.As<Napi::Boolean>().Value() ? PV_TRUE : PV_FALSE;
  } else if (kind == "int") {
    if (!value.IsBigInt()) throw Napi::TypeError::New(env, where + ": int value must be a bigint");
    bool lossless = false;
    out.value.lval = value.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) throw Napi::RangeError::New(env, where + ": int value does not fit 64 bits");
    out.type_info = PV_LONG;
  } else if (kind == "float") {
    if (!value.IsNumber()) throw Napi::TypeError::New(env, where + ": float value must be a number");
    out.value.dval = value.As<Napi::Number>().DoubleValue();
    out.type_info = PV_DOUBLE;
  } else if (kind == "string") {
    out.value.ptr = rec.NewStr(BinaryBytes(env, value, where), Owner::kLent);
    out.type_info = PV_STRING;
  } else if (kind == "array") {
    Napi::Value jentries = obj.Get("entries");
    if (!jentries.IsArray()) throw Napi::TypeError::New(env, where + ": array entries must be an array");
    Napi::Array list = jentries.As<Napi::Array>();
    HostArr *arr = rec.NewArr(Owner::kLent);
    out.value.ptr = arr;
    out.type_info = PV_ARRAY;
    for (uint32_t i = 0; i < list.Length(); i++) {
      std::string at = where + "[" + std::to_string(i) + "]";
      Napi::Value je = list.Get(i);
      if (!je.IsObject()) throw Napi::TypeError::New(env, at + " is not an array entry");
      Napi::Object e = je.As<Napi::Object>();
      Napi::Value jk = e.Get("key");
      HostEntry entry;
      std::memset(&entry, 0, sizeof entry);
      std::string slot;
      if (jk.IsBigInt()) {
        bool lossless = false;
        entry.key.value.lval = jk.As<Napi::BigInt>().Int64Value(&lossless);
        if (!lossless) throw Napi::RangeError::New(env, at + ": int key does not fit 64 bits");
        entry.key.type_info = PV_LONG;
        slot = IntSlot(entry.key.value.lval);
      } else {
        std::string k = BinaryBytes(env, jk, at + " key");
        if (IsCanonicalIntKey(k)) throw Napi::TypeError::New(env, at + ": string key \"" + k + "\" would be an int key in PHP");
        entry.key.value.ptr = rec.NewStr(k, Owner::kLent);
        entry.key.type_info = PV_STRING;
        slot = StrSlot(k);
      }
      if (arr->index.count(slot) != 0) throw Napi::TypeError::New(env, at + ": duplicate key");
      arr->index.emplace(slot, arr->entries.size());
      entry.val = ToPvValue(env, rec, e.Get("value"), at, depth + 1);
      arr->entries.push_back(entry);
    }
  } else if (kind == "object") {
    Napi::Value jid = obj.Get("id");
    int64_t id = -1;
    if (jid.IsNumber()) {
      id = jid.As<Napi::Number>().Int64Value();
      auto seen = rec.input_ids.find(id);
      if (seen != rec.input_ids.end()) {
        out.value.ptr = seen->second;
        out.type_info = PV_OBJECT;
        return out;
      }
    }
    std::string declared = BinaryBytes(env, obj.Get("className"), where + ".className");
    HostObject *o = rec.NewObject(AsciiLower(declared), declared);
    if (id >= 0) rec.input_ids.emplace(id, o);
    out.value.ptr = o;
    out.type_info = PV_OBJECT;
    Napi::Value jprops = obj.Get("props");
    if (!jprops.IsArray()) throw Napi::TypeError::New(env, where + ": object props must be an array");
    Napi::Array list = jprops.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); i++) {
      std::string at = where + "->[" + std::to_string(i) + "]";
      if (!list.Get(i).IsObject()) throw Napi::TypeError::New(env, at + " is not a property entry");
      Napi::Object e = list.Get(i).As<Napi::Object>();
      std::string name = BinaryBytes(env, e.Get("key"), at + " name");
      for (const HostProp &p : o->props) if (p.name == name) throw Napi::TypeError::New(env, at + ": duplicate property " + name);
      o->props.push_back({name, ToPvValue(env, rec, e.Get("value"), at, depth + 1)});
    }
  } else {
    throw Napi::TypeError::New(env, where + ": unsupported PhpValue kind '" + kind + "'");
  }
  return out;
}

// pv_value → PhpValue; undefined (with `why` set) for what no PHP variable can hold.
Napi::Value FromPvValue(Napi::Env env, CallRecord &rec, const pv_value &v, std::string &why, int depth = 0) {
  Napi::Object o = Napi::Object::New(env);
  switch (TypeOf(v)) {
    case PV_NULL:
      o.Set("kind", "null");
      break;
    case PV_FALSE:
    case PV_TRUE:
      o.Set("kind", "bool");
      o.Set("value", Napi::Boolean::New(env, TypeOf(v) == PV_TRUE));
      break;
    case PV_LONG:
      o.Set("kind", "int");
      o.Set("value", Napi::BigInt::New(env, static_cast<int64_t>(v.value.lval)));
      break;
    case PV_DOUBLE:
      o.Set("kind", "float");
      o.Set("value", Napi::Number::New(env, v.value.dval));
      break;
    case PV_STRING: {
      if (rec.live.count(static_cast<HostObj *>(v.value.ptr)) == 0) {
        why = "a PV_STRING that is not a live host value";
        return env.Undefined();
      }
      o.Set("kind", "string");
      o.Set("value", BinaryString(env, static_cast<HostStr *>(v.value.ptr)->bytes));
      break;
    }
    case PV_OBJECT: {
      auto *obj = static_cast<HostObj *>(v.value.ptr);
      if (rec.live.count(obj) == 0 || obj->type != PV_OBJECT) {
        why = "a PV_OBJECT that is not a live host object";
        return env.Undefined();
      }
      if (depth > kMaxDepth) {
        why = "values nested deeper than " + std::to_string(kMaxDepth);
        return env.Undefined();
      }
      auto *ob = static_cast<HostObject *>(obj);
      o.Set("kind", "object");
      o.Set("className", BinaryString(env, ob->class_declared));
      o.Set("id", Napi::Number::New(env, rec.OutId(ob)));
      Napi::Array props = Napi::Array::New(env);
      if (rec.shown.count(ob) != 0) {
        o.Set("repeat", Napi::Boolean::New(env, true));
      } else {
        rec.shown.insert(ob);
        for (size_t i = 0; i < ob->props.size(); i++) {
          Napi::Object je = Napi::Object::New(env);
          je.Set("key", BinaryString(env, ob->props[i].name));
          Napi::Value val = FromPvValue(env, rec, ob->props[i].val, why, depth + 1);
          if (val.IsUndefined()) return val;
          je.Set("value", val);
          props.Set(static_cast<uint32_t>(i), je);
        }
      }
      o.Set("props", props);
      break;
    }
    case PV_ARRAY: {
      auto *obj = static_cast<HostObj *>(v.value.ptr);
      if (rec.live.count(obj) == 0 || obj->type != PV_ARRAY) {
        why = "a PV_ARRAY that is not a live host array";
        return env.Undefined();
      }
      if (depth > kMaxDepth) {
        why = "arrays nested deeper than " + std::to_string(kMaxDepth);
        return env.Undefined();
      }
      auto *arr = static_cast<HostArr *>(obj);
      Napi::Array entries = Napi::Array::New(env, arr->entries.size());
      for (size_t i = 0; i < arr->entries.size(); i++) {
        const HostEntry &e = arr->entries[i];
        Napi::Object je = Napi::Object::New(env);
        if (TypeOf(e.key) == PV_LONG) je.Set("key", Napi::BigInt::New(env, static_cast<int64_t>(e.key.value.lval)));
        else je.Set("key", BinaryString(env, static_cast<HostStr *>(e.key.value.ptr)->bytes));
        Napi::Value val = FromPvValue(env, rec, e.val, why, depth + 1);
        if (val.IsUndefined()) return val;
        je.Set("value", val);
        entries.Set(static_cast<uint32_t>(i), je);
      }
      o.Set("kind", "array");
      o.Set("entries", entries);
      break;
    }
    default:
      why = "type code " + std::to_string(TypeOf(v));
      return env.Undefined();
  }
  return o;
}

// world: { globals?: {name, value}[], constants?: {name, value}[], statics?: {fn, name, value}[] }
void LoadWorld(Napi::Env env, CallRecord &rec, Napi::Value jworld) {
  if (jworld.IsUndefined() || jworld.IsNull()) return;
  if (!jworld.IsObject()) throw Napi::TypeError::New(env, "world must be an object");
  Napi::Object w = jworld.As<Napi::Object>();
  auto load = [&](const char *field, std::vector<WorldEntry> &into, bool statics) {
    Napi::Value jl = w.Get(field);
    if (jl.IsUndefined()) return;
    if (!jl.IsArray()) throw Napi::TypeError::New(env, std::string("world.") + field + " must be an array");
    Napi::Array list = jl.As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); i++) {
      std::string at = std::string("world.") + field + "[" + std::to_string(i) + "]";
      if (!list.Get(i).IsObject()) throw Napi::TypeError::New(env, at + " must be an object");
      Napi::Object e = list.Get(i).As<Napi::Object>();
      WorldEntry entry;
      if (statics) entry.function = BinaryBytes(env, e.Get("fn"), at + ".fn");
      entry.name = BinaryBytes(env, e.Get("name"), at + ".name");
      entry.val = ToPvValue(env, rec, e.Get("value"), at + ".value");
      into.push_back(std::move(entry));
    }
  };
  load("globals", rec.globals, false);
  load("constants", rec.constants, false);
  load("statics", rec.statics, true);
  // classes: { name, slots: string[], defaults: {key, value}[] }[] — what object_new builds.
  Napi::Value jc = w.Get("classes");
  if (jc.IsUndefined()) return;
  if (!jc.IsArray()) throw Napi::TypeError::New(env, "world.classes must be an array");
  Napi::Array classes = jc.As<Napi::Array>();
  for (uint32_t i = 0; i < classes.Length(); i++) {
    std::string at = "world.classes[" + std::to_string(i) + "]";
    if (!classes.Get(i).IsObject()) throw Napi::TypeError::New(env, at + " must be an object");
    Napi::Object c = classes.Get(i).As<Napi::Object>();
    WorldClass wc;
    wc.declared = BinaryBytes(env, c.Get("name"), at + ".name");
    Napi::Value js = c.Get("slots"), jd = c.Get("defaults");
    if (!js.IsArray() || !jd.IsArray()) throw Napi::TypeError::New(env, at + " needs slots and defaults arrays");
    Napi::Array slots = js.As<Napi::Array>(), defaults = jd.As<Napi::Array>();
    for (uint32_t j = 0; j < slots.Length(); j++) wc.slots.push_back(BinaryBytes(env, slots.Get(j), at + ".slots"));
    for (uint32_t j = 0; j < defaults.Length(); j++) {
      if (!defaults.Get(j).IsObject()) throw Napi::TypeError::New(env, at + ".defaults entries must be objects");
      Napi::Object d = defaults.Get(j).As<Napi::Object>();
      wc.defaults.push_back({BinaryBytes(env, d.Get("key"), at + ".defaults key"), ToPvValue(env, rec, d.Get("value"), at + ".defaults")});
    }
    rec.classes[AsciiLower(wc.declared)] = std::move(wc);
  }
}

class KernelModule : public Napi::ObjectWrap<KernelModule> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "KernelModule",
                       {InstanceMethod<&KernelModule::Call>("call"),
                        InstanceMethod<&KernelModule::Close>("close")});
  }

  explicit KernelModule(const Napi::CallbackInfo &info) : Napi::ObjectWrap<KernelModule>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "KernelModule(path: string)");
    path_ = info[0].As<Napi::String>().Utf8Value();
    handle_ = dlopen(path_.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
      const char *why = dlerror();
      throw Napi::Error::New(env, "cannot load kernel artifact " + path_ + ": " + (why != nullptr ? why : "dlopen failed"));
    }
    dlerror();
    void *sym = dlsym(handle_, PV_MODULE_SYMBOL);
    if (sym == nullptr) Fail(env, std::string("artifact does not export ") + PV_MODULE_SYMBOL);
    auto get_module = reinterpret_cast<const pv_module_desc *(*)()>(sym);
    module_ = get_module();
    if (module_ == nullptr) Fail(env, std::string(PV_MODULE_SYMBOL) + "() returned NULL");
    if (module_->abi_version != PV_ABI_VERSION) {
      Fail(env, "artifact was built for kernel ABI version " + std::to_string(module_->abi_version) +
                    " but the verifier implements ABI version " + std::to_string(PV_ABI_VERSION));
    }
    if (module_->kernel_count > 0 && module_->kernels == nullptr) Fail(env, "module descriptor has kernels == NULL");

    Napi::Array kernels = Napi::Array::New(env, module_->kernel_count);
    for (uint32_t i = 0; i < module_->kernel_count; i++) {
      const pv_kernel_desc &k = module_->kernels[i];
      std::string which = "kernel " + std::to_string(i);
      if (k.function_name == nullptr || k.source_sha256 == nullptr) Fail(env, which + " has a NULL name or source hash");
      if (k.arity > PV_MAX_ARGS) Fail(env, which + " has arity " + std::to_string(k.arity) + " > PV_MAX_ARGS");
      if (k.entry == nullptr) Fail(env, which + " has a NULL entry point");
      if ((k.flags & PV_KERNEL_METHOD) != 0 && (k.receiver_class == nullptr || k.receiver_class[0] == '\0')) {
        Fail(env, which + " is a PV_KERNEL_METHOD without a receiver_class");
      }
      Napi::Object d = Napi::Object::New(env);
      d.Set("functionName", k.function_name);
      d.Set("sourceSha256", k.source_sha256);
      d.Set("arity", k.arity);
      d.Set("flags", k.flags);
      Napi::Array guard = Napi::Array::New(env, k.arity);
      for (uint32_t a = 0; a < k.arity; a++) guard.Set(a, Napi::Number::New(env, k.guard[a]));
      d.Set("guard", guard);
      if ((k.flags & PV_KERNEL_METHOD) != 0) d.Set("receiverClass", k.receiver_class);
      else d.Set("receiverClass", env.Null());
      kernels.Set(i, d);
    }
    Napi::Object self = info.This().As<Napi::Object>();
    self.Set("abiVersion", module_->abi_version);
    self.Set("phpVersionId", module_->php_version_id);
    self.Set("kernels", kernels);
  }

  ~KernelModule() override { Unload(); }

 private:
  [[noreturn]] void Fail(Napi::Env env, const std::string &why) {
    Unload();
    throw Napi::Error::New(env, "bad kernel artifact " + path_ + ": " + why);
  }

  void Unload() {
    if (handle_ != nullptr) dlclose(handle_);
    handle_ = nullptr;
    module_ = nullptr;
  }

  // call(index, args: PhpValue[], world?) → { status, value?, error?, output: Buffer, nativeNs,
  //   globals: {name, value}[], statics: {fn, name, value}[], byRef: {index, value}[] }
  Napi::Value Call(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (module_ == nullptr) throw Napi::Error::New(env, "kernel module " + path_ + " is closed");
    if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsArray()) {
      throw Napi::TypeError::New(env, "call(index: number, args: PhpValue[], world?: KernelWorld)");
    }
    int64_t index = info[0].As<Napi::Number>().Int64Value();
    if (index < 0 || index >= static_cast<int64_t>(module_->kernel_count)) {
      throw Napi::RangeError::New(env, "kernel index " + std::to_string(index) + " out of range");
    }
    const pv_kernel_desc &k = module_->kernels[index];
    std::string name = k.function_name;
    Napi::Array jargs = info[1].As<Napi::Array>();
    // A method kernel gets $this first: nargs == arity + 1 (abi.h, PV_KERNEL_METHOD).
    const uint32_t self = (k.flags & PV_KERNEL_METHOD) != 0 ? 1 : 0;
    const uint32_t nargs = k.arity + self;
    if (jargs.Length() != nargs) {
      throw Napi::TypeError::New(env, "kernel " + name + " takes " + std::to_string(nargs) + " arguments" +
                                          (self ? " ($this first)" : "") + ", got " + std::to_string(jargs.Length()));
    }
    // Owns every host value of this call; its destructor frees whatever is left, leaks included.
    CallRecord rec;
    rec.guard.assign(k.guard, k.guard + k.arity);
    std::vector<pv_value> args(nargs == 0 ? 1 : nargs);
    for (uint32_t a = 0; a < nargs; a++) {
      args[a] = ToPvValue(env, rec, jargs.Get(a), "argument " + std::to_string(a + 1));
      // The extension only enters a kernel after its guard passed; the verifier keeps that promise.
      if (a < self) {
        if (TypeOf(args[a]) != PV_OBJECT || static_cast<HostObject *>(args[a].value.ptr)->class_lc != k.receiver_class) {
          throw Napi::TypeError::New(env, "argument 1 ($this) of kernel " + name + " is not an object of class " + k.receiver_class);
        }
      } else if (!GuardAccepts(k.guard[a - self], args[a].type_info)) {
        throw Napi::TypeError::New(env, "argument " + std::to_string(a + 1) + " of kernel " + name +
                                            " does not pass its guard (type code " + std::to_string(k.guard[a - self]) + ")");
      }
    }
    for (uint32_t a = 0; a < nargs; a++) rec.NumberObjects(args[a]);
    LoadWorld(env, rec, info.Length() >= 3 ? info[2] : env.Undefined());

    CallJob job;
    job.entry = k.entry;
    job.args = args.data();
    job.nargs = nargs;
    std::memset(&job.ret, 0, sizeof job.ret);
    job.ret.type_info = PV_UNDEF;
    job.status = ~0u;
    job.record = &rec;
    job.native_ns = 0;
    RunOnBigStack(env, &job);

    Napi::Object result = Napi::Object::New(env);
    result.Set("nativeNs", Napi::Number::New(env, job.native_ns));
    const size_t nerrors = rec.errors.size();
    auto violation = [&](const std::string &why) {
      return Napi::Error::New(env, "kernel " + name + " violated the kernel ABI: " + why);
    };
    if (!rec.violations.empty()) {
      std::string all;
      for (const std::string &v : rec.violations) all += (all.empty() ? "" : "; ") + v;
      throw violation(all);
    }
    // Commit-only callbacks count as writes: after one, the kernel must return PV_OK.
    const size_t writes = rec.global_writes.size() + rec.static_writes.size() + rec.arg_writes.size() + rec.commits;
    Napi::Array globals = Napi::Array::New(env);
    Napi::Array statics = Napi::Array::New(env);
    Napi::Array by_ref = Napi::Array::New(env);
    std::string why;
    // The state after the call of every argument that is an object ($this included): property
    // writes are effects to compare. Numbered after the result, as the PHP replay reports them.
    Napi::Array objects = Napi::Array::New(env);
    auto objects_after = [&]() {
      rec.shown.clear();
      for (uint32_t a = 0; a < nargs; a++) {
        if (TypeOf(args[a]) != PV_OBJECT) continue;
        Napi::Object o = Napi::Object::New(env);
        o.Set("index", a);
        Napi::Value v = FromPvValue(env, rec, args[a], why);
        if (v.IsUndefined()) throw violation("left argument " + std::to_string(a + 1) + " holding " + why);
        o.Set("value", v);
        objects.Set(objects.Length(), o);
      }
    };
    auto written = [&](const WorldWrite &w, const char *what) -> Napi::Value {
      rec.shown.clear();
      Napi::Value v = FromPvValue(env, rec, w.val, why);
      if (v.IsUndefined()) throw violation(std::string(what) + " wrote " + why);
      return v;
    };
    switch (job.status) {
      case PV_OK: {
        if (nerrors != 0) throw violation("returned PV_OK after raising an exception");
        rec.shown.clear();
        rec.shown.clear();
        Napi::Value value = FromPvValue(env, rec, job.ret, why);
        if (value.IsUndefined()) throw violation("returned PV_OK with a result of " + why);
        if (TypeOf(job.ret) == PV_OBJECT) {
          auto *o = static_cast<HostObject *>(job.ret.value.ptr);
          if (o->kernel_refs == 0) throw violation("returned an object it holds no reference to (a borrowed object must go through addref first)");
          o->kernel_refs--;
        } else if (IsRefcounted(job.ret)) {
          auto *o = static_cast<HostObj *>(job.ret.value.ptr);
          if (o->owner == Owner::kLent) throw violation("returned a value the host only lent (it must return a copy it owns)");
          if (o->owner == Owner::kHost) throw violation("returned a value it had already handed over");
          o->owner = Owner::kHost;
        }
        result.Set("status", "ok");
        result.Set("value", value);
        objects_after();
        result.Set("output", Napi::Buffer<char>::Copy(env, rec.journal.data(), rec.journal.size()));
        for (const WorldWrite &w : rec.global_writes) {
          Napi::Object o = Napi::Object::New(env);
          o.Set("name", BinaryString(env, w.name));
          o.Set("value", written(w, "global_set"));
          globals.Set(globals.Length(), o);
        }
        for (const WorldWrite &w : rec.static_writes) {
          Napi::Object o = Napi::Object::New(env);
          o.Set("fn", BinaryString(env, w.function));
          o.Set("name", BinaryString(env, w.name));
          o.Set("value", written(w, "static_set"));
          statics.Set(statics.Length(), o);
        }
        for (const WorldWrite &w : rec.arg_writes) {
          Napi::Object o = Napi::Object::New(env);
          o.Set("index", w.index);
          o.Set("value", written(w, "arg_set"));
          by_ref.Set(by_ref.Length(), o);
        }
        rec.Free(job.ret);
        break;
      }
      case PV_DEOPT:
        if (nerrors != 0) throw violation("returned PV_DEOPT after raising an exception");
        if (writes != 0) throw violation("returned PV_DEOPT after committing a write to a global, static or by-reference argument");
        // Nothing a DEOPTing kernel journaled may be seen: the PHP original runs instead.
        result.Set("status", "deopt");
        objects_after();
        result.Set("output", Napi::Buffer<char>::New(env, 0));
        break;
      case PV_THROW: {
        if (nerrors != 1) throw violation("returned PV_THROW with " + std::to_string(nerrors) + " exceptions raised (need exactly 1)");
        if (writes != 0) throw violation("returned PV_THROW after committing a write to a global, static or by-reference argument");
        if ((k.flags & PV_KERNEL_EFFECTS) != 0) throw violation("returned PV_THROW although it is flagged PV_KERNEL_EFFECTS");
        const RecordedError &e = rec.errors[0];
        if (ErrorClassName(e.error_class) == nullptr) throw violation("raised unknown error class " + std::to_string(e.error_class));
        Napi::Object err = Napi::Object::New(env);
        err.Set("errorClass", e.error_class);
        err.Set("message", Napi::String::New(env, e.message.data(), e.message.size()));
        err.Set("line", e.line);
        result.Set("status", "throw");
        result.Set("error", err);
        objects_after();
        // The journal is committed only on PV_OK (abi.h): a throwing kernel shows no output.
        result.Set("output", Napi::Buffer<char>::New(env, 0));
        break;
      }
      default:
        throw violation("returned unknown status " + std::to_string(job.status));
    }
    // Building and returning a new object is not an effect; writing one PHP already had is.
    const size_t effects = rec.global_writes.size() + rec.static_writes.size() + rec.arg_writes.size() + rec.property_writes;
    if (job.status == PV_OK && (k.flags & PV_KERNEL_EFFECTS) == 0 && (effects != 0 || !rec.journal.empty())) {
      throw violation("printed or wrote to the world although it is not flagged PV_KERNEL_EFFECTS");
    }
    // The host drops everything it owns; what is still alive was made by the kernel and lost.
    for (const WorldWrite &w : rec.global_writes) rec.Free(w.val);
    for (const WorldWrite &w : rec.static_writes) rec.Free(w.val);
    for (const WorldWrite &w : rec.arg_writes) rec.Free(w.val);
    for (uint32_t a = 0; a < nargs; a++) rec.Free(args[a]);
    for (auto *list : {&rec.globals, &rec.constants, &rec.statics}) for (const WorldEntry &e : *list) rec.Free(e.val);
    for (auto &c : rec.classes) for (const HostProp &d : c.second.defaults) rec.Free(d.val);
    // Objects go last (they may be shared): their properties first, then the objects themselves;
    // one the kernel still holds a reference to was neither handed over nor released.
    std::vector<HostObject *> objs;
    for (HostObj *o : rec.live) if (o->type == PV_OBJECT) objs.push_back(static_cast<HostObject *>(o));
    size_t leaked_objects = 0;
    for (HostObject *o : objs) for (const HostProp &p : o->props) rec.Free(p.val);
    for (HostObject *o : objs) {
      if (o->kernel_refs != 0) leaked_objects++;
      rec.live.erase(o);
      delete o;
    }
    if (leaked_objects != 0) {
      throw violation("leaked " + std::to_string(leaked_objects) + " object reference(s): every object from object_new or addref must be handed over or released");
    }
    if (!rec.live.empty()) {
      size_t strings = 0, arrays = 0;
      for (HostObj *o : rec.live) (o->type == PV_ARRAY ? arrays : strings)++;
      throw violation("leaked " + std::to_string(rec.live.size()) + " host value(s) (" + std::to_string(strings) + " string(s), " +
                      std::to_string(arrays) + " array(s)) of the " + std::to_string(rec.made_by_kernel) +
                      " it created: every value from string_new/array_new must be handed over or released");
    }
    result.Set("globals", globals);
    result.Set("statics", statics);
    result.Set("byRef", by_ref);
    result.Set("objects", objects);
    return result;
  }

  Napi::Value Close(const Napi::CallbackInfo &info) {
    Unload();
    return info.Env().Undefined();
  }

  std::string path_;
  void *handle_ = nullptr;
  const pv_module_desc *module_ = nullptr;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("KernelModule", KernelModule::Define(env));
  exports.Set("abiVersion", Napi::Number::New(env, PV_ABI_VERSION));
  exports.Set("threadStackBytes", Napi::Number::New(env, static_cast<double>(kThreadStackBytes)));
  exports.Set("stackBudgetBytes", Napi::Number::New(env, static_cast<double>(kStackBudgetBytes)));
  return exports;
}

}  // namespace

NODE_API_MODULE(polyvirt_verifier, Init)
