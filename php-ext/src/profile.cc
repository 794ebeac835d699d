// profile.cc — cheap per-function counters on the PHP thread (no per-call events), turned
// into ProfileBatch deltas every flush interval and pushed to the transport queue.
#include "profile.h"

#include <cstring>
#include <ctime>
#include <vector>

#include "dispatch.h"
#include "install.h"
#include "module.h"
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

void record_sample(ProfileData &p, zend_execute_data *ex, uint32_t nargs) {
  ArgSample s;
  s.n = (uint8_t)nargs;
  zval *args = ZEND_CALL_ARG(ex, 1);
  for (uint32_t i = 0; i < nargs; ++i) {
    const zval *z = &args[i];
    uint8_t t = Z_TYPE_P(z);
    if (t < IS_NULL || t > IS_DOUBLE) return; // scalars only
    s.types[i] = t;
    s.bits[i] = t == IS_LONG ? (uint64_t)Z_LVAL_P(z) : 0;
    if (t == IS_DOUBLE) std::memcpy(&s.bits[i], &Z_DVAL_P(z), 8);
  }
  for (int i = 0; i < p.nsamples; ++i) {
    const ArgSample &o = p.samples[i];
    if (o.n == s.n && std::memcmp(o.types, s.types, s.n) == 0 && std::memcmp(o.bits, s.bits, 8 * s.n) == 0)
      return; // keep distinct
  }
  if (p.nsamples < kMaxSamples) {
    p.samples[p.nsamples++] = s;
  } else {
    p.samples[p.next_sample] = s;
    p.next_sample = (uint8_t)((p.next_sample + 1) % kMaxSamples);
  }
  p.samples_dirty = true;
}

FnState *caller_state(zend_execute_data *ex) { return profile_caller_state(ex); }

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
  if (!p.listed) {
    p.listed = true;
    g_touched.push_back(st);
  }
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
    for (int i = 0; i < p.nsamples; ++i) {
      const ArgSample &s = p.samples[i];
      r->samples.emplace_back();
      auto &args = r->samples.back().args;
      args.resize(s.n);
      for (int a = 0; a < s.n; ++a) {
        wire::Value &v = args[a];
        switch (s.types[a]) {
        case IS_NULL: v.kind = wire::Value::null_value; break;
        case IS_FALSE: v.kind = wire::Value::bool_value; v.b = false; break;
        case IS_TRUE: v.kind = wire::Value::bool_value; v.b = true; break;
        case IS_LONG: v.kind = wire::Value::int_value; v.i = (int64_t)s.bits[a]; break;
        default:
          v.kind = wire::Value::float_value;
          std::memcpy(&v.d, &s.bits[a], 8);
        }
      }
    }
  }
  for (const CallerEdge &e : p.callers) {
    if (!e.count) break;
    r->callers.push_back({e.caller->key, e.count});
  }
  r->num_params = p.num_params;
  r->required_params = p.required_params;
  r->by_ref_params = p.by_ref_params;
  r->variadic = p.variadic;
  if (p.source_pending) {
    wire::Source &src = r->source;
    src.present = true;
    src.file = st->file;
    src.line_start = p.source_start;
    src.line_end = p.source_end;
    src.text = p.source_text;
    src.sha256 = p.source_sha;
  }
}

void reset_deltas(FnState *st) {
  ProfileData &p = st->prof;
  p.calls = p.timed_calls = p.time_ns = 0;
  for (auto &t : p.args) t = TypeTuple();
  for (auto &t : p.rets) t = TypeTuple();
  for (auto &e : p.callers) e = CallerEdge();
  p.args_other = p.rets_other = p.callers_other = 0;
  p.samples_dirty = false;
  if (p.source_pending) {
    p.sent_sha = p.source_sha;
    p.source_pending = false;
    p.source_text.clear();
  }
  p.listed = false;
}

} // namespace

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
  for (uint32_t i = 0; i < ntypes; ++i) types[i] = report_type(&args[i]);
  count_tuple(p.args, &p.args_other, types, (uint8_t)ntypes);
  if (n == 1 || n % 64 == 0) record_sample(p, ex, ntypes);
  FnState *caller = caller_state(ex);
  if (caller) {
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
  if (p.hot && !p.source_checked) attach_source(st, op);
  return (n & 15) == 1 ? monotonic_ns() : 0; // the first call and every 16th are timed
}

void profile_leave(FnState *st, zend_execute_data *ex, uint64_t started_ns) {
  ProfileData &p = st->prof;
  if (started_ns) {
    uint64_t dt = monotonic_ns() - started_ns;
    ++p.timed_calls;
    p.time_ns += dt;
    p.total_time_ns += dt;
    // A function called once or twice can still be hot: a long loop inside one call.
    if (!p.hot && p.total_time_ns >= (uint64_t)PV_G(hot_time_us) * 1000ull) {
      p.hot = true;
      if (!p.source_checked) attach_source(st, &ex->func->op_array);
    }
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
}

} // namespace pv
