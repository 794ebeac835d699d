// transport.cc — one bidi gRPC stream per process, owned by background threads; the PHP
// thread only touches the bounded queue (try_lock) and a few atomics.
#include "transport.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <unistd.h>

#include <grpcpp/grpcpp.h>

#include "diag.h"
#include "dispatch.h"
#include "install.h"
#include "polyvirt.grpc.pb.h"
#include "polyvirt/abi.h"

extern "C" {
#include "php.h"
}

namespace pv {

namespace {

using polyvirt::v1::ClientMessage;
using polyvirt::v1::ServerMessage;

std::atomic<uint64_t> g_generation{0};
std::atomic<uint64_t> g_failures{0};

struct Transport {
  TransportConfig cfg;
  pid_t pid = 0;
  std::mutex mu; // queue, ctx
  std::condition_variable cv;
  std::deque<ClientMessage> queue;
  size_t queued_batches = 0;
  bool writing = false;
  bool stop = false;
  bool closing = false; // process end: drain the queue, half-close, let the service finish
  bool reader_done = false;
  bool synced = false; // the service's answer to Hello has fully arrived
  grpc::ClientContext *ctx = nullptr;
  std::atomic<bool> connected{false};
  std::atomic<bool> attempting{false}; // opening a stream: shutdown waits for it to finish
  std::atomic<uint64_t> dropped{0};
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<polyvirt::v1::Polyvirt::Stub> stub;
  std::thread thread;

  void run();
  bool stream_once();
  template <typename Stream> void half_close(Stream &stream);
  void handle(const ServerMessage &m);
};

Transport *g_transport = nullptr;

// The transport of this process, or nullptr: a forked child (e.g. pcntl_fork in CLI) must not
// touch its parent's queue, whose mutex may have been held by a thread that does not exist here.
inline Transport *current() {
  Transport *t = g_transport;
  return t && t->pid == getpid() ? t : nullptr;
}

void Transport::handle(const ServerMessage &m) {
  if (m.has_deployment()) {
    install_receive_deployment(m.deployment());
  } else if (m.has_revert()) {
    install_receive_revert(m.revert().deployment_id(), m.revert().reason());
  } else if (m.has_synced()) {
    std::lock_guard<std::mutex> lock(mu);
    synced = true;
    cv.notify_all();
  }
}

// Tell the service we are done writing and give it until the shutdown deadline to read
// everything and end the stream; cancelling at once could drop the last batch in flight.
template <typename Stream> void Transport::half_close(Stream &stream) {
  stream.WritesDone();
  std::unique_lock<std::mutex> lock(mu);
  cv.wait_for(lock, std::chrono::milliseconds(cfg.shutdown_flush_ms), [this] { return stop || reader_done; });
}

// One stream from Hello to its end; returns false when it failed before being established.
bool Transport::stream_once() {
  std::unique_ptr<grpc::ClientContext> context(new grpc::ClientContext());
  {
    std::lock_guard<std::mutex> lock(mu);
    if (stop) return false;
    ctx = context.get();
  }
  attempting.store(true);
  auto stream = stub->Connect(context.get());
  ClientMessage hello;
  auto *h = hello.mutable_hello();
  h->set_app(cfg.app);
  h->set_pid((uint32_t)getpid());
  h->set_php_version_id(PHP_VERSION_ID);
  h->set_abi_version(PV_ABI_VERSION);
  h->set_sapi(cfg.sapi);
  h->set_token(cfg.token);
  bool ok = stream->Write(hello);
  {
    std::lock_guard<std::mutex> lock(mu); // under the lock: shutdown may be waiting on these
    if (ok) connected.store(true);
    attempting.store(false);
  }
  cv.notify_all();
  if (ok) {
    g_generation.fetch_add(1);
    diag_event("connected to " + cfg.target);
    dispatch_wake();
    std::thread reader([this, &stream] {
      ServerMessage m;
      while (stream->Read(&m)) handle(m);
      std::lock_guard<std::mutex> lock(mu);
      reader_done = true;
      cv.notify_all();
    });
    for (;;) {
      ClientMessage m;
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
          half_close(*stream);
          break;
        }
        m = std::move(queue.front());
        queue.pop_front();
        if (m.has_batch()) --queued_batches;
        writing = true;
      }
      bool w = stream->Write(m);
      {
        std::lock_guard<std::mutex> lock(mu);
        writing = false;
        cv.notify_all();
      }
      if (!w) break;
    }
    context->TryCancel(); // unblocks the reader whatever ended the loop
    reader.join();
  }
  grpc::Status st = stream->Finish();
  connected.store(false);
  {
    std::lock_guard<std::mutex> lock(mu);
    ctx = nullptr;
    reader_done = false;
    cv.notify_all();
  }
  if (ok) diag_event("stream ended: " + st.error_message());
  return ok;
}

void Transport::run() {
  channel = grpc::CreateChannel(cfg.target, grpc::InsecureChannelCredentials());
  stub = polyvirt::v1::Polyvirt::NewStub(channel);
  auto backoff = std::chrono::milliseconds(100);
  bool reported = false;
  for (;;) {
    bool ok = stream_once();
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
    if (t->ctx) t->ctx->TryCancel();
    t->cv.notify_all();
  }
  t->thread.join();
  g_transport = nullptr;
  delete t;
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

PushResult transport_try_push_batch(polyvirt::v1::ProfileBatch *batch) {
  Transport *t = current();
  if (!t) return PushResult::off;
  std::unique_lock<std::mutex> lock(t->mu, std::try_to_lock);
  if (!lock.owns_lock()) return PushResult::busy;
  if (t->queued_batches >= t->cfg.queue_size) return PushResult::full;
  ClientMessage m;
  m.mutable_batch()->Swap(batch);
  t->queue.push_back(std::move(m));
  ++t->queued_batches;
  t->cv.notify_all();
  return PushResult::ok;
}

void transport_push_outcome(const polyvirt::v1::Outcome &outcome) {
  Transport *t = current();
  if (!t) return;
  std::lock_guard<std::mutex> lock(t->mu);
  ClientMessage m;
  *m.mutable_outcome() = outcome;
  t->queue.push_back(std::move(m));
  t->cv.notify_all();
}

uint64_t transport_dropped_batches() {
  Transport *t = current();
  return t ? t->dropped.load() : 0;
}

void transport_count_dropped() {
  if (Transport *t = current()) t->dropped.fetch_add(1);
}

} // namespace pv
