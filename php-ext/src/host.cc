// host.cc — pv_host callbacks for kernels running inside PHP, on real Zend values.
//
// A pv_value has zval's layout, so borrowed values are handed out as the zval bits themselves
// (no refcount change) and owned values come back as zend_string / zend_array pointers whose
// type flags are rebuilt here from the low type byte (kernels only promise that byte). No
// callback may longjmp or emit a diagnostic: every lookup that PHP would answer with a warning
// or an exception answers PV_UNDEF instead, and the kernel DEOPTs so PHP does it itself.
#include "host.h"

#include <cstring>

extern "C" {
#include "php_output.h"
#include "zend_constants.h"
#include "zend_exceptions.h"
#include "zend_execute.h"
}

namespace pv {

static_assert(sizeof(pv_value) == sizeof(zval), "pv_value must have zval's layout");

namespace {

inline zval *as_zval(pv_value *v) { return reinterpret_cast<zval *>(v); }
inline const zval *as_zval(const pv_value *v) { return reinterpret_cast<const zval *>(v); }
inline uint8_t low_type(const pv_value *v) { return (uint8_t)(v->type_info & 0xff); }

inline void set_undef(pv_value *out) {
  out->value.lval = 0;
  out->type_info = PV_UNDEF;
  out->extra = 0;
}

// Hands out a borrowed view of z (references looked through when deref).
inline void lend(const zval *z, pv_value *out, bool deref) {
  if (deref && Z_ISREF_P(z)) z = Z_REFVAL_P(z);
  if (Z_TYPE_P(z) == IS_CONSTANT_AST) return set_undef(out); // not evaluated yet: PHP must do it
  ZVAL_COPY_VALUE(as_zval(out), z);
}

inline HostCall *call_of(void *ctx) { return static_cast<HostCall *>(ctx); }

// Replaces the value in slot (a variable, a static, a reference's value) with the owned *v,
// the way PHP assigns: the new value is in place before the old one is destroyed, and a typed
// reference coerces or throws TypeError like an assignment in the calling code would.
void assign_owned(zval *slot, zval *v) {
  if (Z_ISREF_P(slot)) {
    zend_reference *ref = Z_REF_P(slot);
    if (UNEXPECTED(ZEND_REF_HAS_TYPE_SOURCES(ref))) {
      zend_try_assign_typed_ref(ref, v); // consumes v; a TypeError stays pending
      return;
    }
    slot = &ref->val;
  }
  zval garbage;
  ZVAL_COPY_VALUE(&garbage, slot);
  ZVAL_COPY_VALUE(slot, v);
  zval_ptr_dtor(&garbage);
}

void host_throw_error(void *ctx, uint32_t error_class, const char *message, size_t length,
                      uint32_t line) {
  (void)ctx;
  zend_class_entry *ce;
  switch (error_class) {
  case PV_ERR_TYPE_ERROR: ce = zend_ce_type_error; break;
  case PV_ERR_ARITHMETIC_ERROR: ce = zend_ce_arithmetic_error; break;
  case PV_ERR_DIVISION_BY_ZERO_ERROR: ce = zend_ce_division_by_zero_error; break;
  default: ce = zend_ce_error; break;
  }
  // The message may hold NUL bytes, so it goes in as a zend_string, not a C string.
  zend_object *obj = zend_throw_exception(ce, "", 0);
  if (!obj) return;
  zend_string *msg = zend_string_init(message, length, 0);
  zend_update_property_str(zend_ce_error, obj, "message", sizeof("message") - 1, msg);
  zend_string_release(msg);
  if (line != 0) zend_update_property_long(zend_ce_error, obj, "line", sizeof("line") - 1, (zend_long)line);
}

void host_output(void *ctx, const char *bytes, size_t length) { call_of(ctx)->journal.append(bytes, length); }

void host_string_view(void *ctx, const pv_value *s, const char **bytes, size_t *length) {
  if (low_type(s) != PV_STRING) {
    *bytes = "";
    *length = 0;
    return;
  }
  zend_string *str = static_cast<zend_string *>(s->value.ptr);
  *bytes = ZSTR_VAL(str);
  *length = ZSTR_LEN(str);
}

void host_string_new(void *ctx, const char *bytes, size_t length, pv_value *out) {
  ZVAL_STRINGL_FAST(as_zval(out), bytes, length);
}

uint32_t host_array_count(void *ctx, const pv_value *a) {
  if (low_type(a) != PV_ARRAY) return 0;
  return zend_array_count(static_cast<HashTable *>(a->value.ptr));
}

int host_array_next(void *ctx, const pv_value *a, uint32_t *pos, pv_value *key, pv_value *val) {
  if (low_type(a) != PV_ARRAY) return 0;
  HashTable *ht = static_cast<HashTable *>(a->value.ptr);
  for (uint32_t i = *pos; i < ht->nNumUsed; ++i) {
    zval *z;
    if (HT_IS_PACKED(ht)) {
      z = &ht->arPacked[i];
    } else {
      z = &ht->arData[i].val;
    }
    if (Z_TYPE_P(z) == IS_INDIRECT) z = Z_INDIRECT_P(z);
    if (Z_TYPE_P(z) == IS_UNDEF) continue; // a hole (unset element or unset CV slot)
    if (HT_IS_PACKED(ht)) {
      ZVAL_LONG(as_zval(key), (zend_long)i);
    } else {
      Bucket *b = &ht->arData[i];
      if (b->key) {
        ZVAL_STR(as_zval(key), b->key); // borrowed: ZVAL_STR only sets the type bits
      } else {
        ZVAL_LONG(as_zval(key), (zend_long)b->h);
      }
    }
    ZVAL_COPY_VALUE(as_zval(val), z); // references stay PV_REFERENCE: the kernel DEOPTs
    *pos = i + 1;
    return 1;
  }
  *pos = ht->nNumUsed;
  return 0;
}

void host_array_new(void *ctx, uint32_t capacity, pv_value *out) {
  ZVAL_ARR(as_zval(out), zend_new_array(capacity));
}

void host_array_set_int(void *ctx, pv_value *a, int64_t key, pv_value *val) {
  zval v;
  host_take(val, &v);
  if (low_type(a) != PV_ARRAY) return zval_ptr_dtor(&v);
  zend_hash_index_update(static_cast<HashTable *>(a->value.ptr), (zend_ulong)key, &v);
}

void host_array_set_str(void *ctx, pv_value *a, const char *key, size_t length, pv_value *val) {
  zval v;
  host_take(val, &v);
  if (low_type(a) != PV_ARRAY) return zval_ptr_dtor(&v);
  // Symtable semantics: "8" is the integer key 8, as in $a["8"] = v.
  zend_symtable_str_update(static_cast<HashTable *>(a->value.ptr), key, length, &v);
}

int64_t host_array_next_free(void *ctx, const pv_value *a) {
  if (low_type(a) != PV_ARRAY) return INT64_MIN;
  return (int64_t)static_cast<HashTable *>(a->value.ptr)->nNextFreeElement; // ZEND_LONG_MIN: none yet
}

void host_array_set_next_free(void *ctx, pv_value *a, int64_t next_free) {
  if (low_type(a) != PV_ARRAY) return;
  HashTable *ht = static_cast<HashTable *>(a->value.ptr);
  // Only on the kernel's own (unshared, mutable) array: PHP never lowers it below a used key.
  if ((GC_FLAGS(ht) & GC_IMMUTABLE) || GC_REFCOUNT(ht) != 1) return;
  ht->nNextFreeElement = (zend_long)next_free;
}

void host_release(void *ctx, pv_value *v) {
  zval z;
  host_take(v, &z);
  zval_ptr_dtor(&z);
  set_undef(v);
}

// The symbol-table slot of a global: main-script CVs sit behind IS_INDIRECT.
zval *global_slot(const char *name, size_t length) {
  zval *slot = zend_hash_str_find(&EG(symbol_table), name, length);
  if (slot && Z_TYPE_P(slot) == IS_INDIRECT) slot = Z_INDIRECT_P(slot);
  return slot;
}

void host_global_get(void *ctx, const char *name, size_t length, pv_value *out) {
  zval *slot = global_slot(name, length);
  if (!slot) return set_undef(out);
  lend(slot, out, true);
}

void host_global_set(void *ctx, const char *name, size_t length, pv_value *val) {
  call_of(ctx)->wrote = true;
  zval v;
  host_take(val, &v);
  zval *slot = global_slot(name, length);
  if (!slot) {
    zend_hash_str_update(&EG(symbol_table), name, length, &v);
    return;
  }
  assign_owned(slot, &v);
}

// A plain constant: the namespace part of a name is case-insensitive (stored lowercased).
zend_constant *find_plain_constant(const char *name, size_t length) {
  const char *slash = static_cast<const char *>(memrchr(name, '\\', length));
  if (!slash) return static_cast<zend_constant *>(zend_hash_str_find_ptr(EG(zend_constants), name, length));
  std::string lc(name, length);
  zend_str_tolower(&lc[0], (size_t)(slash - name));
  return static_cast<zend_constant *>(zend_hash_str_find_ptr(EG(zend_constants), lc.data(), lc.size()));
}

void host_constant_get(void *ctx, const char *name, size_t length, pv_value *out) {
  const zval *z = host_find_constant(name, length);
  if (!z) return set_undef(out);
  lend(z, out, false); // a constant expression not evaluated yet is PV_UNDEF
}

// A user function by lowercased name, or a method by "class::method".
zend_function *find_function(const char *function, size_t function_length) {
  const char *colon = static_cast<const char *>(memchr(function, ':', function_length));
  if (!colon) return static_cast<zend_function *>(zend_hash_str_find_ptr(EG(function_table), function, function_length));
  size_t class_len = (size_t)(colon - function);
  if (class_len + 2 >= function_length || colon[1] != ':') return nullptr;
  zend_class_entry *ce = host_find_class(function, class_len);
  if (!ce) return nullptr;
  std::string method(colon + 2, function_length - class_len - 2);
  zend_str_tolower(&method[0], method.size());
  return static_cast<zend_function *>(zend_hash_str_find_ptr(&ce->function_table, method.data(), method.size()));
}

// The runtime table of a user function's static variables, created from the declared initial
// values as ZEND_BIND_STATIC does when the function never ran in this request.
HashTable *static_table(const char *function, size_t function_length) {
  zend_function *fn = find_function(function, function_length);
  if (!fn || fn->type != ZEND_USER_FUNCTION || !fn->op_array.static_variables) return nullptr;
  HashTable *ht = static_cast<HashTable *>(ZEND_MAP_PTR_GET(fn->op_array.static_variables_ptr));
  if (!ht) {
    ht = zend_array_dup(fn->op_array.static_variables);
    ZEND_MAP_PTR_SET(fn->op_array.static_variables_ptr, ht);
  }
  return ht;
}

void host_static_get(void *ctx, const char *function, size_t function_length, const char *name,
                     size_t length, pv_value *out) {
  HashTable *ht = static_table(function, function_length);
  zval *slot = ht ? zend_hash_str_find(ht, name, length) : nullptr;
  if (!slot) return set_undef(out);
  lend(slot, out, true);
}

void host_static_set(void *ctx, const char *function, size_t function_length, const char *name,
                     size_t length, pv_value *val) {
  call_of(ctx)->wrote = true;
  zval v;
  host_take(val, &v);
  HashTable *ht = static_table(function, function_length);
  zval *slot = ht ? zend_hash_str_find(ht, name, length) : nullptr;
  // The kernel read it first (it only writes statics it declares): a missing one is a bug.
  if (!slot) return zval_ptr_dtor(&v);
  assign_owned(slot, &v); // an unevaluated initializer is simply replaced, as BIND_STATIC would
}

void host_arg_set(void *ctx, uint32_t index, pv_value *val) {
  HostCall *call = call_of(ctx);
  call->wrote = true;
  zval v;
  host_take(val, &v);
  if (!call->ex || index >= ZEND_CALL_NUM_ARGS(call->ex)) return zval_ptr_dtor(&v);
  zval *slot = ZEND_CALL_ARG(call->ex, index + 1);
  // The guard admitted only untyped references here (PV_GUARD_BYREF).
  if (!Z_ISREF_P(slot)) return zval_ptr_dtor(&v);
  assign_owned(slot, &v);
}

// The object behind a PV_OBJECT value, if it is one whose properties live in its declared slots
// (user classes without custom property handlers).
zend_object *plain_object(const pv_value *o) {
  if (low_type(o) != PV_OBJECT) return nullptr;
  zend_object *obj = static_cast<zend_object *>(o->value.ptr);
  if (obj->handlers->read_property != zend_std_read_property) return nullptr;
  return obj;
}

void host_object_class(void *ctx, const pv_value *o, const char **name, size_t *length) {
  if (low_type(o) != PV_OBJECT) {
    *name = "";
    *length = 0;
    return;
  }
  zend_string *cn = static_cast<zend_object *>(o->value.ptr)->ce->name;
  std::string &lc = call_of(ctx)->scratch.emplace_back(ZSTR_VAL(cn), ZSTR_LEN(cn));
  zend_str_tolower(&lc[0], lc.size());
  *name = lc.data();
  *length = lc.size();
}

void host_property_get(void *ctx, const pv_value *o, const char *name, size_t length, pv_value *out) {
  zend_object *obj = plain_object(o);
  if (!obj) return set_undef(out);
  // As seen from inside the object's own class: its declared (also private) instance properties.
  zend_property_info *info =
      static_cast<zend_property_info *>(zend_hash_str_find_ptr(&obj->ce->properties_info, name, length));
  if (!info || (info->flags & ZEND_ACC_STATIC) || info->ce != obj->ce && (info->flags & ZEND_ACC_PRIVATE))
    return set_undef(out); // undeclared (dynamic, or magic __get): PHP's to resolve
  zval *slot = OBJ_PROP(obj, info->offset);
  if (Z_TYPE_P(slot) == IS_UNDEF) return set_undef(out); // unset or uninitialized
  ZVAL_COPY_VALUE(as_zval(out), slot); // a reference stays PV_REFERENCE
}

void host_property_set(void *ctx, const pv_value *o, const char *name, size_t length, pv_value *val) {
  call_of(ctx)->wrote = true;
  zval v;
  host_take(val, &v);
  if (low_type(o) != PV_OBJECT) return zval_ptr_dtor(&v);
  zend_object *obj = static_cast<zend_object *>(o->value.ptr);
  // Exactly `$this->name = v` inside the object's class: typed and readonly properties,
  // references and __set behave as in PHP (a TypeError or Error stays pending; the call then
  // fails as the assignment would). The current frame is the hooked call, so the coercion mode
  // is that of the function the kernel replaces.
  zend_string *member = zend_string_init(name, length, 0);
  zend_class_entry *old_scope = EG(fake_scope);
  EG(fake_scope) = obj->ce;
  obj->handlers->write_property(obj, member, &v, nullptr);
  EG(fake_scope) = old_scope;
  zend_string_release(member);
  zval_ptr_dtor(&v); // write_property took its own reference
}

void host_object_new(void *ctx, const char *cls, size_t length, pv_value *out) {
  call_of(ctx)->wrote = true;
  set_undef(out);
  zend_class_entry *ce = host_find_class(cls, length);
  if (!ce || (ce->ce_flags & (ZEND_ACC_INTERFACE | ZEND_ACC_TRAIT | ZEND_ACC_EXPLICIT_ABSTRACT_CLASS |
                              ZEND_ACC_IMPLICIT_ABSTRACT_CLASS | ZEND_ACC_ENUM)))
    return;
  zval z;
  // Default property values, no constructor; evaluating constant defaults may throw (the
  // exception stays pending, as `new C` would raise it).
  if (object_init_ex(&z, ce) != SUCCESS) return;
  ZVAL_COPY_VALUE(as_zval(out), &z);
}

int host_class_exists(void *ctx, const char *cls, size_t length) { return host_find_class(cls, length) != nullptr; }

void host_addref(void *ctx, pv_value *v) {
  switch (low_type(v)) {
  case PV_STRING: {
    zend_string *s = static_cast<zend_string *>(v->value.ptr);
    if (!ZSTR_IS_INTERNED(s)) GC_ADDREF(s);
    break;
  }
  case PV_ARRAY: {
    zend_array *a = static_cast<zend_array *>(v->value.ptr);
    if (!(GC_FLAGS(a) & GC_IMMUTABLE)) GC_ADDREF(a);
    break;
  }
  case PV_OBJECT: GC_ADDREF(static_cast<zend_object *>(v->value.ptr)); break;
  default: break; // scalars own nothing
  }
}

} // namespace

const zval *host_find_constant(const char *name, size_t length) {
  if (length > 0 && name[0] == '\\') ++name, --length;
  const char *colon = static_cast<const char *>(memchr(name, ':', length));
  if (!colon) {
    zend_constant *c = find_plain_constant(name, length);
    if (c) {
      // PHP emits a deprecation when reading these: leave that to PHP.
      if (ZEND_CONSTANT_FLAGS(c) & CONST_DEPRECATED) return nullptr;
      return &c->value;
    }
    // true/false/null and __COMPILER_HALT_OFFSET__ live outside the table; no diagnostics.
    return memchr(name, '\\', length) ? nullptr : zend_get_constant_str(name, length);
  }
  size_t class_len = (size_t)(colon - name);
  if (class_len == 0 || class_len + 2 >= length || colon[1] != ':') return nullptr;
  // Never autoload from a callback: a class PHP has not loaded yet is PHP's to load.
  zend_class_entry *ce = host_find_class(name, class_len);
  if (!ce || (ce->ce_flags & ZEND_ACC_TRAIT)) return nullptr;
  // Backed enums build their case table on first constant access: PHP's work.
  if ((ce->ce_flags & ZEND_ACC_ENUM) && !(ce->ce_flags & ZEND_ACC_CONSTANTS_UPDATED)) return nullptr;
  zval *cz = zend_hash_str_find(CE_CONSTANTS_TABLE(ce), colon + 2, length - class_len - 2);
  if (!cz) return nullptr;
  zend_class_constant *c = static_cast<zend_class_constant *>(Z_PTR_P(cz));
  // Read without a class scope: only public constants (PHP checks the others' visibility).
  if ((ZEND_CLASS_CONST_FLAGS(c) & ZEND_ACC_PPP_MASK) != ZEND_ACC_PUBLIC) return nullptr;
  return &c->value;
}

zend_class_entry *host_find_class(const char *name, size_t length) {
  if (length > 0 && name[0] == '\\') ++name, --length;
  if (length == 0) return nullptr;
  zend_string *s = zend_string_init(name, length, 0);
  zend_class_entry *ce = zend_lookup_class_ex(s, nullptr, ZEND_FETCH_CLASS_NO_AUTOLOAD);
  zend_string_release(s);
  return ce;
}

void host_take(pv_value *v, zval *out) {
  switch (low_type(v)) {
  case PV_FALSE: ZVAL_FALSE(out); break;
  case PV_TRUE: ZVAL_TRUE(out); break;
  case PV_LONG: ZVAL_LONG(out, v->value.lval); break;
  case PV_DOUBLE: ZVAL_DOUBLE(out, v->value.dval); break;
  case PV_STRING: ZVAL_STR(out, static_cast<zend_string *>(v->value.ptr)); break;
  case PV_ARRAY: {
    zend_array *a = static_cast<zend_array *>(v->value.ptr);
    ZVAL_ARR(out, a);
    if (GC_FLAGS(a) & GC_IMMUTABLE) Z_TYPE_INFO_P(out) = IS_ARRAY; // not refcounted
    break;
  }
  case PV_OBJECT: ZVAL_OBJ(out, static_cast<zend_object *>(v->value.ptr)); break;
  default: ZVAL_NULL(out); break;
  }
}

void host_init(HostCall *call) {
  pv_host &t = call->table;
  t.abi_version = PV_ABI_VERSION;
  t.size = sizeof(pv_host);
  t.ctx = call;
  t.stack_limit = nullptr;
  t.throw_error = host_throw_error;
  t.output = host_output;
  t.string_view = host_string_view;
  t.string_new = host_string_new;
  t.array_count = host_array_count;
  t.array_next = host_array_next;
  t.array_new = host_array_new;
  t.array_set_int = host_array_set_int;
  t.array_set_str = host_array_set_str;
  t.release = host_release;
  t.global_get = host_global_get;
  t.global_set = host_global_set;
  t.constant_get = host_constant_get;
  t.static_get = host_static_get;
  t.static_set = host_static_set;
  t.arg_set = host_arg_set;
  t.object_class = host_object_class;
  t.property_get = host_property_get;
  t.property_set = host_property_set;
  t.object_new = host_object_new;
  t.class_exists = host_class_exists;
  t.addref = host_addref;
  t.array_next_free = host_array_next_free;
  t.array_set_next_free = host_array_set_next_free;
}

void host_commit(HostCall *call) {
  if (!call->journal.empty()) php_output_write(call->journal.data(), call->journal.size());
}

} // namespace pv
