// profile.h — per-function profile counters kept on the PHP thread during the profiling window,
// and their periodic snapshot into ProfileBatch messages.
#ifndef POLYVIRT_PROFILE_H
#define POLYVIRT_PROFILE_H

#include <cstdint>
#include <string>
#include <vector>

#include "wire.h"

extern "C" {
#include "php.h"
}

namespace pv {

struct FnState;

constexpr int kMaxTupleArgs = 8;
constexpr int kTupleSlots = 4;
constexpr int kMaxSamples = 8;
constexpr int kCallerSlots = 4;

struct TypeTuple {
  uint8_t n = 0;
  uint8_t types[kMaxTupleArgs] = {};
  uint64_t count = 0;
};

// A recorded argument tuple, replayed by the verifier.
struct ArgSample {
  std::vector<wire::Value> args;
};

// Sampling limits: a string argument up to 256 bytes; an array up to 64 elements per level,
// nested at most 2 deep, 256 entries in all, whose leaves are null/bool/int/float or strings
// up to 64 bytes. An object argument (not inside an array) is recorded when its class is a user
// class with standard property handlers and it has only declared, initialized properties (no
// parent's private ones) whose values fit the same limits, with no objects inside. An argument
// beyond them (a resource, a reference inside an array or object, ...) makes the whole sample be
// skipped. An instance method's samples start with $this.
constexpr size_t kSampleMaxString = 256;
constexpr size_t kSampleMaxLeafString = 64;
constexpr uint32_t kSampleMaxElements = 64;
constexpr int kSampleMaxDepth = 2;
constexpr uint32_t kSampleMaxEntries = 256;

struct CallerEdge {
  FnState *caller = nullptr;
  uint64_t count = 0;
};

// The class of the objects passed as one parameter since the last batch.
struct ArgClass {
  zend_class_entry *ce = nullptr; // the one class seen (compared first: cheap on every call)
  std::string name;               // its lowercased name; "*" once several were seen
};

struct ProfileData {
  // Cumulative over the process: hotness is judged on these.
  uint64_t total_calls = 0;
  uint64_t total_time_ns = 0;
  uint64_t total_timed_calls = 0;
  // Deltas since the last batch that was queued.
  uint64_t calls = 0;
  uint64_t timed_calls = 0;
  uint64_t time_ns = 0;
  TypeTuple args[kTupleSlots];
  uint64_t args_other = 0;
  TypeTuple rets[kTupleSlots];
  uint64_t rets_other = 0;
  CallerEdge callers[kCallerSlots];
  uint64_t callers_other = 0;
  ArgClass arg_classes[kMaxTupleArgs];
  bool any_object_arg = false;
  ArgSample samples[kMaxSamples];
  uint8_t nsamples = 0;
  uint8_t next_sample = 0;
  bool samples_dirty = false;
  bool listed = false;       // in the list of regions touched since the last batch
  // Static facts of the op_array (set when the state is resolved).
  uint32_t num_params = 0, required_params = 0;
  bool by_ref_params = false, variadic = false;
  uint32_t by_ref_mask = 0; // bit i: parameter i is passed by reference
  bool hot = false;
  bool source_checked = false; // source looked at for this request once hot
  // Seen in the current request (registry request id) with this op_array: a hot caller can then
  // send this function's source along with its own, even if this one is never hot by itself.
  uint64_t seen_request = 0;
  zend_op_array *seen_op = nullptr;
  // First callers ever seen (process lifetime; FnStates never move): unlike `callers`, not reset
  // per batch.
  static constexpr int kKnownCallers = 4;
  FnState *known_callers[kKnownCallers] = {};
  std::string sent_sha;       // sha256 of the source version already sent
  bool source_pending = false;
  uint32_t source_start = 0, source_end = 0;
  std::string source_text, source_sha;
  std::vector<wire::ClassSource> source_classes; // as they were when the region turned hot
  std::vector<wire::WorldHint> source_world;
};

// True while the profiling window is open (PHP thread).
extern bool g_profiling;

// Opens the window (called on the PHP thread once a stream to the service is established).
void profile_start_window();
// Ends the window early (the service is unreachable) and flushes what was gathered.
void profile_stop_window();
// Called around a profiled call; returns the start time for timed calls, 0 otherwise.
uint64_t profile_enter(FnState *st, zend_execute_data *ex);
void profile_leave(FnState *st, zend_execute_data *ex, uint64_t started_ns);
// Called every few thousand hooked calls: flushes on the flush interval, closes the window.
void profile_tick();
// Snapshot deltas into a batch and queue it (also sends kernel counters).
void profile_flush();
// Request end: final flush; the window survives into the next request of the process.
void profile_request_end();

uint64_t monotonic_ns();

// The type code a profile reports for an argument or return value: references are looked
// through, false and true are both "bool" (3).
inline uint8_t profile_report_type(const zval *z) {
  if (Z_TYPE_P(z) == IS_REFERENCE) z = Z_REFVAL_P(z);
  uint8_t t = Z_TYPE_P(z);
  return t == IS_FALSE ? IS_TRUE : t;
}

// An argument as a sample value (a by-reference argument as the value it refers to); false
// when it exceeds the sampling limits above.
bool profile_sample_value(const zval *z, wire::Value *out);

// A call's argument tuple as a sample ($this first for an instance method, then the declared
// arguments, at most n of them); false when one exceeds the limits.
bool profile_sample_args(zend_execute_data *ex, uint32_t n, std::vector<wire::Value> *out);

// Bit i: parameter i of op is declared by reference (the variadic one included).
uint32_t profile_by_ref_mask(const zend_op_array *op);

// State of the nearest user function up the call stack (the caller a profile records).
FnState *profile_caller_state(zend_execute_data *ex);

} // namespace pv

#endif
