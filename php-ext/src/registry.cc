// registry.cc — the process-level map of per-function states (they survive requests, e.g. FPM).
#include "registry.h"

#include <memory>
#include <unordered_map>

#include "source.h"

extern "C" {
#include "zend_extensions.h"
}

namespace pv {

int g_registry_handle = -1;

namespace {
std::unordered_map<std::string, std::unique_ptr<FnState>> g_states;
uint64_t g_request = 0;

std::string lower(const char *s, size_t n) {
  std::string out(s, n);
  for (char &c : out) c = (char)zend_tolower_ascii((unsigned char)c);
  return out;
}
} // namespace

void registry_minit() { g_registry_handle = zend_get_op_array_extension_handle("polyvirt"); }

void registry_mshutdown() { g_states.clear(); }

void registry_request_start() { ++g_request; }

uint64_t registry_request_id() { return g_request; }

FnState *registry_resolve(zend_op_array *op, void **slot) {
  std::string file = op->filename ? std::string(ZSTR_VAL(op->filename), ZSTR_LEN(op->filename)) : "";
  std::string cls = op->scope ? std::string(ZSTR_VAL(op->scope->name), ZSTR_LEN(op->scope->name)) : "";
  std::string fn = op->function_name
                       ? std::string(ZSTR_VAL(op->function_name), ZSTR_LEN(op->function_name))
                       : std::string("{main}");
  std::string lc = lower(fn.data(), fn.size());
  std::string key = file + "::" + cls + "::" + lc;
  auto it = g_states.find(key);
  if (it == g_states.end()) {
    auto st = std::make_unique<FnState>();
    st->key = key;
    st->file = file;
    st->class_name = cls;
    st->function_name = fn;
    st->lcname = lc;
    it = g_states.emplace(key, std::move(st)).first;
  }
  FnState *st = it->second.get();
  st->prof.num_params = op->num_args;
  st->prof.required_params = op->required_num_args;
  st->prof.variadic = (op->fn_flags & ZEND_ACC_VARIADIC) != 0;
  st->prof.by_ref_params = false;
  uint32_t declared = op->num_args + (st->prof.variadic ? 1 : 0);
  for (uint32_t i = 0; op->arg_info && i < declared; ++i)
    if (ZEND_ARG_SEND_MODE(&op->arg_info[i])) st->prof.by_ref_params = true;
  st->prof.by_ref_mask = profile_by_ref_mask(op);
  // First sight in this request: the code may differ from the previous request's, so the
  // kernel binding and the hot-source check are redone.
  st->bind_epoch = 0;
  st->prof.source_checked = false;
  *slot = st;
  return st;
}

const std::string &registry_source_sha(FnState *st, zend_op_array *op) {
  if (st->sha_request != g_request || st->sha_start != op->line_start || st->sha_end != op->line_end) {
    std::string text;
    st->sha.clear();
    if (op->filename && source_lines(ZSTR_VAL(op->filename), op->line_start, op->line_end, &text)) {
      st->sha = sha256_hex(text.data(), text.size());
    }
    st->sha_request = g_request;
    st->sha_start = op->line_start;
    st->sha_end = op->line_end;
  }
  return st->sha;
}

} // namespace pv
