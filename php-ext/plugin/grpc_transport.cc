// grpc_transport.cc — polyvirt_transport.so: the only code that links gRPC and protobuf. It
// wraps one Connect stream and converts the core's plain wire structs to and from
// proto/polyvirt.proto messages; all policy (queue, backoff, shutdown) stays in the core.
// Loaded with dlopen on the core's transport thread and never unloaded (gRPC is not safe to
// dlclose).
#include <memory>
#include <string>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "polyvirt.grpc.pb.h"
#include "wire.h"

namespace {

namespace pb = polyvirt::v1;
using pv::wire::Api;

struct Channel {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<pb::Polyvirt::Stub> stub;
};

struct Stream {
  Channel *channel = nullptr;
  grpc::ClientContext ctx;
  std::unique_ptr<grpc::ClientReaderWriter<pb::ClientMessage, pb::ServerMessage>> rw;
};

void fill_tuple(pb::TypeTuple *t, const pv::wire::TypeTuple &w) {
  for (uint32_t ty : w.types) t->add_types(ty);
  t->set_count(w.count);
}

void fill_value(pb::Value *pvv, const pv::wire::Value &v) {
  switch (v.kind) {
  case pv::wire::Value::null_value: pvv->set_null_value(true); break;
  case pv::wire::Value::bool_value: pvv->set_bool_value(v.b); break;
  case pv::wire::Value::int_value: pvv->set_int_value(v.i); break;
  case pv::wire::Value::float_value: pvv->set_float_value(v.d); break;
  case pv::wire::Value::string_value: pvv->set_string_value(v.s); break;
  case pv::wire::Value::array_value:
  case pv::wire::Value::object_value: {
    pb::ArrayValue *arr; // set even when empty: [] is a value
    if (v.kind == pv::wire::Value::object_value) {
      pb::ObjectValue *o = pvv->mutable_object_value();
      o->set_class_name(v.s);
      arr = o->mutable_properties();
    } else {
      arr = pvv->mutable_array_value();
    }
    for (const auto &e : v.a) {
      pb::ArrayEntry *pe = arr->add_entries();
      if (e.string_key) {
        pe->set_string_key(e.str_key);
      } else {
        pe->set_int_key(e.int_key);
      }
      fill_value(pe->mutable_value(), e.value);
    }
    break;
  }
  }
}

void fill_region(pb::RegionProfile *r, const pv::wire::Region &w) {
  r->set_key(w.key);
  r->set_file(w.file);
  r->set_class_name(w.class_name);
  r->set_function_name(w.function_name);
  r->set_calls(w.calls);
  r->set_timed_calls(w.timed_calls);
  r->set_time_ns(w.time_ns);
  for (const auto &t : w.arg_types) fill_tuple(r->add_arg_types(), t);
  r->set_arg_types_other(w.arg_types_other);
  for (const auto &t : w.return_types) fill_tuple(r->add_return_types(), t);
  for (const auto &s : w.samples) {
    auto *as = r->add_samples();
    for (const auto &v : s.args) fill_value(as->add_args(), v);
  }
  for (const auto &e : w.callers) {
    auto *ce = r->add_callers();
    ce->set_caller(e.caller);
    ce->set_count(e.count);
  }
  r->set_num_params(w.num_params);
  r->set_required_params(w.required_params);
  r->set_by_ref_params(w.by_ref_params);
  r->set_by_ref_mask(w.by_ref_mask);
  for (const auto &c : w.arg_classes) r->add_arg_classes(c);
  r->set_variadic(w.variadic);
  if (w.source.present) {
    auto *src = r->mutable_source();
    src->set_file(w.source.file);
    src->set_line_start(w.source.line_start);
    src->set_line_end(w.source.line_end);
    src->set_text(w.source.text);
    src->set_sha256(w.source.sha256);
    for (const auto &c : w.source.classes) {
      pb::ClassSource *pc = src->add_classes();
      pc->set_name(c.name);
      pc->set_parent(c.parent);
      pc->set_file(c.file);
      pc->set_line_start(c.line_start);
      pc->set_line_end(c.line_end);
      pc->set_text(c.text);
      pc->set_sha256(c.sha256);
    }
    for (const auto &h : w.source.world) {
      pb::WorldHint *ph = src->add_world();
      ph->set_kind(h.kind == pv::wire::WorldHint::global ? pb::WorldHint::GLOBAL : pb::WorldHint::CONSTANT);
      ph->set_name(h.name);
      ph->set_type(h.type);
    }
  }
}

void fill_outcome(pb::Outcome *o, const pv::wire::Outcome &w) {
  o->set_deployment_id(w.deployment_id);
  o->set_installed(w.installed);
  o->set_error(w.error);
  for (const auto &k : w.kernels) {
    auto *ko = o->add_kernels();
    ko->set_region_key(k.region_key);
    ko->set_native_calls(k.native_calls);
    ko->set_guard_failures(k.guard_failures);
    ko->set_deopts(k.deopts);
    ko->set_throws(k.throws);
  }
}

void *channel_open(const char *target) {
  auto *c = new Channel();
  c->channel = grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  c->stub = pb::Polyvirt::NewStub(c->channel);
  return c;
}

void *stream_open(void *channel) {
  auto *s = new Stream();
  s->channel = static_cast<Channel *>(channel);
  return s;
}

void stream_cancel(void *stream) { static_cast<Stream *>(stream)->ctx.TryCancel(); }

bool stream_write_hello(void *stream, const pv::wire::Hello &w) {
  pb::ClientMessage m;
  auto *h = m.mutable_hello();
  h->set_app(w.app);
  h->set_pid(w.pid);
  h->set_php_version_id(w.php_version_id);
  h->set_abi_version(w.abi_version);
  h->set_sapi(w.sapi);
  h->set_token(w.token);
  auto *s = static_cast<Stream *>(stream);
  s->rw = s->channel->stub->Connect(&s->ctx);
  return s->rw->Write(m);
}

bool stream_write(void *stream, const pv::wire::ClientMessage &w) {
  pb::ClientMessage m;
  if (w.kind == pv::wire::ClientMessage::batch) {
    auto *b = m.mutable_batch();
    b->set_seq(w.b.seq);
    for (const auto &r : w.b.regions) fill_region(b->add_regions(), r);
    b->set_dropped_batches(w.b.dropped_batches);
    b->set_dropped_regions(w.b.dropped_regions);
    b->set_profiled_calls(w.b.profiled_calls);
  } else if (w.kind == pv::wire::ClientMessage::specialize) {
    auto *sp = m.mutable_specialize();
    sp->set_id(w.id);
    fill_region(sp->mutable_region(), w.r);
  } else {
    fill_outcome(m.mutable_outcome(), w.o);
  }
  return static_cast<Stream *>(stream)->rw->Write(m);
}

bool stream_read(void *stream, pv::wire::ServerMessage *out) {
  pb::ServerMessage m;
  if (!static_cast<Stream *>(stream)->rw->Read(&m)) return false;
  *out = pv::wire::ServerMessage();
  if (m.has_deployment()) {
    pb::Deployment *d = m.mutable_deployment();
    out->kind = pv::wire::ServerMessage::deployment_msg;
    auto &w = out->deployment;
    w.deployment_id = d->deployment_id();
    w.signature_id = d->signature_id();
    w.artifact.swap(*d->mutable_artifact()); // artifacts can be large: no copy
    w.artifact_sha256 = d->artifact_sha256();
    for (const auto &k : d->kernels()) {
      pv::wire::KernelRef ref;
      ref.region_key = k.region_key();
      ref.source_sha256 = k.source_sha256();
      ref.guard_types.assign(k.guard_types().begin(), k.guard_types().end());
      w.kernels.push_back(std::move(ref));
    }
  } else if (m.has_revert()) {
    out->kind = pv::wire::ServerMessage::revert_msg;
    out->revert_id = m.revert().deployment_id();
    out->revert_reason = m.revert().reason();
  } else if (m.has_synced()) {
    out->kind = pv::wire::ServerMessage::synced_msg;
  } else if (m.has_specialized()) {
    const pb::Specialized &sp = m.specialized();
    out->kind = pv::wire::ServerMessage::specialized_msg;
    out->specialized.id = sp.id();
    out->specialized.region_key = sp.region_key();
    out->specialized.deployment_id = sp.deployment_id();
    out->specialized.reason = sp.reason();
    out->specialized.retry = sp.retry();
  }
  return true;
}

void stream_writes_done(void *stream) { static_cast<Stream *>(stream)->rw->WritesDone(); }

void stream_finish(void *stream, std::string *status_message) {
  auto *s = static_cast<Stream *>(stream);
  grpc::Status st = s->rw->Finish();
  if (status_message) *status_message = st.error_message();
}

void stream_destroy(void *stream) { delete static_cast<Stream *>(stream); }

void channel_close(void *channel) { delete static_cast<Channel *>(channel); }

const Api kApi = {
  pv::wire::kApiVersion,
  pv::wire::struct_sizes(),
  channel_open,
  stream_open,
  stream_cancel,
  stream_write_hello,
  stream_write,
  stream_read,
  stream_writes_done,
  stream_finish,
  stream_destroy,
  channel_close,
};

} // namespace

extern "C" __attribute__((visibility("default"))) const pv::wire::Api *polyvirt_transport_v1() { return &kApi; }
