// force.cc — force mode: on the first call of each bindable user function the PHP thread sends
// that call as a one-call profile (types, sampled arguments, caller, source) in a Specialize
// request, waits (bounded) for the service's answer, and installs the kernel it shipped, so the
// very call can already run native. Blocking is the point: it is a mode for tests and harnesses.
#include "force.h"

#include <map>
#include <string>

#include "diag.h"
#include "dispatch.h"
#include "polyvirt/abi.h"
#include "profile.h"
#include "region-facts.h"
#include "registry.h"
#include "source.h"
#include "transport.h"

namespace pv {

bool g_force = false;

namespace {

enum : uint8_t { kNeverAsked = 0, kFinal = 1, kRetry = 2 };

bool g_enabled = false;
uint64_t g_timeout_ms = 30000;
// Functions asked about for the first time in this process. A declined-for-now function is asked
// again only once this moved (a new function was seen), so two such functions called in turn
// cannot keep each other asking: re-asks are bounded by the number of functions.
uint64_t g_first_asks = 0;
bool g_reported_down = false; // one error per process for "no stream", not one per function
std::map<std::string, std::string> g_results; // region key => what the last ask gave

// Only functions a kernel could ever be bound to are worth a round trip (see install_rebind:
// plain named functions, declared parameters read in place, no generators).
bool bindable(const FnState *st, const zend_op_array *op) {
  if (!st->class_name.empty() || !op->function_name) return false;
  if (op->fn_flags & (ZEND_ACC_CLOSURE | ZEND_ACC_GENERATOR | ZEND_ACC_VARIADIC)) return false;
  return op->num_args <= PV_MAX_ARGS;
}

// This call as a profile delta of one call, shaped like a RegionProfile in a batch.
wire::Region call_region(FnState *st, zend_execute_data *ex) {
  zend_op_array *op = &ex->func->op_array;
  const ProfileData &p = st->prof;
  wire::Region r;
  r.key = st->key;
  r.file = st->file;
  r.class_name = st->class_name;
  r.function_name = st->function_name;
  r.calls = 1;
  uint32_t n = ZEND_CALL_NUM_ARGS(ex);
  // Extra args (beyond the declared ones) live elsewhere in the frame: only declared ones here.
  if (n > op->num_args) n = op->num_args;
  if (n > (uint32_t)kMaxTupleArgs) n = (uint32_t)kMaxTupleArgs;
  zval *args = ZEND_CALL_ARG(ex, 1);
  r.arg_types.emplace_back();
  r.arg_types.back().count = 1;
  wire::Sample sample;
  for (uint32_t i = 0; i < n; ++i) {
    const zval *z = &args[i];
    r.arg_types.back().types.push_back(profile_report_type(z));
  }
  // Values beyond the sampling limits are not replayed by the verifier: no sample then.
  if (profile_sample_args(ex, n, &sample.args)) r.samples.push_back(std::move(sample));
  if (FnState *caller = profile_caller_state(ex)) r.callers.push_back({caller->key, 1});
  r.num_params = p.num_params;
  r.required_params = p.required_params;
  r.by_ref_params = p.by_ref_params;
  r.by_ref_mask = p.by_ref_mask;
  bool any_object = false;
  std::vector<std::string> classes;
  for (uint32_t i = 0; i < n; ++i) {
    const zval *z = &args[i];
    if (Z_TYPE_P(z) == IS_REFERENCE) z = Z_REFVAL_P(z);
    classes.emplace_back();
    if (Z_TYPE_P(z) != IS_OBJECT) continue;
    any_object = true;
    classes.back().assign(ZSTR_VAL(Z_OBJCE_P(z)->name), ZSTR_LEN(Z_OBJCE_P(z)->name));
    zend_str_tolower(&classes.back()[0], classes.back().size());
  }
  if (any_object) r.arg_classes = std::move(classes);
  r.variadic = p.variadic;
  std::string text;
  if (op->filename && source_lines(ZSTR_VAL(op->filename), op->line_start, op->line_end, &text)) {
    r.source.present = true;
    r.source.file = st->file;
    r.source.line_start = op->line_start;
    r.source.line_end = op->line_end;
    r.source.sha256 = sha256_hex(text.data(), text.size());
    r.source.text = std::move(text);
    region_facts(op, &r.source.classes, &r.source.world);
  }
  return r;
}

} // namespace

void force_minit(bool enabled, int64_t timeout_ms) {
  g_enabled = enabled;
  g_timeout_ms = timeout_ms > 0 ? (uint64_t)timeout_ms : 0;
}

bool force_enabled() { return g_enabled; }

void force_request_start() {
  g_force = false;
  if (!g_enabled || !transport_enabled()) return;
  // Bounded, and over at once when the first connect fails: an absent service never hangs PHP.
  // Once synced, the kernels the service already had for the app are queued for install.
  transport_wait_synced(g_timeout_ms);
  g_force = true;
}

void force_request_end() { g_force = false; }

void force_call(FnState *st, zend_execute_data *ex) {
  if (EXPECTED(st->force_state == kFinal)) return;
  if (st->force_state == kRetry && st->force_mark == g_first_asks) return; // nothing new seen since
  zend_op_array *op = &ex->func->op_array;
  if (!bindable(st, op)) {
    st->force_state = kFinal;
    return;
  }
  if (!transport_connected()) {
    st->force_state = kFinal;
    g_results[st->key] = "unavailable";
    if (!g_reported_down) {
      g_reported_down = true;
      diag_error("force mode: no stream to the service; functions run interpreted");
    }
    return;
  }
  if (st->force_state == kNeverAsked) ++g_first_asks;
  st->force_mark = g_first_asks;
  wire::Specialized ans;
  SpecializeResult res = transport_specialize(call_region(st, ex), g_timeout_ms, &ans);
  std::string &result = g_results[st->key];
  if (res == SpecializeResult::answered) {
    if (!ans.deployment_id.empty()) {
      st->force_state = kFinal;
      result = "deployed " + ans.deployment_id;
    } else {
      st->force_state = ans.retry ? kRetry : kFinal;
      result = "declined: " + ans.reason;
    }
    diag_event("force " + st->key + ": " + result);
  } else {
    st->force_state = kFinal;
    result = res == SpecializeResult::timeout ? "timeout" : "unavailable";
    diag_error(res == SpecializeResult::timeout
                   ? "force mode: no answer for " + st->key + " within " + std::to_string(g_timeout_ms) + " ms; it runs interpreted"
                   : "force mode: stream ended while specializing " + st->key + "; it runs interpreted");
  }
  // The Deployment came before the answer and waits in the install queue: apply it now, so
  // the caller's rebind can give this very call the kernel.
  dispatch_apply_pending();
}

void force_status(zval *out) {
  array_init(out);
  for (const auto &r : g_results) add_assoc_stringl_ex(out, r.first.data(), r.first.size(), r.second.data(), r.second.size());
}

} // namespace pv
