// transport.h — the stream to the service: started lazily per process (fork-aware), a bounded
// outgoing queue filled by the PHP thread, writer and reader threads. The gRPC half lives in
// polyvirt_transport.so, loaded by the stream thread only once the service looks reachable.
#ifndef POLYVIRT_TRANSPORT_H
#define POLYVIRT_TRANSPORT_H

#include <cstdint>
#include <string>

#include "wire.h"

namespace pv {

struct TransportConfig {
  std::string target;   // polyvirt.service
  std::string app;
  std::string token;
  std::string sapi;
  std::string plugin_path; // polyvirt.transport_path, or polyvirt_transport.so beside this module
  size_t queue_size = 64;
  uint64_t shutdown_flush_ms = 200;
  uint64_t tick_ms = 100; // while connected, wake the PHP thread this often to flush profiles
};

// PHP thread, every RINIT: starts the threads once per process (again after a fork).
void transport_request_start(const TransportConfig &cfg);
// Process end: final wait for the writer, then cancel, join, destroy.
void transport_shutdown();

bool transport_connected();
// False only when `target` is a unix socket that certainly accepts no connection right now
// (missing, not a socket, refused); any other target may be up. Immediate, no gRPC involved.
bool transport_service_may_be_up(const std::string &target);
// PHP thread: waits at most `ms` for the service's answer to Hello (its Deployments, then
// Synced); returns at once when the service is unreachable. True when synced.
bool transport_wait_synced(uint64_t ms);
// True when this process has a stream thread (polyvirt.service is set).
bool transport_enabled();
// Number of streams established so far in this process (the PHP thread opens a profiling
// window when it sees this move).
uint64_t transport_generation();
// Number of failed attempts to open a stream (the PHP thread ends its profiling window on a
// failure, so an absent service costs PHP nothing).
uint64_t transport_failures();
// The gRPC plugin is loaded in this process.
bool transport_loaded();

enum class PushResult { ok, busy, full, off };
// PHP thread: never blocks (try_lock). On ok the batch was moved into the queue.
PushResult transport_try_push_batch(wire::Batch *batch);
// Any thread: outcomes are small and rare, they bypass the batch bound.
void transport_push_outcome(wire::Outcome outcome);
uint64_t transport_dropped_batches();

// Force mode, PHP thread: sends `region` as a Specialize request and blocks until the service's
// Specialized answer has arrived (its Deployment, if any, was received before it), the stream
// ends, or `ms` pass. Returns at once when no stream is up.
enum class SpecializeResult { answered, timeout, unavailable };
SpecializeResult transport_specialize(wire::Region region, uint64_t ms, wire::Specialized *answer);
void transport_count_dropped();

} // namespace pv

#endif
