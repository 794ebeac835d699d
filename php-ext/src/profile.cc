// profile.cc — cheap per-function counters on the PHP thread (no per-call events), turned
// into ProfileBatch deltas every flush interval and pushed to the transport queue.
#include "profile.h"

#include <cstring>
#include <ctime>
#include <vector>

#include "dispatch.h"
#include "install.h"
#include "module.h"
#include "region-facts.h"
#include "registry.h"
#include "source.h"
#include "transport.h"

namespace pv {

bool g_profiling = false;

namespace {

uint64_t g_window_end_ns = 0;
uint64_t g_next_flush_ns = 0;
uint64_t g_seq = 0;
uint64_t g_profiled_calls = 0;
std::vector<FnState *> g_touched;
// Functions profiled in the current request, in first-call order (see attach_callee_sources).
std::vector<FnState *> g_seen;

inline uint8_t report_type(const zval *z) { return profile_report_type(z); }

void count_tuple(TypeTuple *table, uint64_t *other, const uint8_t *types, uint8_t n) {
  for (int i = 0; i < kTupleSlots; ++i) {
    TypeTuple &t = table[i];
    if (t.count == 0) {
      t.n = n;
      std::memcpy(t.types, types, n);
      t.count = 1;
      return;
    }
    if (t.n == n && std::memcmp(t.types, types, n) == 0) {
      ++t.count;
      return;
    }
  }
  ++*other;
}

bool sample_value(const zval *z, int depth, uint32_t *budget, wire::Value *out) {
  switch (Z_TYPE_P(z)) {
  case IS_NULL: out->kind = wire::Value::null_value; return true;
  case IS_FALSE: out->kind = wire::Value::bool_value; out->b = false; return true;
  case IS_TRUE: out->kind = wire::Value::bool_value; out->b = true; return true;
  case IS_LONG: out->kind = wire::Value::int_value; out->i = (int64_t)Z_LVAL_P(z); return true;
  case IS_DOUBLE: out->kind = wire::Value::float_value; out->d = Z_DVAL_P(z); return true;
  case IS_STRING:
    if (Z_STRLEN_P(z) > (depth == 0 ? kSampleMaxString : kSampleMaxLeafString)) return false;
    out->kind = wire::Value::string_value;
    out->s.assign(Z_STRVAL_P(z), Z_STRLEN_P(z));
    return true;
  case IS_ARRAY: {
    HashTable *ht = Z_ARRVAL_P(z);
    uint32_t n = zend_hash_num_elements(ht);
    if (depth >= kSampleMaxDepth || n > kSampleMaxElements || n > *budget) return false;
    *budget -= n;
    out->kind = wire::Value::array_value;
    out->a.reserve(n);
    zend_ulong h;
    zend_string *key;
    zval *v;
    ZEND_HASH_FOREACH_KEY_VAL_IND(ht, h, key, v) {
      out->a.emplace_back();
      wire::ArrayEntry &e = out->a.back();
      if (key) {
        e.string_key = true;
        e.str_key.assign(ZSTR_VAL(key), ZSTR_LEN(key));
      } else {
        e.int_key = (int64_t)h;
      }
      // A reference slot has no sample form (the kernel would DEOPT on it anyway).
      if (!sample_value(v, depth + 1, budget, &e.value)) return false;
    }
    ZEND_HASH_FOREACH_END();
    return true;
  }
  case IS_OBJECT: {
    // One level of objects inside (a Particle's Vec3s): a method kernel types $this's properties
    // from them. Aliasing is not recorded (two properties holding one object give two values).
    if (depth >= kSampleMaxDepth) return false;
    zend_object *obj = Z_OBJ_P(z);
    zend_class_entry *ce = obj->ce;
    if (ce->type != ZEND_USER_CLASS || (ce->ce_flags & ZEND_ACC_ENUM) ||
        obj->handlers->read_property != zend_std_read_property)
      return false;
    if (obj->properties) { // materialized: a dynamic property is a plain (not INDIRECT) entry
      zval *pz;
      ZEND_HASH_FOREACH_VAL(obj->properties, pz) {
        if (Z_TYPE_P(pz) != IS_INDIRECT) return false;
      }
      ZEND_HASH_FOREACH_END();
    }
    uint32_t n = (uint32_t)ce->default_properties_count;
    if (n > kSampleMaxElements || n > *budget) return false;
    *budget -= n;
    out->kind = wire::Value::object_value;
    out->s.assign(ZSTR_VAL(ce->name), ZSTR_LEN(ce->name));
    out->a.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      zend_property_info *info = ce->properties_info_table ? ce->properties_info_table[i] : nullptr;
      // A parent's private property is not visible by name from inside the class.
      if (!info || (info->ce != ce && (info->flags & ZEND_ACC_PRIVATE))) return false;
      zval *slot = OBJ_PROP_NUM(obj, i);
      if (Z_TYPE_P(slot) == IS_UNDEF) return false; // unset or uninitialized
      out->a.emplace_back();
      wire::ArrayEntry &e = out->a.back();
      e.string_key = true;
      e.str_key = zend_get_unmangled_property_name(info->name);
      if (!sample_value(slot, depth + 1, budget, &e.value)) return false;
    }
    return true;
  }
  default: return false; // resources, references inside arrays or objects
  }
}

void record_sample(ProfileData &p, zend_execute_data *ex, uint32_t nargs) {
  ArgSample s;
  if (!profile_sample_args(ex, nargs, &s.args)) return;
  for (int i = 0; i < p.nsamples; ++i)
    if (p.samples[i].args == s.args) return; // keep distinct
  if (p.nsamples < kMaxSamples) {
    p.samples[p.nsamples++] = std::move(s);
  } else {
    p.samples[p.next_sample] = std::move(s);
    p.next_sample = (uint8_t)((p.next_sample + 1) % kMaxSamples);
  }
  p.samples_dirty = true;
}

FnState *caller_state(zend_execute_data *ex) { return profile_caller_state(ex); }

void note_arg_class(ProfileData &p, uint32_t i, const zval *z) {
  if (Z_TYPE_P(z) == IS_REFERENCE) z = Z_REFVAL_P(z);
  zend_class_entry *ce = Z_OBJCE_P(z);
  ArgClass &c = p.arg_classes[i];
  p.any_object_arg = true;
  if (EXPECTED(ce == c.ce) || c.name == "*") return;
  std::string lc(ZSTR_VAL(ce->name), ZSTR_LEN(ce->name));
  zend_str_tolower(&lc[0], lc.size());
  if (c.name.empty()) {
    c.ce = ce;
    c.name = std::move(lc);
  } else if (c.name != lc) {
    c.name = "*";
  } else {
    c.ce = ce; // the same class under another entry (a new request)
  }
}

void attach_source(FnState *st, zend_op_array *op) {
  ProfileData &p = st->prof;
  p.source_checked = true;
  std::string text;
  if (!op->filename || !source_lines(ZSTR_VAL(op->filename), op->line_start, op->line_end, &text)) return;
  std::string sha = sha256_hex(text.data(), text.size());
  if (sha == p.sent_sha) return; // this version was sent already
  p.source_pending = true;
  p.source_start = op->line_start;
  p.source_end = op->line_end;
  p.source_text = std::move(text);
  p.source_sha = std::move(sha);
  p.source_classes.clear();
  p.source_world.clear();
  region_facts(op, &p.source_classes, &p.source_world);
  if (!p.listed) {
    p.listed = true;
    g_touched.push_back(st);
  }
}

// A hot function is compiled together with its callees, so their source goes out with its own
// even when they are not hot by themselves (a long loop calling a cheap helper), transitively.
void attach_callee_sources(FnState *caller) {
  for (size_t i = 0; i < g_seen.size(); ++i) {
    FnState *st = g_seen[i];
    ProfileData &p = st->prof;
    if (p.source_checked || p.seen_request != registry_request_id()) continue;
    for (FnState *c : p.known_callers) {
      if (c != caller) continue;
      p.hot = true;
      attach_source(st, p.seen_op);
      attach_callee_sources(st);
      break;
    }
  }
}

void mark_hot(FnState *st, zend_op_array *op) {
  st->prof.hot = true;
  if (st->prof.source_checked) return;
  attach_source(st, op);
  attach_callee_sources(st);
}

void fill_region(wire::Region *r, FnState *st) {
  ProfileData &p = st->prof;
  r->key = st->key;
  r->file = st->file;
  r->class_name = st->class_name;
  r->function_name = st->function_name;
  r->calls = p.calls;
  r->timed_calls = p.timed_calls;
  r->time_ns = p.time_ns;
  auto tuples = [](std::vector<wire::TypeTuple> *out, const TypeTuple *table) {
    for (int i = 0; i < kTupleSlots && table[i].count; ++i) {
      out->emplace_back();
      out->back().types.assign(table[i].types, table[i].types + table[i].n);
      out->back().count = table[i].count;
    }
  };
  tuples(&r->arg_types, p.args);
  r->arg_types_other = p.args_other;
  tuples(&r->return_types, p.rets);
  if (p.samples_dirty) {
    for (int i = 0; i < p.nsamples; ++i) r->samples.push_back({p.samples[i].args});
  }
  for (const CallerEdge &e : p.callers) {
    if (!e.count) break;
    r->callers.push_back({e.caller->key, e.count});
  }
  r->num_params = p.num_params;
  r->required_params = p.required_params;
  r->by_ref_params = p.by_ref_params;
  r->by_ref_mask = p.by_ref_mask;
  r->variadic = p.variadic;
  if (p.any_object_arg) {
    uint32_t n = p.num_params < (uint32_t)kMaxTupleArgs ? p.num_params : (uint32_t)kMaxTupleArgs;
    for (uint32_t i = 0; i < n; ++i) r->arg_classes.push_back(p.arg_classes[i].name);
  }
  if (p.source_pending) {
    wire::Source &src = r->source;
    src.present = true;
    src.file = st->file;
    src.line_start = p.source_start;
    src.line_end = p.source_end;
    src.text = p.source_text;
    src.sha256 = p.source_sha;
    src.classes = p.source_classes;
    src.world = p.source_world;
  }
}

void reset_deltas(FnState *st) {
  ProfileData &p = st->prof;
  p.calls = p.timed_calls = p.time_ns = 0;
  for (auto &t : p.args) t = TypeTuple();
  for (auto &t : p.rets) t = TypeTuple();
  for (auto &e : p.callers) e = CallerEdge();
  p.args_other = p.rets_other = p.callers_other = 0;
  if (p.any_object_arg) {
    for (auto &c : p.arg_classes) c = ArgClass();
    p.any_object_arg = false;
  }
  p.samples_dirty = false;
  if (p.source_pending) {
    p.sent_sha = p.source_sha;
    p.source_pending = false;
    p.source_text.clear();
    p.source_classes.clear();
    p.source_world.clear();
  }
  p.listed = false;
}

} // namespace

bool profile_sample_value(const zval *z, wire::Value *out) {
  if (Z_TYPE_P(z) == IS_REFERENCE) z = Z_REFVAL_P(z); // a by-reference parameter
  uint32_t budget = kSampleMaxEntries;
  return sample_value(z, 0, &budget, out);
}

bool profile_sample_args(zend_execute_data *ex, uint32_t n, std::vector<wire::Value> *out) {
  out->clear();
  const zend_function *fn = ex->func;
  bool method = fn->common.scope && !(fn->common.fn_flags & (ZEND_ACC_STATIC | ZEND_ACC_CLOSURE)) &&
                (ZEND_CALL_INFO(ex) & ZEND_CALL_HAS_THIS);
  out->reserve(n + (method ? 1 : 0));
  if (method) {
    out->emplace_back();
    if (!profile_sample_value(&ex->This, &out->back())) return false;
  }
  zval *args = ZEND_CALL_ARG(ex, 1);
  for (uint32_t i = 0; i < n; ++i) {
    out->emplace_back();
    if (!profile_sample_value(&args[i], &out->back())) return false;
  }
  return true;
}

uint32_t profile_by_ref_mask(const zend_op_array *op) {
  uint32_t declared = op->num_args + ((op->fn_flags & ZEND_ACC_VARIADIC) ? 1 : 0);
  uint32_t mask = 0;
  for (uint32_t i = 0; op->arg_info && i < declared && i < 32; ++i)
    if (ZEND_ARG_SEND_MODE(&op->arg_info[i])) mask |= 1u << i;
  return mask;
}

FnState *profile_caller_state(zend_execute_data *ex) {
  for (zend_execute_data *c = ex->prev_execute_data; c; c = c->prev_execute_data) {
    if (c->func && ZEND_USER_CODE(c->func->type)) return registry_state(&c->func->op_array);
  }
  return nullptr;
}

uint64_t monotonic_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void profile_start_window() {
  uint64_t now = monotonic_ns();
  g_profiling = true;
  g_window_end_ns = now + (uint64_t)PV_G(profile_window_ms) * 1000000ull;
  g_next_flush_ns = now + (uint64_t)PV_G(flush_interval_ms) * 1000000ull;
}

void profile_stop_window() {
  if (!g_profiling) return;
  g_profiling = false;
  profile_flush();
}

uint64_t profile_enter(FnState *st, zend_execute_data *ex) {
  ProfileData &p = st->prof;
  if (!p.listed) {
    p.listed = true;
    g_touched.push_back(st);
  }
  ++g_profiled_calls;
  ++p.calls;
  uint64_t n = ++p.total_calls;
  uint32_t nargs = ZEND_CALL_NUM_ARGS(ex);
  uint32_t ntypes = nargs < (uint32_t)kMaxTupleArgs ? nargs : (uint32_t)kMaxTupleArgs;
  uint8_t types[kMaxTupleArgs];
  zval *args = ZEND_CALL_ARG(ex, 1);
  zend_op_array *op = &ex->func->op_array;
  // Extra args (beyond the declared ones) live elsewhere in the frame: only declared ones here.
  if (ntypes > op->num_args) ntypes = op->num_args;
  for (uint32_t i = 0; i < ntypes; ++i) {
    types[i] = report_type(&args[i]);
    if (UNEXPECTED(types[i] == IS_OBJECT)) note_arg_class(p, i, &args[i]);
  }
  count_tuple(p.args, &p.args_other, types, (uint8_t)ntypes);
  if (n == 1 || n % 64 == 0) record_sample(p, ex, ntypes);
  if (p.seen_request != registry_request_id()) {
    p.seen_request = registry_request_id();
    p.seen_op = op;
    g_seen.push_back(st);
  }
  FnState *caller = caller_state(ex);
  if (caller) {
    for (FnState *&c : p.known_callers) {
      if (c == caller) break;
      if (!c) {
        c = caller;
        break;
      }
    }
    bool placed = false;
    for (CallerEdge &e : p.callers) {
      if (e.caller == caller || e.count == 0) {
        e.caller = caller;
        ++e.count;
        placed = true;
        break;
      }
    }
    if (!placed) ++p.callers_other;
  }
  if (!p.hot) {
    if (n >= (uint64_t)PV_G(hot_calls) || p.total_time_ns >= (uint64_t)PV_G(hot_time_us) * 1000ull ||
        (caller && caller->prof.hot))
      p.hot = true;
  }
  if (p.hot && !p.source_checked) mark_hot(st, op);
  return (n & 15) == 1 ? monotonic_ns() : 0; // the first call and every 16th are timed
}

void profile_leave(FnState *st, zend_execute_data *ex, uint64_t started_ns) {
  ProfileData &p = st->prof;
  if (started_ns) {
    uint64_t dt = monotonic_ns() - started_ns;
    ++p.timed_calls;
    ++p.total_timed_calls;
    p.time_ns += dt;
    p.total_time_ns += dt;
    // A function called once or twice can still be hot (a long loop inside one call), and so can
    // one whose untimed calls add up: judge the estimated total, not the timed calls alone.
    uint64_t estimated_ns = p.total_time_ns / p.total_timed_calls * p.total_calls;
    if (!p.hot && estimated_ns >= (uint64_t)PV_G(hot_time_us) * 1000ull) mark_hot(st, &ex->func->op_array);
  }
  if (ex->return_value && !EG(exception)) {
    uint8_t t = report_type(ex->return_value);
    count_tuple(p.rets, &p.rets_other, &t, 1);
  }
}

void profile_flush() {
  if (g_touched.empty()) return;
  wire::Batch batch;
  batch.seq = g_seq + 1;
  batch.dropped_batches = transport_dropped_batches();
  batch.profiled_calls = g_profiled_calls;
  batch.regions.resize(g_touched.size());
  for (size_t i = 0; i < g_touched.size(); ++i) fill_region(&batch.regions[i], g_touched[i]);
  PushResult res = transport_try_push_batch(&batch);
  if (res == PushResult::busy) return; // keep accumulating; the next flush carries it all
  if (res == PushResult::full) transport_count_dropped();
  ++g_seq;
  g_profiled_calls = 0;
  for (FnState *st : g_touched) reset_deltas(st);
  g_touched.clear();
}

void profile_tick() {
  uint64_t now = monotonic_ns();
  if (now >= g_next_flush_ns) {
    g_next_flush_ns = now + (uint64_t)PV_G(flush_interval_ms) * 1000000ull;
    if (g_profiling || !g_touched.empty()) profile_flush();
    install_report_counters();
  }
  if (g_profiling && now >= g_window_end_ns) {
    profile_stop_window();
    dispatch_update_pointer();
  }
}

void profile_request_end() {
  profile_flush();
  install_report_counters();
  g_seen.clear(); // their op_arrays may not outlive the request
}

} // namespace pv
