// polyvirt kernel ABI, version 2: the only interface between generated kernels and their host
// (the PHP extension, or the verifier's Node addon). No Zend headers: a kernel sees PHP values
// only through pv_value, whose layout matches zval for scalars, and acts on the world only
// through pv_host.
#ifndef POLYVIRT_ABI_H
#define POLYVIRT_ABI_H

#include <stddef.h>
#include <stdint.h>

#define PV_ABI_VERSION 2u
#define PV_MAX_ARGS 8u
#define PV_MODULE_SYMBOL "polyvirt_module_v1"

#ifdef __cplusplus
extern "C" {
#endif

// Same layout as zval: 8-byte value, 4-byte type info (u1), 4-byte extra (u2).
typedef struct pv_value {
  union {
    int64_t lval;
    double dval;
    void *ptr;
  } value;
  uint32_t type_info;
  uint32_t extra;
} pv_value;

// zval type codes (Zend/zend_types.h); only the low byte of type_info is the type.
enum pv_type {
  PV_UNDEF = 0,
  PV_NULL = 1,
  PV_FALSE = 2,
  PV_TRUE = 3,
  PV_LONG = 4,
  PV_DOUBLE = 5,
  PV_STRING = 6,
  PV_ARRAY = 7,
  PV_OBJECT = 8,
  PV_REFERENCE = 10,
};

// Guard codes per parameter: a zval type code (PV_LONG, PV_DOUBLE, PV_STRING, PV_ARRAY), except
// PV_GUARD_BOOL which accepts PV_FALSE and PV_TRUE (PHP reports both as "bool"). A by-reference
// parameter adds PV_GUARD_BYREF: the host checks the type of the referenced value and passes that
// value (dereferenced, borrowed) in args[i]; the kernel writes it back with host->arg_set.
#define PV_GUARD_BOOL PV_TRUE
#define PV_GUARD_BYREF 0x80u
#define PV_GUARD_TYPE(g) ((g) & 0x7fu)

enum pv_status {
  PV_OK = 0,    // *ret holds the result; journaled effects are committed
  PV_DEOPT = 1, // nothing observable happened: run the PHP original instead
  PV_THROW = 2, // an exception was raised through host->throw_error
};

enum pv_error_class {
  PV_ERR_ERROR = 0,
  PV_ERR_TYPE_ERROR = 1,
  PV_ERR_ARITHMETIC_ERROR = 2,
  PV_ERR_DIVISION_BY_ZERO_ERROR = 3,
};

typedef struct pv_host {
  uint32_t abi_version; // PV_ABI_VERSION of the host
  uint32_t size;        // sizeof(pv_host) of the host, for forward compatibility
  void *ctx;            // host-private, passed back to every callback
  // Lowest stack address native code may reach; a kernel function whose frame lies below it
  // returns PV_DEOPT, so deep recursion falls back to PHP instead of overflowing the C stack.
  const char *stack_limit;
  // Raise a PHP exception of the given class; `line` is the PHP source line.
  void (*throw_error)(void *ctx, uint32_t error_class, const char *message, size_t length,
                      uint32_t line);
  // Append bytes to the output journal; the host commits it only when the kernel returns PV_OK.
  void (*output)(void *ctx, const char *bytes, size_t length);

  // ---- ABI 2: values that live in the host (strings, arrays) and the world outside the call ----
  // Values a callback hands out are *borrowed*: valid until the kernel returns, never released by
  // the kernel. Values the kernel hands in (`*_set`, `array_set_*`) are *owned*: the host takes
  // them over. Hosts may use any representation behind a PV_STRING / PV_ARRAY pointer; kernels
  // only reach it through these callbacks. Kernels call the `*_set` callbacks only while
  // committing, after all native work succeeded: once the first one ran, the kernel returns PV_OK.
  // A `*_set` may drop the value it replaces, so a kernel reads no borrowed value once it has
  // started committing.

  // The bytes of a PV_STRING value.
  void (*string_view)(void *ctx, const pv_value *s, const char **bytes, size_t *length);
  // A new string, owned by *out.
  void (*string_new)(void *ctx, const char *bytes, size_t length, pv_value *out);
  // Number of elements of a PV_ARRAY value.
  uint32_t (*array_count)(void *ctx, const pv_value *a);
  // Walks an array in PHP order: *pos starts at 0; returns 0 past the end. *key is PV_LONG or
  // PV_STRING, *val any type (PV_REFERENCE for a reference slot); both borrowed.
  int (*array_next)(void *ctx, const pv_value *a, uint32_t *pos, pv_value *key, pv_value *val);
  // A new empty array with room for `capacity` elements, owned by *out.
  void (*array_new)(void *ctx, uint32_t capacity, pv_value *out);
  // Adds (or replaces) an element of an owned array; takes *val over. A string key that PHP
  // treats as an integer ("8") is stored as that integer, as PHP's symtable functions do.
  void (*array_set_int)(void *ctx, pv_value *a, int64_t key, pv_value *val);
  void (*array_set_str)(void *ctx, pv_value *a, const char *key, size_t length, pv_value *val);
  // Drops an owned value (used when a kernel DEOPTs after building one).
  void (*release)(void *ctx, pv_value *v);
  // The global variable `name` (borrowed; PV_UNDEF when unset), and its new value (owned).
  void (*global_get)(void *ctx, const char *name, size_t length, pv_value *out);
  void (*global_set)(void *ctx, const char *name, size_t length, pv_value *val);
  // A constant defined with define()/const (borrowed; PV_UNDEF when undefined). `name` as
  // written in the source, without a leading backslash.
  void (*constant_get)(void *ctx, const char *name, size_t length, pv_value *out);
  // A static variable of the PHP function `function` (lowercased name, "class::method" for a
  // method; borrowed: its current value, which is its initializer's before the first call;
  // PV_UNDEF when there is no such static or its initializer is not evaluated yet), and its new
  // value (owned).
  void (*static_get)(void *ctx, const char *function, size_t function_length, const char *name,
                     size_t length, pv_value *out);
  void (*static_set)(void *ctx, const char *function, size_t function_length, const char *name,
                     size_t length, pv_value *val);
  // Writes the new value of by-reference argument `index` (owned).
  void (*arg_set)(void *ctx, uint32_t index, pv_value *val);

  // ---- objects ----
  // The lowercased class name of a PV_OBJECT value ("ns\\point"; borrowed).
  void (*object_class)(void *ctx, const pv_value *o, const char **name, size_t *length);
  // Property `name` of an object as seen from inside its class (borrowed; PV_UNDEF when unset,
  // uninitialized or undeclared; PV_REFERENCE when it holds a reference).
  void (*property_get)(void *ctx, const pv_value *o, const char *name, size_t length, pv_value *out);
  // Assigns property `name` (owned value; commit only).
  void (*property_set)(void *ctx, const pv_value *o, const char *name, size_t length, pv_value *val);
  // A new object of the class (lowercased name) with its default property values and WITHOUT
  // running its constructor (the kernel ran the constructor natively); owned; commit only.
  // PV_UNDEF when the class is not declared (kernels check with class_exists before committing).
  void (*object_new)(void *ctx, const char *cls, size_t length, pv_value *out);
  // Whether a class (lowercased name) is declared right now, without autoloading.
  int (*class_exists)(void *ctx, const char *cls, size_t length);
  // Turns a borrowed value into an owned one (one more reference), so a kernel can hand an object
  // (or string or array) it received back to PHP unchanged — `return $this;`.
  void (*addref)(void *ctx, pv_value *v);

  // PHP's next free integer key of an array, raw (nNextFreeElement: INT64_MIN for an array that
  // never had an int key); `$a[] = v` uses it, and it may differ from the largest key + 1.
  int64_t (*array_next_free)(void *ctx, const pv_value *a);
  // Sets it on an owned array the kernel built (commit only).
  void (*array_set_next_free)(void *ctx, pv_value *a, int64_t next_free);
} pv_host;

// A kernel: args are read in place (nargs == the descriptor's arity, types already guarded). A
// PV_STRING or PV_ARRAY result in *ret is owned by the host afterwards.
typedef uint32_t (*pv_kernel_entry)(const pv_host *host, const pv_value *args, uint32_t nargs,
                                    pv_value *ret);

enum pv_kernel_flags {
  PV_KERNEL_PURE = 1u,    // no effects at all: DEOPT at any point is always safe
  PV_KERNEL_EFFECTS = 2u, // prints, or writes globals, statics, properties or by-reference
                          // arguments (all journaled: committed only on PV_OK); never PV_THROW
  PV_KERNEL_METHOD = 4u,  // an instance method: args[0] is $this (borrowed), the declared
                          // parameters follow (nargs == arity + 1); the host runs the kernel only
                          // when $this is exactly of class `receiver_class`
};

typedef struct pv_kernel_desc {
  const char *function_name; // lowercased name as in PHP's function table ("fib", "ns\\f"), or
                             // "class::method" (both lowercased) for a method
  const char *source_sha256; // hex sha256 of the region source text it was generated from
  uint32_t arity;
  uint8_t guard[PV_MAX_ARGS]; // per parameter: see the guard codes above
  uint32_t flags;
  pv_kernel_entry entry;
  const char *receiver_class; // PV_KERNEL_METHOD: lowercased class $this must have; else NULL
} pv_kernel_desc;

typedef struct pv_module_desc {
  uint32_t abi_version;    // PV_ABI_VERSION the module was built against
  uint32_t php_version_id; // PHP major*10000 + minor*100 it targets (80200)
  uint32_t kernel_count;
  const pv_kernel_desc *kernels;
} pv_module_desc;

// Every artifact exports exactly this symbol.
const pv_module_desc *polyvirt_module_v1(void);

#ifdef __cplusplus
}
#endif

#endif
