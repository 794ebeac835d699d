// wire.h — the plain C++ data the core extension and the gRPC transport plugin exchange, and
// the plugin's versioned function table. The core never sees protobuf or gRPC types: the
// plugin (polyvirt_transport.so, loaded lazily on the transport thread) converts these
// structs to and from proto/polyvirt.proto messages. Both sides are built together by
// scripts/build-ext.sh with the same compiler, so std::string/std::vector cross the boundary.
#ifndef POLYVIRT_WIRE_H
#define POLYVIRT_WIRE_H

#include <cstdint>
#include <string>
#include <vector>

namespace pv {
namespace wire {

// Bump whenever a struct below or the Api table changes shape.
constexpr uint32_t kApiVersion = 3;

struct TypeTuple {
  std::vector<uint32_t> types;
  uint64_t count = 0;
};

struct ArrayEntry;

// A recorded argument, replayed by the verifier: a scalar, a small string or a small array
// (the sampling limits are the extension's: see profile_sample_value).
struct Value {
  enum Kind : uint8_t { null_value, bool_value, int_value, float_value, string_value, array_value, object_value } kind = null_value;
  bool b = false;
  int64_t i = 0;
  double d = 0;
  std::string s;              // string_value: bytes; object_value: the class name as declared
  std::vector<ArrayEntry> a;  // array_value: entries in PHP order; object_value: properties by name
  bool operator==(const Value &o) const;
};

struct ArrayEntry {
  bool string_key = false;
  int64_t int_key = 0;
  std::string str_key;
  Value value;
};

// Samples are kept distinct: floats compare by bits (-0.0 and NAN are values of their own).
inline bool Value::operator==(const Value &o) const {
  if (kind != o.kind) return false;
  switch (kind) {
  case null_value: return true;
  case bool_value: return b == o.b;
  case int_value: return i == o.i;
  case float_value: return __builtin_memcmp(&d, &o.d, sizeof d) == 0;
  case string_value: return s == o.s;
  case array_value:
  case object_value:
    if (s != o.s) return false;
    if (a.size() != o.a.size()) return false;
    for (size_t k = 0; k < a.size(); ++k) {
      const ArrayEntry &x = a[k], &y = o.a[k];
      if (x.string_key != y.string_key || x.int_key != y.int_key || x.str_key != y.str_key || !(x.value == y.value))
        return false;
    }
    return true;
  }
  return false;
}

struct Sample {
  std::vector<Value> args;
};

struct CallEdge {
  std::string caller;
  uint64_t count = 0;
};

// A user class a region names, as declared (exact lines of its file).
struct ClassSource {
  std::string name, parent, file;
  uint32_t line_start = 0, line_end = 0;
  std::string text, sha256;
};

// The type code (report convention: false and true are 3; 0 undefined) a constant or global
// the region names had when the region turned hot.
struct WorldHint {
  enum Kind : uint8_t { constant, global } kind = constant;
  std::string name;
  uint32_t type = 0;
};

struct Source {
  bool present = false;
  std::string file;
  uint32_t line_start = 0, line_end = 0;
  std::string text, sha256;
  std::vector<ClassSource> classes;
  std::vector<WorldHint> world;
};

struct Region {
  std::string key, file, class_name, function_name;
  uint64_t calls = 0, timed_calls = 0, time_ns = 0;
  std::vector<TypeTuple> arg_types;
  uint64_t arg_types_other = 0;
  std::vector<TypeTuple> return_types;
  std::vector<Sample> samples;
  std::vector<CallEdge> callers;
  Source source;
  uint32_t num_params = 0, required_params = 0;
  bool by_ref_params = false, variadic = false;
  uint32_t by_ref_mask = 0; // bit i: parameter i is passed by reference
  // Per parameter: lowercased class of the objects seen, "" none, "*" several; empty when no
  // argument was an object.
  std::vector<std::string> arg_classes;
};

struct Batch {
  uint64_t seq = 0;
  std::vector<Region> regions;
  uint64_t dropped_batches = 0, dropped_regions = 0, profiled_calls = 0;
};

struct KernelOutcome {
  std::string region_key;
  uint64_t native_calls = 0, guard_failures = 0, deopts = 0, throws = 0;
};

struct Outcome {
  std::string deployment_id;
  bool installed = false;
  std::string error;
  std::vector<KernelOutcome> kernels;
};

struct Hello {
  std::string app;
  uint32_t pid = 0, php_version_id = 0, abi_version = 0;
  std::string sapi, token;
};

// What the writer sends after Hello. specialize: force mode's request (id, region in r).
struct ClientMessage {
  enum Kind : uint8_t { batch, outcome, specialize } kind = batch;
  Batch b;
  Outcome o;
  uint64_t id = 0;
  Region r;
};

// The service's answer to a specialize request (force mode).
struct Specialized {
  uint64_t id = 0;
  std::string region_key, deployment_id, reason;
  bool retry = false;
};

struct KernelRef {
  std::string region_key, source_sha256;
  std::vector<uint32_t> guard_types;
};

struct Deployment {
  std::string deployment_id, signature_id;
  std::string artifact; // the shared object's bytes
  std::string artifact_sha256;
  std::vector<KernelRef> kernels;
};

struct ServerMessage {
  enum Kind : uint8_t { none, deployment_msg, revert_msg, synced_msg, specialized_msg } kind = none; // none: unknown body
  Deployment deployment;
  std::string revert_id, revert_reason;
  Specialized specialized;
};

// The plugin's entry points. Opaque handles: a channel per process, a stream per Connect.
// All calls are made from the core's transport threads, never from the PHP thread.
struct Api {
  uint32_t version;      // kApiVersion
  uint32_t struct_sizes; // struct_sizes() below: catches a stale build
  void *(*channel_open)(const char *target);
  // A stream object for one Connect call; no I/O (the call starts with stream_write_hello),
  // so the core can publish it for cancellation before anything blocks.
  void *(*stream_open)(void *channel);
  // Any thread: unblocks pending reads/writes of the stream.
  void (*stream_cancel)(void *stream);
  // Starts the call and writes Hello; false when the service cannot be reached.
  bool (*stream_write_hello)(void *stream, const Hello &hello);
  bool (*stream_write)(void *stream, const ClientMessage &message);
  // Blocks for the next message; false when the stream has ended.
  bool (*stream_read)(void *stream, ServerMessage *out);
  void (*stream_writes_done)(void *stream);
  // Waits for the final status and stores its message.
  void (*stream_finish)(void *stream, std::string *status_message);
  // Frees the stream (after stream_finish, once no thread can cancel it any more).
  void (*stream_destroy)(void *stream);
  // Destroys the channel (its streams are finished).
  void (*channel_close)(void *channel);
};

constexpr uint32_t struct_sizes() {
  return (uint32_t)(sizeof(Region) + sizeof(ServerMessage) + sizeof(ClientMessage));
}

} // namespace wire
} // namespace pv

// The one symbol the plugin exports.
#define PV_TRANSPORT_SYMBOL "polyvirt_transport_v1"
extern "C" typedef const pv::wire::Api *(*pv_transport_entry_fn)();

#endif
