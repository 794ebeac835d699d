// profile.cc — cheap per-function counters on the PHP thread (no per-call events), turned
// into ProfileBatch deltas every flush interval and pushed to the transport queue.
#include "profile.h"

#include <cstring>
#include <ctime>
#include <vector>

#include "dispatch.h"
#include "install.h"
#include "module.h"
#include "polyvirt.pb.h"
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

inline uint8_t report_type(const zval *z) {
  if (Z_TYPE_P(z) == IS_REFERENCE) z = Z_REFVAL_P(z);
  uint8_t t = Z_TYPE_P(z);
  return t == IS_FALSE ? IS_TRUE : t; // false and true are both "bool" (3)
}

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

FnState *caller_state(zend_execute_data *ex) {
  for (zend_execute_data *c = ex->prev_execute_data; c; c = c->prev_execute_data) {
    if (c->func && ZEND_USER_CODE(c->func->type)) return registry_state(&c->func->op_array);
  }
  return nullptr;
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
  if (!p.listed) {
    p.listed = true;
    g_touched.push_back(st);
  }
}

void fill_region(polyvirt::v1::RegionProfile *r, FnState *st, zend_op_array *op_or_null) {
  ProfileData &p = st->prof;
  r->set_key(st->key);
  r->set_file(st->file);
  r->set_class_name(st->class_name);
  r->set_function_name(st->function_name);
  r->set_calls(p.calls);
  r->set_timed_calls(p.timed_calls);
  r->set_time_ns(p.time_ns);
  for (const TypeTuple &t : p.args) {
    if (!t.count) break;
    auto *tt = r->add_arg_types();
    for (int i = 0; i < t.n; ++i) tt->add_types(t.types[i]);
    tt->set_count(t.count);
  }
  r->set_arg_types_other(p.args_other);
  for (const TypeTuple &t : p.rets) {
    if (!t.count) break;
    auto *tt = r->add_return_types();
    for (int i = 0; i < t.n; ++i) tt->add_types(t.types[i]);
    tt->set_count(t.count);
  }
  if (p.samples_dirty) {
    for (int i = 0; i < p.nsamples; ++i) {
      const ArgSample &s = p.samples[i];
      auto *as = r->add_samples();
      for (int a = 0; a < s.n; ++a) {
        auto *v = as->add_args();
        switch (s.types[a]) {
        case IS_NULL: v->set_null_value(true); break;
        case IS_FALSE: v->set_bool_value(false); break;
        case IS_TRUE: v->set_bool_value(true); break;
        case IS_LONG: v->set_int_value((int64_t)s.bits[a]); break;
        default: {
          double d;
          std::memcpy(&d, &s.bits[a], 8);
          v->set_float_value(d);
        }
        }
      }
    }
  }
  for (const CallerEdge &e : p.callers) {
    if (!e.count) break;
    auto *ce = r->add_callers();
    ce->set_caller(e.caller->key);
    ce->set_count(e.count);
  }
  r->set_num_params(p.num_params);
  r->set_required_params(p.required_params);
  r->set_by_ref_params(p.by_ref_params);
  r->set_variadic(p.variadic);
  if (p.source_pending) {
    auto *src = r->mutable_source();
    src->set_file(st->file);
    src->set_line_start(p.source_start);
    src->set_line_end(p.source_end);
    src->set_text(p.source_text);
    src->set_sha256(p.source_sha);
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
  polyvirt::v1::ProfileBatch batch;
  batch.set_seq(g_seq + 1);
  batch.set_dropped_batches(transport_dropped_batches());
  batch.set_profiled_calls(g_profiled_calls);
  for (FnState *st : g_touched) {
    auto *r = batch.add_regions();
    fill_region(r, st, nullptr);
  }
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
