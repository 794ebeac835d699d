// dispatch.cc — the execute_ex hook: runs an installed kernel behind its guard and tears the
// frame down like the VM's leave helper, or falls back to the original executor.
#include "dispatch.h"

#include <atomic>
#include <cstring>

#include "diag.h"
#include "force.h"
#include "host.h"
#include "install.h"
#include "module.h"
#include "profile.h"
#include "registry.h"
#include "transport.h"

extern "C" {
#include "SAPI.h"
#include "zend_closures.h"
#include "zend_exceptions.h"
#include "zend_compile.h"
#include "zend_execute.h"
#include "zend_fibers.h"
#include "zend_observer.h"
}

namespace pv {

namespace {

void (*g_orig_execute_ex)(zend_execute_data *) = nullptr;
zend_op_array *(*g_orig_compile_file)(zend_file_handle *, int) = nullptr;
zend_op_array *(*g_outer_prev_compile_file)(zend_file_handle *, int) = nullptr;
zend_op_array *(*g_orig_compile_string)(zend_string *, const char *, zend_compile_position) = nullptr;
void (*g_orig_interrupt)(zend_execute_data *) = nullptr;

std::atomic<bool> g_wake{false};
uint32_t g_depth = 0;       // hooked frames currently on the C stack
uint32_t g_replaying = 0;   // DEOPTed calls being replayed in PHP above us
uint32_t g_compiling = 0;
uint32_t g_max_depth = 10000;
uint32_t g_tick = 0;
uint64_t g_seen_generation = 0;
uint64_t g_seen_failures = 0;
bool g_in_request = false;
bool g_first_request_seen = false;
bool g_service_configured = false; // polyvirt.service is set (PHP_INI_SYSTEM: fixed per process)
// Fibers run on small C stacks (2 MiB by default) that hooked recursion would overflow long
// before max_hook_depth, and kernels are never taken there: inside a fiber the pointer stays
// at the original executor.
bool g_in_fiber = false;

void pv_execute_ex(zend_execute_data *ex);

inline bool has_work() { return g_profiling || g_force || install_active_count() > 0; }

// Whether a kernel could ever run in this process. When not (no service, nothing installed
// once the first request has loaded preloads and the local cache), scripts are compiled with
// the original executor in place, so calls become DO_UCALL and cost exactly what they cost
// without polyvirt. Before the first request (e.g. opcache.preload) nothing is known yet.
inline bool may_ever_have_kernels() {
  return !g_first_request_seen || g_service_configured || install_active_count() > 0 ||
         g_install_pending.load(std::memory_order_relaxed);
}

inline void leave_depth() {
  if (UNEXPECTED(g_depth-- == g_max_depth)) dispatch_update_pointer();
}

// Mirrors the TOP, non-CODE branch of zend_leave_helper (Zend/zend_vm_def.h, PHP 8.2); the
// caller frees the frame itself and $this.
void teardown_frame(zend_execute_data *ex, zval *observed_rv) {
  if (ZEND_OBSERVER_ENABLED) zend_observer_fcall_end(ex, observed_rv);
  EG(current_execute_data) = ex->prev_execute_data;
  zend_free_compiled_variables(ex);
  uint32_t call_info = ZEND_CALL_INFO(ex); // reloaded: destructors may have run
  if (UNEXPECTED(call_info & (ZEND_CALL_HAS_SYMBOL_TABLE | ZEND_CALL_FREE_EXTRA_ARGS |
                              ZEND_CALL_HAS_EXTRA_NAMED_PARAMS))) {
    if (call_info & ZEND_CALL_HAS_SYMBOL_TABLE) zend_clean_and_cache_symbol_table(ex->symbol_table);
    zend_vm_stack_free_extra_args_ex(call_info, ex);
    if (call_info & ZEND_CALL_HAS_EXTRA_NAMED_PARAMS) zend_free_extra_named_params(ex->extra_named_params);
  }
  if (UNEXPECTED(call_info & ZEND_CALL_CLOSURE)) OBJ_RELEASE(ZEND_CLOSURE_OBJECT(ex->func));
}

// PV_KERNEL_METHOD: $this must be exactly of the receiver class (matched by name once per
// request, then by class entry).
bool receiver_matches(KernelBinding *kb, zend_execute_data *ex) {
  if (!(ZEND_CALL_INFO(ex) & ZEND_CALL_HAS_THIS)) return false;
  zend_class_entry *ce = Z_OBJCE(ex->This);
  uint64_t request = registry_request_id();
  if (EXPECTED(ce == kb->receiver_ce && kb->receiver_request == request)) return true;
  const char *want = kb->desc->receiver_class;
  if (ZSTR_LEN(ce->name) != std::strlen(want) || zend_binary_strcasecmp(ZSTR_VAL(ce->name), ZSTR_LEN(ce->name), want, std::strlen(want)) != 0)
    return false;
  kb->receiver_ce = ce;
  kb->receiver_request = request;
  return true;
}

inline bool guard_passes(KernelBinding *kb, zend_execute_data *ex) {
  const pv_kernel_desc *k = kb->desc;
  if (ZEND_CALL_NUM_ARGS(ex) != k->arity) return false;
  if (UNEXPECTED(k->flags & PV_KERNEL_METHOD) && !receiver_matches(kb, ex)) return false;
  zval *args = ZEND_CALL_ARG(ex, 1);
  for (uint32_t i = 0; i < k->arity; ++i) {
    const zval *z = &args[i];
    uint8_t g = k->guard[i];
    if (UNEXPECTED(g & PV_GUARD_BYREF)) {
      // A typed reference (bound to a typed property) would need PHP's coercion on write.
      if (!Z_ISREF_P(z) || ZEND_REF_HAS_TYPE_SOURCES(Z_REF_P(z))) return false;
      z = Z_REFVAL_P(z);
      g = PV_GUARD_TYPE(g);
    }
    uint8_t t = Z_TYPE_P(z);
    if (g == PV_GUARD_BOOL ? (t != IS_FALSE && t != IS_TRUE) : t != g) return false;
  }
  return true;
}

// What a kernel may return on PV_OK: a scalar, or an owned string, array or object.
inline bool valid_result(const pv_value &v) {
  uint8_t t = (uint8_t)(v.type_info & 0xff);
  return t >= PV_NULL && t <= PV_OBJECT;
}

// A kernel broke the ABI contract; said once per kernel (polyvirt_status()['errors']).
void report_violation(KernelBinding *kb, const char *what) {
  if (kb->reported_violation) return;
  kb->reported_violation = true;
  diag_error(std::string("kernel ") + kb->desc->function_name + " broke the ABI contract: " + what);
}

// The call ends with the exception pending, as the VM's uncaught-exception path leaves it.
void finish_throw(zend_execute_data *ex) {
  // The caller's result slot must be initialized.
  if (ex->return_value) ZVAL_UNDEF(ex->return_value);
  teardown_frame(ex, nullptr);
}

// Returns true when the kernel handled the call (frame torn down), false to run PHP.
bool run_kernel(KernelBinding *kb, zend_execute_data *ex) {
  HostCall hc;
  host_init(&hc);
  hc.ex = ex;
  hc.table.stack_limit =
      static_cast<const char *>(__builtin_frame_address(0)) - (size_t)PV_G(native_stack_kb) * 1024;
  pv_value ret;
  ret.value.lval = 0;
  ret.type_info = PV_NULL;
  ret.extra = 0;
  const pv_kernel_desc *k = kb->desc;
  const pv_value *args = reinterpret_cast<const pv_value *>(ZEND_CALL_ARG(ex, 1));
  uint32_t nargs = k->arity;
  pv_value local_args[PV_MAX_ARGS + 1];
  if (UNEXPECTED(kb->byref_mask || (k->flags & PV_KERNEL_METHOD))) {
    // A method kernel gets $this (borrowed) first. By-reference slots hold a zend_reference:
    // the kernel reads the referenced value (borrowed) and writes it back with host->arg_set
    // (index = the declared parameter's, $this not counted).
    uint32_t at = 0;
    if (k->flags & PV_KERNEL_METHOD) ZVAL_OBJ(reinterpret_cast<zval *>(&local_args[at++]), Z_OBJ(ex->This));
    for (uint32_t i = 0; i < k->arity; ++i) {
      const zval *z = reinterpret_cast<const zval *>(&args[i]);
      if (kb->byref_mask & (1u << i)) z = Z_REFVAL_P(z);
      ZVAL_COPY_VALUE(reinterpret_cast<zval *>(&local_args[at++]), z);
    }
    args = local_args;
    nargs = at;
  }
  uint32_t status = k->entry(&hc.table, args, nargs, &ret);
  if (status == PV_OK && valid_result(ret)) {
    ++kb->native_calls;
    host_commit(&hc);
    zval rv;
    host_take(&ret, &rv); // owned strings and arrays move into the result
    if (UNEXPECTED(EG(exception))) {
      // A write through a typed reference (global or static bound to a typed property) threw
      // TypeError while committing: the call fails there, as PHP's assignment would.
      zval_ptr_dtor(&rv);
      finish_throw(ex);
      return true;
    }
    if (ex->return_value) {
      ZVAL_COPY_VALUE(ex->return_value, &rv);
      teardown_frame(ex, ex->return_value);
    } else {
      teardown_frame(ex, &rv);
      zval_ptr_dtor(&rv);
    }
    return true;
  }
  if (status == PV_THROW && EG(exception) && !(k->flags & PV_KERNEL_EFFECTS)) {
    ++kb->throws;
    finish_throw(ex);
    return true;
  }
  // DEOPT, or a kernel that broke the ABI contract: treated the same, the output journal is
  // dropped and PHP runs the original. Writes already made through the *_set callbacks cannot
  // be taken back (an effects kernel calls them only once nothing can fail any more, so this
  // happens only with a broken kernel): PHP then repeats them.
  if (status == PV_OK) report_violation(kb, "PV_OK with a result that is not a scalar, string, array or object");
  else if (status == PV_THROW && (k->flags & PV_KERNEL_EFFECTS)) report_violation(kb, "PV_THROW from an effects kernel");
  else if (status != PV_DEOPT && status != PV_THROW) report_violation(kb, "unknown status");
  else if (status == PV_THROW) report_violation(kb, "PV_THROW without an exception");
  if (hc.wrote) report_violation(kb, "effects written, then no PV_OK");
  // PHP re-runs the call and raises its own exception if there is one.
  if (EG(exception)) zend_clear_exception();
  ++kb->deopts;
  return false;
}

void pv_execute_ex(zend_execute_data *ex) {
  if (UNEXPECTED(g_wake.load(std::memory_order_relaxed))) dispatch_apply_pending();
  if (UNEXPECTED(++g_depth == g_max_depth)) dispatch_update_pointer();
  if (UNEXPECTED(++g_tick >= 4096)) {
    g_tick = 0;
    profile_tick();
  }
  uint32_t call_info = ZEND_CALL_INFO(ex);
  if (!(call_info & ZEND_CALL_CODE)) {
    zend_op_array *op = &ex->func->op_array;
    FnState *st = registry_state(op);
    if (st) {
      if (UNEXPECTED(g_force)) force_call(st, ex); // may install this function's kernel
      if (UNEXPECTED(st->bind_epoch != g_install_epoch)) install_rebind(st, op);
      KernelBinding *kb = st->kernel;
      if (kb && g_replaying == 0 &&
          (call_info & (ZEND_CALL_CODE | ZEND_CALL_TOP | ZEND_CALL_GENERATOR)) == ZEND_CALL_TOP &&
          !EG(active_fiber)) {
        if (guard_passes(kb, ex)) {
          if (run_kernel(kb, ex)) {
            leave_depth();
            return;
          }
          // The whole subtree of a DEOPTed call runs in PHP: bounds the cost of depth DEOPTs.
          ++g_replaying;
          g_orig_execute_ex(ex);
          --g_replaying;
          leave_depth();
          return;
        }
        ++kb->guard_failures;
      }
      if (g_profiling) {
        uint64_t t0 = profile_enter(st, ex);
        g_orig_execute_ex(ex);
        profile_leave(st, ex, t0);
        leave_depth();
        return;
      }
    }
  }
  g_orig_execute_ex(ex);
  leave_depth();
}

// Compiling with the hook in place makes the compiler emit DO_FCALL (which consults
// zend_execute_ex) instead of DO_UCALL; a bailout must not leave the count raised.
template <typename Compile> zend_op_array *compile_with_hook(Compile compile) {
  ++g_compiling;
  dispatch_update_pointer();
  zend_op_array *r = nullptr;
  zend_try { r = compile(); }
  zend_catch {
    --g_compiling;
    dispatch_update_pointer();
    zend_bailout();
  }
  zend_end_try();
  --g_compiling;
  dispatch_update_pointer();
  return r;
}

zend_op_array *pv_compile_file(zend_file_handle *fh, int type) {
  return compile_with_hook([&] { return g_orig_compile_file(fh, type); });
}

zend_op_array *pv_compile_file_outer(zend_file_handle *fh, int type) {
  return compile_with_hook([&] { return g_outer_prev_compile_file(fh, type); });
}

zend_op_array *pv_compile_string(zend_string *src, const char *filename, zend_compile_position pos) {
  return compile_with_hook([&] { return g_orig_compile_string(src, filename, pos); });
}

void pv_fiber_switch(zend_fiber_context *from, zend_fiber_context *to) {
  g_in_fiber = to != EG(main_fiber_context);
  dispatch_update_pointer();
}

void pv_interrupt(zend_execute_data *ex) {
  dispatch_apply_pending();
  // The transport thread wakes us every flush interval, so profiles flow even while the
  // script makes no user calls (a long loop, a sleep).
  profile_tick();
  if (g_orig_interrupt) g_orig_interrupt(ex);
}

} // namespace

void dispatch_minit() {
  g_max_depth = PV_G(max_hook_depth) > 0 ? (uint32_t)PV_G(max_hook_depth) : 1;
  g_service_configured = PV_G(service) && *PV_G(service);
  // A CLI process runs one script: when its unix-socket service is certainly not listening at
  // start, compile like plain PHP (DO_UCALL, no per-call cost). Kernels can still come from
  // preload or the local cache, which the first request checks before the script compiles.
  if (g_service_configured && sapi_module.name && std::strcmp(sapi_module.name, "cli") == 0 &&
      !transport_service_may_be_up(PV_G(service)))
    g_service_configured = false;
  g_orig_execute_ex = zend_execute_ex;
  // Installed in MINIT so scripts compile to DO_FCALL; dispatch_update_pointer() points it
  // back at the original as soon as there is nothing to do.
  zend_execute_ex = pv_execute_ex;
  g_orig_compile_file = zend_compile_file;
  zend_compile_file = pv_compile_file;
  g_orig_compile_string = zend_compile_string;
  zend_compile_string = pv_compile_string;
  g_orig_interrupt = zend_interrupt_function;
  zend_interrupt_function = pv_interrupt;
  zend_observer_fiber_switch_register(pv_fiber_switch);
}

void dispatch_first_request() {
  g_first_request_seen = true;
  if (zend_compile_file != pv_compile_file && zend_compile_file != pv_compile_file_outer) {
    g_outer_prev_compile_file = zend_compile_file;
    zend_compile_file = pv_compile_file_outer;
  }
}

void dispatch_mshutdown() {
  if (zend_execute_ex == pv_execute_ex) zend_execute_ex = g_orig_execute_ex;
  if (zend_compile_file == pv_compile_file_outer) zend_compile_file = g_outer_prev_compile_file;
  if (zend_compile_file == pv_compile_file) zend_compile_file = g_orig_compile_file;
  if (zend_compile_string == pv_compile_string) zend_compile_string = g_orig_compile_string;
  if (zend_interrupt_function == pv_interrupt) zend_interrupt_function = g_orig_interrupt;
}

void dispatch_request_start() {
  g_in_request = true;
  g_in_fiber = false;
  g_depth = 0;
  g_replaying = 0;
  // Profile from the first line of the request: a long call that starts before the stream is
  // up would otherwise never be seen. A failed connect ends the window at the next safe point;
  // a CLI service found absent in MINIT opens none (the window opens if it connects later).
  g_seen_failures = transport_failures();
  bool known_down = g_seen_failures > 0 && !transport_connected();
  if (transport_enabled() && !known_down && g_service_configured) profile_start_window();
  dispatch_apply_pending();
}

void dispatch_request_end() {
  g_in_request = false;
  g_depth = 0;
  g_replaying = 0;
  dispatch_update_pointer();
}

void dispatch_wake() {
  g_wake.store(true);
  // Safe from any thread: an atomic flag the VM polls at loop back-edges and calls.
  zend_atomic_bool_store(&EG(vm_interrupt), true);
}

void dispatch_apply_pending() {
  g_wake.store(false);
  if (g_install_pending.load()) install_apply_pending();
  uint64_t gen = transport_generation();
  if (gen != g_seen_generation) {
    g_seen_generation = gen;
    profile_start_window();
  }
  uint64_t failures = transport_failures();
  if (failures != g_seen_failures) {
    g_seen_failures = failures;
    if (!transport_connected()) profile_stop_window();
  }
  dispatch_update_pointer();
}

void dispatch_update_pointer() {
  bool want = (g_compiling > 0 && may_ever_have_kernels()) || (has_work() && g_depth < g_max_depth && !g_in_fiber);
  zend_execute_ex = want ? pv_execute_ex : g_orig_execute_ex;
}

bool dispatch_hooked() { return zend_execute_ex == pv_execute_ex; }

} // namespace pv
