// transport.cc — one bidi stream per process, owned by background threads; the PHP thread
// only touches the bounded queue (try_lock) and a few atomics. The stream itself is driven
// through polyvirt_transport.so's table (wire.h): this file holds the policy, the plugin
// only speaks gRPC.
#include "transport.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "diag.h"
#include "dispatch.h"
#include "install.h"
#include "polyvirt/abi.h"
#include "transport_plugin.h"

extern "C" {
#include "php.h"
}

namespace pv {

namespace {

std::atomic<uint64_t> g_generation{0};
std::atomic<uint64_t> g_failures{0};

struct Transport {
  TransportConfig cfg;
  pid_t pid = 0;
  std::mutex mu; // queue, stream
  std::condition_variable cv;
  std::deque<wire::ClientMessage> queue;
  size_t queued_batches = 0;
  bool writing = false;
  bool stop = false;
  bool closing = false; // process end: drain the queue, half-close, let the service finish
  bool reader_done = false;
  bool synced = false; // the service's answer to Hello has fully arrived
  // Force mode: the one Specialize request the PHP thread is waiting on (0: none) and its answer.
  uint64_t next_request = 0;
  uint64_t awaited = 0;
  bool answered = false;
  wire::Specialized answer;
  void *stream = nullptr; // the open stream (plugin handle), for cancellation
  std::atomic<bool> connected{false};
  std::atomic<bool> attempting{false}; // opening a stream: shutdown waits for it to finish
  std::atomic<uint64_t> dropped{0};
  const wire::Api *api = nullptr; // set by the stream thread once the plugin is loaded
  void *channel = nullptr;
  std::thread thread;

  void run();
  bool stream_once();
  void half_close(void *s);
  void handle(wire::ServerMessage &m);
  void attempt_over();
};

Transport *g_transport = nullptr;

// The transport of this process, or nullptr: a forked child (e.g. pcntl_fork in CLI) must not
// touch its parent's queue, whose mutex may have been held by a thread that does not exist here.
inline Transport *current() {
  Transport *t = g_transport;
  return t && t->pid == getpid() ? t : nullptr;
}

void Transport::handle(wire::ServerMessage &m) {
  if (m.kind == wire::ServerMessage::deployment_msg) {
    install_receive_deployment(m.deployment);
  } else if (m.kind == wire::ServerMessage::revert_msg) {
    install_receive_revert(m.revert_id, m.revert_reason);
  } else if (m.kind == wire::ServerMessage::synced_msg) {
    std::lock_guard<std::mutex> lock(mu);
    synced = true;
    cv.notify_all();
  } else if (m.kind == wire::ServerMessage::specialized_msg) {
    // Its Deployment came first on this stream and is already queued for the PHP thread.
    std::lock_guard<std::mutex> lock(mu);
    if (awaited != 0 && m.specialized.id == awaited) {
      answer = std::move(m.specialized);
      answered = true;
      cv.notify_all();
    } // else: the answer to a request whose wait already gave up
  }
}

// Tell the service we are done writing and give it until the shutdown deadline to read
// everything and end the stream; cancelling at once could drop the last batch in flight.
void Transport::half_close(void *s) {
  api->stream_writes_done(s);
  std::unique_lock<std::mutex> lock(mu);
  cv.wait_for(lock, std::chrono::milliseconds(cfg.shutdown_flush_ms), [this] { return stop || reader_done; });
}

// An attempt ended without a stream: shutdown and wait_synced may be waiting on this.
void Transport::attempt_over() {
  {
    std::lock_guard<std::mutex> lock(mu);
    attempting.store(false);
  }
  cv.notify_all();
}

// One stream from Hello to its end; returns false when it failed before being established
// (then `attempting` is still set: run() records the failure before clearing it, so whoever
// waits on the attempt sees its outcome).
bool Transport::stream_once() {
  void *s;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (stop) return false;
    attempting.store(true);
    s = stream = api->stream_open(channel);
  }
  wire::Hello h;
  h.app = cfg.app;
  h.pid = (uint32_t)getpid();
  h.php_version_id = PHP_VERSION_ID;
  h.abi_version = PV_ABI_VERSION;
  h.sapi = cfg.sapi;
  h.token = cfg.token;
  bool ok = api->stream_write_hello(s, h);
  if (ok) {
    {
      std::lock_guard<std::mutex> lock(mu); // under the lock: shutdown may be waiting on these
      connected.store(true);
      attempting.store(false);
    }
    cv.notify_all();
    g_generation.fetch_add(1);
    diag_event("connected to " + cfg.target);
    dispatch_wake();
    std::thread reader([this, s] {
      wire::ServerMessage m;
      while (api->stream_read(s, &m)) handle(m);
      std::lock_guard<std::mutex> lock(mu);
      reader_done = true;
      cv.notify_all();
    });
    for (;;) {
      wire::ClientMessage m;
      {
        std::unique_lock<std::mutex> lock(mu);
        auto ready = [this] { return stop || reader_done || closing || !queue.empty(); };
        if (!cv.wait_for(lock, std::chrono::milliseconds(cfg.tick_ms), ready)) {
          lock.unlock();
          dispatch_wake();
          continue;
        }
        if (stop || reader_done) break;
        if (queue.empty()) { // closing with nothing left to send
          lock.unlock();
          half_close(s);
          break;
        }
        m = std::move(queue.front());
        queue.pop_front();
        if (m.kind == wire::ClientMessage::batch) --queued_batches;
        writing = true;
      }
      bool w = api->stream_write(s, m);
      {
        std::lock_guard<std::mutex> lock(mu);
        writing = false;
        cv.notify_all();
      }
      if (!w) break;
    }
    api->stream_cancel(s); // unblocks the reader whatever ended the loop
    reader.join();
  }
  std::string status;
  api->stream_finish(s, &status);
  connected.store(false);
  {
    std::lock_guard<std::mutex> lock(mu);
    stream = nullptr;
    reader_done = false;
    cv.notify_all();
  }
  api->stream_destroy(s);
  if (ok) diag_event("stream ended: " + status);
  return ok;
}

void Transport::run() {
  auto backoff = std::chrono::milliseconds(100);
  bool reported = false;
  for (;;) {
    bool ok = false;
    if (!api && transport_service_may_be_up(cfg.target)) {
      // First sign of a service: only now does gRPC enter the process, on this thread.
      std::string err;
      const wire::Api *a = transport_plugin_load(cfg.plugin_path, &err);
      if (!a) {
        // Nothing to retry with: behave as if the service were absent, for good.
        diag_error(err + "; service disabled");
        g_failures.fetch_add(1);
        dispatch_wake();
        attempt_over();
        return;
      }
      void *ch = a->channel_open(cfg.target.c_str());
      std::lock_guard<std::mutex> lock(mu);
      api = a;
      channel = ch;
    }
    if (api) ok = stream_once();
    if (ok) {
      backoff = std::chrono::milliseconds(100);
      reported = false;
    } else {
      // The PHP thread stops profiling at its next safe point: no service, no overhead.
      g_failures.fetch_add(1);
      dispatch_wake();
      if (!reported) { // one error per outage, not one per retry
        diag_error("service " + cfg.target + " unavailable; retrying with backoff");
        reported = true;
      }
      attempt_over();
    }
    std::unique_lock<std::mutex> lock(mu);
    if (cv.wait_for(lock, backoff, [this] { return stop; })) break;
    backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
  }
}

} // namespace

void transport_request_start(const TransportConfig &cfg) {
  if (cfg.target.empty()) return;
  pid_t pid = getpid();
  if (g_transport && g_transport->pid == pid) return;
  // After a fork the parent's threads do not exist here: abandon its objects (never run
  // their destructors) and open a fresh stream for this process.
  g_transport = new Transport();
  g_transport->cfg = cfg;
  g_transport->pid = pid;
  g_transport->attempting.store(true); // from now until the first attempt has an answer
  g_transport->thread = std::thread([t = g_transport] { t->run(); });
}

void transport_shutdown() {
  Transport *t = g_transport;
  if (!t || t->pid != getpid()) return;
  {
    std::unique_lock<std::mutex> lock(t->mu);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(t->cfg.shutdown_flush_ms);
    t->closing = true;
    t->cv.notify_all();
    // The writer drains the queue and half-closes; the stream then ends from the service side.
    // A short script may end while its stream is still being opened: wait for that too, so
    // what it profiled is not lost.
    t->cv.wait_until(lock, deadline, [t] { return !t->connected.load() && !t->attempting.load(); });
    t->stop = true;
    if (t->stream) t->api->stream_cancel(t->stream);
    t->cv.notify_all();
  }
  t->thread.join();
  if (t->channel) t->api->channel_close(t->channel);
  g_transport = nullptr;
  delete t;
}

// False only when the target is a unix socket that certainly accepts no connection right now
// (missing, not a socket, refused): then the attempt fails without loading gRPC at all, so an
// absent service never maps gRPC into PHP. Any other target is left to gRPC.
bool transport_service_may_be_up(const std::string &target) {
  std::string path;
  if (target.compare(0, 7, "unix://") == 0) path = target.substr(7);
  else if (target.compare(0, 5, "unix:") == 0) path = target.substr(5);
  else return true;
  struct sockaddr_un addr;
  if (path.empty() || path.size() >= sizeof(addr.sun_path)) return true;
  std::memset(&addr, 0, sizeof(addr));
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return true;
  int rc = connect(fd, reinterpret_cast<struct sockaddr *>(&addr), sizeof(addr));
  int e = errno;
  close(fd);
  if (rc == 0) return true;
  return !(e == ENOENT || e == ECONNREFUSED || e == ENOTDIR || e == ENOTSOCK || e == EACCES);
}

bool transport_wait_synced(uint64_t ms) {
  Transport *t = current();
  if (!t) return false;
  std::unique_lock<std::mutex> lock(t->mu);
  // Stop waiting as soon as the first attempt has failed: an absent service costs nothing.
  return t->cv.wait_for(lock, std::chrono::milliseconds(ms), [t] {
    return t->synced || t->stop || (!t->attempting.load() && !t->connected.load());
  }) && t->synced;
}

bool transport_enabled() { return current() != nullptr; }

bool transport_connected() {
  Transport *t = current();
  return t && t->connected.load();
}

uint64_t transport_generation() { return g_generation.load(); }

uint64_t transport_failures() { return g_failures.load(); }

bool transport_loaded() { return transport_plugin_loaded(); }

PushResult transport_try_push_batch(wire::Batch *batch) {
  Transport *t = current();
  if (!t) return PushResult::off;
  std::unique_lock<std::mutex> lock(t->mu, std::try_to_lock);
  if (!lock.owns_lock()) return PushResult::busy;
  if (t->queued_batches >= t->cfg.queue_size) return PushResult::full;
  t->queue.emplace_back();
  wire::ClientMessage &m = t->queue.back();
  m.kind = wire::ClientMessage::batch;
  m.b = std::move(*batch);
  ++t->queued_batches;
  t->cv.notify_all();
  return PushResult::ok;
}

void transport_push_outcome(wire::Outcome outcome) {
  Transport *t = current();
  if (!t) return;
  std::lock_guard<std::mutex> lock(t->mu);
  t->queue.emplace_back();
  wire::ClientMessage &m = t->queue.back();
  m.kind = wire::ClientMessage::outcome;
  m.o = std::move(outcome);
  t->cv.notify_all();
}

SpecializeResult transport_specialize(wire::Region region, uint64_t ms, wire::Specialized *out) {
  Transport *t = current();
  if (!t || !t->connected.load()) return SpecializeResult::unavailable;
  std::unique_lock<std::mutex> lock(t->mu);
  uint64_t id = ++t->next_request;
  uint64_t gen = g_generation.load();
  t->awaited = id;
  t->answered = false;
  t->queue.emplace_back();
  wire::ClientMessage &m = t->queue.back();
  m.kind = wire::ClientMessage::specialize;
  m.id = id;
  m.r = std::move(region);
  t->cv.notify_all();
  // A stream that ends (or is replaced) takes the request with it: stop waiting at once.
  bool done = t->cv.wait_for(lock, std::chrono::milliseconds(ms), [t, gen] {
    return t->answered || t->stop || !t->connected.load() || g_generation.load() != gen;
  });
  SpecializeResult r = SpecializeResult::unavailable;
  if (t->answered) {
    *out = std::move(t->answer);
    r = SpecializeResult::answered;
  } else {
    if (!done) r = SpecializeResult::timeout;
    // Not sent yet: a later stream must not carry a request nobody waits for.
    for (auto it = t->queue.begin(); it != t->queue.end(); ++it) {
      if (it->kind == wire::ClientMessage::specialize && it->id == id) {
        t->queue.erase(it);
        break;
      }
    }
  }
  t->awaited = 0;
  t->answered = false;
  return r;
}

uint64_t transport_dropped_batches() {
  Transport *t = current();
  return t ? t->dropped.load() : 0;
}

void transport_count_dropped() {
  if (Transport *t = current()) t->dropped.fetch_add(1);
}

} // namespace pv
