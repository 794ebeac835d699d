// install.cc — loads kernel artifacts safely and binds their kernels to PHP functions.
//
// Local artifact cache (polyvirt.local_cache, default 1; 0 turns it off): every Deployment
// installed from the service is recorded in <cache_dir>/apps/<sha256 of app>.manifest as
// "<deployment_id> <artifact_sha256>" (deduplicated by id, last 256 kept, rewritten atomically
// under a flock in the private dir). At a process's first RINIT the listed artifacts are loaded
// through the same checks as a Deployment, so a hot function called once at the very start runs
// native without waiting for the service; broken entries are dropped and reported in
// polyvirt_status()['errors']. A Revert removes the entry; a Deployment whose artifact sha256 is
// already installed (under the same or another id) is acknowledged (Outcome installed=true)
// without loading it again.
#include "install.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <vector>
#include <dlfcn.h>

#include "cache.h"
#include "diag.h"
#include "dispatch.h"
#include "manifest.h"
#include "profile.h"
#include "registry.h"
#include "source.h"
#include "transport.h"

namespace pv {

std::atomic<bool> g_install_pending{false};
uint64_t g_install_epoch = 1;

namespace {

struct PendingChange {
  enum Kind { install, ack, uninstall } kind = install;
  LoadedModule *module = nullptr; // install
  std::string deployment_id;      // all
  std::string sha256;             // ack: the already installed artifact
  std::vector<std::pair<std::string, std::string>> refs; // ack: (region_key, source_sha256)
};

std::mutex g_pending_mu;
std::deque<PendingChange> g_pending;
std::string g_cache_dir; // guarded by g_pending_mu
// Artifact sha256 -> deployment ids installed or queued for install, as the reader thread
// sees them (guarded by g_pending_mu); lets a re-sent Deployment be acknowledged unloaded.
std::unordered_map<std::string, std::vector<std::string>> g_known;
// PHP thread only below.
std::vector<std::unique_ptr<LoadedModule>> g_modules;
std::vector<std::unique_ptr<KernelBinding>> g_bindings;

bool read_file(const std::string &path, std::string *out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

bool is_hex64(const char *s) {
  if (!s || std::strlen(s) != 64) return false;
  for (const char *p = s; *p; ++p)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
  return true;
}

std::string trim(const std::string &s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

bool lowercase_name(const char *s) {
  for (const char *p = s; *p; ++p)
    if (*p >= 'A' && *p <= 'Z') return false;
  return true;
}

std::string lower(const std::string &s) {
  std::string r = s;
  for (char &c : r)
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
  return r;
}

// Everything a descriptor must satisfy before any of its entry points may run.
bool check_descriptor(const pv_module_desc *d, std::string *err) {
  if (!d) return *err = "descriptor is NULL", false;
  if (d->abi_version != PV_ABI_VERSION)
    return *err = "abi_version " + std::to_string(d->abi_version) + " != " + std::to_string(PV_ABI_VERSION), false;
  if (d->php_version_id / 100 != PHP_VERSION_ID / 100)
    return *err = "php_version_id " + std::to_string(d->php_version_id) + " does not match " + std::to_string(PHP_VERSION_ID), false;
  if (d->kernel_count == 0 || d->kernel_count > 4096 || !d->kernels)
    return *err = "bad kernel_count", false;
  for (uint32_t i = 0; i < d->kernel_count; ++i) {
    const pv_kernel_desc &k = d->kernels[i];
    std::string at = "kernel #" + std::to_string(i);
    if (!k.function_name || !*k.function_name || std::strlen(k.function_name) > 255)
      return *err = at + ": bad function_name", false;
    if (!lowercase_name(k.function_name)) return *err = at + ": function_name is not lowercased", false;
    if (!is_hex64(k.source_sha256)) return *err = at + ": source_sha256 is not 64 hex digits", false;
    if (k.arity > PV_MAX_ARGS) return *err = at + ": arity > PV_MAX_ARGS", false;
    // Type codes PV_FALSE..PV_OBJECT (PV_TRUE is "bool"), optionally by reference; nothing else.
    for (uint32_t a = 0; a < k.arity; ++a) {
      uint8_t t = PV_GUARD_TYPE(k.guard[a]);
      if (t < PV_FALSE || t > PV_OBJECT)
        return *err = at + ": unsupported guard type " + std::to_string(k.guard[a]), false;
    }
    if (k.flags & ~(uint32_t)(PV_KERNEL_PURE | PV_KERNEL_EFFECTS | PV_KERNEL_METHOD))
      return *err = at + ": unknown flags " + std::to_string(k.flags), false;
    if ((k.flags & PV_KERNEL_PURE) && (k.flags & PV_KERNEL_EFFECTS))
      return *err = at + ": flags PURE and EFFECTS together", false;
    if (k.flags & PV_KERNEL_METHOD) {
      if (!std::strstr(k.function_name, "::")) return *err = at + ": a method kernel is not named class::method", false;
      if (!k.receiver_class || !*k.receiver_class || std::strlen(k.receiver_class) > 255 || !lowercase_name(k.receiver_class))
        return *err = at + ": bad receiver_class", false;
    } else if (k.receiver_class) {
      return *err = at + ": receiver_class without PV_KERNEL_METHOD", false;
    }
    if (!k.entry) return *err = at + ": entry is NULL", false;
  }
  return true;
}

// Any thread: verify bytes on disk, dlopen, fetch and check the descriptor.
LoadedModule *load_file(const std::string &path, const std::string &expected_sha, std::string *err) {
  std::string bytes;
  if (!read_file(path, &bytes)) return *err = "cannot read " + path, nullptr;
  std::string got = sha256_hex(bytes.data(), bytes.size());
  if (got != expected_sha) return *err = "sha256 mismatch for " + path + " (expected " + expected_sha + ", got " + got + ")", nullptr;
  void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    const char *e = dlerror();
    return *err = std::string("dlopen failed: ") + (e ? e : "?"), nullptr;
  }
  using get_fn = const pv_module_desc *(*)();
  auto get = reinterpret_cast<get_fn>(dlsym(h, PV_MODULE_SYMBOL));
  if (!get) {
    dlclose(h);
    return *err = path + " does not export " PV_MODULE_SYMBOL, nullptr;
  }
  const pv_module_desc *d = get();
  std::string why;
  if (!check_descriptor(d, &why)) {
    dlclose(h);
    return *err = "bad descriptor in " + path + ": " + why, nullptr;
  }
  auto *m = new LoadedModule();
  m->handle = h;
  m->desc = d;
  m->path = path;
  m->sha256 = expected_sha;
  return m;
}

void known_forget_id_locked(const std::string &id) {
  for (auto it = g_known.begin(); it != g_known.end();) {
    auto &ids = it->second;
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    it = ids.empty() ? g_known.erase(it) : std::next(it);
  }
}

void known_add_locked(const std::string &sha, const std::string &id) {
  known_forget_id_locked(id);
  g_known[sha].push_back(id);
}

void send_outcome(const std::string &deployment_id, bool installed, const std::string &error) {
  wire::Outcome o;
  o.deployment_id = deployment_id;
  o.installed = installed;
  o.error = error;
  transport_push_outcome(std::move(o));
}

void activate(LoadedModule *m) {
  g_modules.emplace_back(m);
  m->active = true;
  if (!m->deployment_ids.empty()) m->deployment_id = m->deployment_ids.back();
  for (uint32_t i = 0; i < m->desc->kernel_count; ++i) {
    auto kb = std::make_unique<KernelBinding>();
    kb->module = m;
    kb->desc = &m->desc->kernels[i];
    kb->active = true;
    for (uint32_t a = 0; a < kb->desc->arity; ++a)
      if (kb->desc->guard[a] & PV_GUARD_BYREF) kb->byref_mask |= 1u << a;
    g_bindings.push_back(std::move(kb));
  }
  ++g_install_epoch;
  diag_event("installed " + m->path + (m->deployment_id.empty() ? "" : " deployment " + m->deployment_id));
}

// Drops a deployment id; a module goes inactive when no live id is left. True if any had it.
bool deactivate(const std::string &deployment_id) {
  bool any = false, changed = false;
  for (auto &m : g_modules) {
    if (!m->active) continue;
    auto &ids = m->deployment_ids;
    auto it = std::find(ids.begin(), ids.end(), deployment_id);
    if (it == ids.end()) continue;
    ids.erase(it);
    any = true;
    if (ids.empty()) {
      m->active = false;
      changed = true;
    } else {
      m->deployment_id = ids.back();
    }
  }
  if (!changed) return any;
  for (auto &kb : g_bindings)
    if (kb->active && !kb->module->active) kb->active = false;
  ++g_install_epoch;
  diag_event("reverted deployment " + deployment_id);
  return true;
}

LoadedModule *active_module_with_sha(const std::string &sha) {
  for (auto &m : g_modules)
    if (m->active && !m->deployment_ids.empty() && m->sha256 == sha) return m.get();
  return nullptr;
}

// The service's view of what the artifact holds must agree with the descriptors.
bool refs_match(const pv_module_desc *desc, const std::vector<std::pair<std::string, std::string>> &refs,
                std::string *err) {
  for (const auto &ref : refs) {
    bool found = false;
    for (uint32_t i = 0; i < desc->kernel_count; ++i)
      if (ref.second == desc->kernels[i].source_sha256) found = true;
    if (!found) return *err = "kernel " + ref.first + " announced by deployment is not in the artifact", false;
  }
  return true;
}

void record_in_manifest(const std::string &deployment_id, const std::string &sha) {
  std::string err;
  if (!manifest_record(deployment_id, sha, &err)) diag_error("local cache: " + err);
}

} // namespace

void install_configure(const std::string &cache_dir, const std::string &app, bool local_cache) {
  manifest_configure(cache_dir, app, local_cache);
  std::lock_guard<std::mutex> lock(g_pending_mu);
  g_cache_dir = cache_dir;
}

void install_preload(const char *list) {
  if (!list || !*list) return;
  std::stringstream ss(list);
  std::string path;
  while (std::getline(ss, path, ',')) {
    path = trim(path);
    if (path.empty()) continue;
    std::string sha;
    if (!read_file(path + ".sha256", &sha)) {
      diag_error("preload " + path + ": missing " + path + ".sha256; kernel not installed");
      continue;
    }
    sha = trim(sha);
    std::string err;
    LoadedModule *m = load_file(path, sha, &err);
    if (!m) {
      diag_error("preload " + path + ": " + err + "; kernel not installed");
      continue;
    }
    activate(m);
  }
}

size_t install_load_local_cache() {
  size_t installed = 0;
  if (!manifest_enabled()) return installed;
  std::vector<ManifestEntry> entries, broken;
  std::vector<std::string> malformed;
  std::string err, dir;
  {
    std::lock_guard<std::mutex> lock(g_pending_mu);
    dir = g_cache_dir;
  }
  if (!manifest_read(&entries, &malformed, &err)) {
    diag_error("local cache: " + err + "; nothing loaded from it");
    return installed;
  }
  for (const std::string &m : malformed) diag_error("local cache: manifest " + manifest_path() + " " + m + "; dropped");
  // One load per artifact, however many deployment ids ship it.
  std::vector<std::string> order;
  std::unordered_map<std::string, std::vector<std::string>> ids_of;
  for (const auto &e : entries) {
    auto &ids = ids_of[e.sha256];
    if (ids.empty()) order.push_back(e.sha256);
    ids.push_back(e.deployment_id);
  }
  for (const std::string &sha : order) {
    std::string path = dir + "/" + sha + ".so";
    LoadedModule *m = nullptr;
    if (private_file_check(path, &err)) m = load_file(path, sha, &err);
    if (!m) {
      for (const auto &id : ids_of[sha]) {
        diag_error("local cache: deployment " + id + ": " + err + "; dropped from the manifest, kernel not installed");
        broken.push_back({id, sha});
      }
      continue;
    }
    m->deployment_ids = ids_of[sha];
    {
      std::lock_guard<std::mutex> lock(g_pending_mu);
      for (const auto &id : m->deployment_ids) known_add_locked(sha, id);
    }
    activate(m);
    ++installed;
  }
  if ((!broken.empty() || !malformed.empty()) && !manifest_forget(broken, &err)) diag_error("local cache: " + err);
  return installed;
}

void install_receive_deployment(const wire::Deployment &d) {
  std::string err, dir;
  const std::string &id = d.deployment_id;
  const std::string &bytes = d.artifact;
  std::string got = sha256_hex(bytes.data(), bytes.size());
  std::vector<std::pair<std::string, std::string>> refs; // (region_key, source_sha256)
  for (const auto &ref : d.kernels) refs.emplace_back(ref.region_key, ref.source_sha256);
  if (got != d.artifact_sha256) {
    err = "sha256 mismatch for deployment " + id + " (expected " + d.artifact_sha256 + ", got " + got + ")";
    diag_error("deployment " + id + ": " + err + "; kernel not installed");
    send_outcome(id, false, err);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(g_pending_mu);
    dir = g_cache_dir;
    // Already installed (from the local cache, or re-sent on a new stream): acknowledge
    // without loading the same artifact twice.
    if (g_known.count(got)) {
      known_add_locked(got, id);
      PendingChange c;
      c.kind = PendingChange::ack;
      c.deployment_id = id;
      c.sha256 = got;
      c.refs = std::move(refs);
      g_pending.push_back(std::move(c));
      dir.clear();
    }
  }
  if (dir.empty()) { // acknowledged above
    record_in_manifest(id, got);
    g_install_pending.store(true);
    dispatch_wake();
    return;
  }
  std::string path;
  LoadedModule *m = nullptr;
  if (private_dir_ensure(dir, true, &err) && private_file_write(dir, got + ".so", bytes, &path, &err))
    m = load_file(path, got, &err);
  if (m && !refs_match(m->desc, refs, &err)) {
    dlclose(m->handle);
    delete m;
    m = nullptr;
  }
  if (!m) {
    diag_error("deployment " + id + ": " + err + "; kernel not installed");
    send_outcome(id, false, err);
    return;
  }
  m->deployment_ids.push_back(id);
  {
    std::lock_guard<std::mutex> lock(g_pending_mu);
    known_add_locked(got, id);
    PendingChange c;
    c.module = m;
    c.deployment_id = id;
    g_pending.push_back(std::move(c));
  }
  record_in_manifest(id, got);
  g_install_pending.store(true);
  dispatch_wake();
}

void install_receive_revert(const std::string &deployment_id, const std::string &reason) {
  {
    std::lock_guard<std::mutex> lock(g_pending_mu);
    known_forget_id_locked(deployment_id);
    PendingChange c;
    c.kind = PendingChange::uninstall;
    c.deployment_id = deployment_id;
    g_pending.push_back(std::move(c));
  }
  diag_event("revert requested for " + deployment_id + ": " + reason);
  // Also when this process never installed it: the service reverts on Hello what it no
  // longer wants, and the manifest must not bring it back in the next process.
  std::string err;
  if (!manifest_forget_id(deployment_id, &err)) diag_error("local cache: " + err);
  g_install_pending.store(true);
  dispatch_wake();
}

bool install_apply_pending() {
  std::deque<PendingChange> todo;
  {
    std::lock_guard<std::mutex> lock(g_pending_mu);
    todo.swap(g_pending);
    g_install_pending.store(false);
  }
  bool changed = false;
  for (auto &c : todo) {
    if (c.kind == PendingChange::install) {
      // Replace what an earlier deployment with the same id installed.
      changed |= deactivate(c.deployment_id);
      activate(c.module);
      send_outcome(c.deployment_id, true, "");
      changed = true;
    } else if (c.kind == PendingChange::ack) {
      std::string err;
      LoadedModule *m = active_module_with_sha(c.sha256);
      if (!m) {
        // Not expected (the reader thread saw it installed), but never acknowledge a lie.
        err = "deployment " + c.deployment_id + ": artifact " + c.sha256 + " is no longer installed";
      } else if (!refs_match(m->desc, c.refs, &err)) {
        err = "deployment " + c.deployment_id + ": " + err;
      }
      if (!err.empty()) {
        {
          std::lock_guard<std::mutex> lock(g_pending_mu);
          known_forget_id_locked(c.deployment_id); // a re-send then loads it afresh
        }
        std::string merr;
        if (!manifest_forget({{c.deployment_id, c.sha256}}, &merr)) diag_error("local cache: " + merr);
        diag_error(err + "; kernel not installed");
        send_outcome(c.deployment_id, false, err);
        continue;
      }
      if (std::find(m->deployment_ids.begin(), m->deployment_ids.end(), c.deployment_id) == m->deployment_ids.end()) {
        changed |= deactivate(c.deployment_id); // the id may have named another artifact before
        m->deployment_ids.push_back(c.deployment_id);
        m->deployment_id = c.deployment_id;
      }
      diag_event("deployment " + c.deployment_id + " already installed from " + m->path);
      send_outcome(c.deployment_id, true, "");
    } else if (deactivate(c.deployment_id)) {
      changed = true;
      send_outcome(c.deployment_id, false, "reverted");
    }
  }
  return changed;
}

size_t install_active_count() {
  size_t n = 0;
  for (auto &kb : g_bindings) n += kb->active ? 1 : 0;
  return n;
}

void install_rebind(FnState *st, zend_op_array *op) {
  st->bind_epoch = g_install_epoch;
  st->kernel = nullptr;
  if (op->fn_flags & ZEND_ACC_CLOSURE) return; // closures have a scope but are no methods
  // A method's kernel is named "class::method" (the declaring class, lowercased).
  std::string name = st->class_name.empty() ? st->lcname : lower(st->class_name) + "::" + st->lcname;
  KernelBinding *kb = nullptr;
  for (auto it = g_bindings.rbegin(); it != g_bindings.rend(); ++it) {
    if ((*it)->active && name == (*it)->desc->function_name) {
      kb = it->get();
      break;
    }
  }
  if (!kb) return;
  std::string why;
  // Arguments are read in place: only the declared parameters are contiguous in the frame.
  if (op->num_args != kb->desc->arity || (op->fn_flags & (ZEND_ACC_VARIADIC | ZEND_ACC_GENERATOR))) {
    why = "kernel " + name + " does not fit " + st->key + " (arity/variadic/generator); not installed";
  } else if (!st->class_name.empty() && !(op->fn_flags & ZEND_ACC_STATIC) != !!(kb->desc->flags & PV_KERNEL_METHOD)) {
    why = "kernel " + name + " does not fit " + st->key + " (instance vs static method); not installed";
  } else if (profile_by_ref_mask(op) != kb->byref_mask) {
    why = "kernel " + name + " does not fit " + st->key + " (by-reference parameters differ); not installed";
  } else {
    const std::string &sha = registry_source_sha(st, op);
    if (sha != kb->desc->source_sha256)
      why = "stale kernel " + name + " for " + st->key + ": source sha256 mismatch (source " +
            (sha.empty() ? std::string("unreadable") : sha) + "); not installed";
  }
  if (!why.empty()) {
    if (kb->refused.insert(st).second) diag_error(why);
    return;
  }
  st->kernel = kb;
  if (kb->region_key.empty()) kb->region_key = st->key;
}

void install_report_counters() {
  if (!transport_connected()) return;
  for (auto &m : g_modules) {
    if (!m->active || m->deployment_id.empty()) continue;
    wire::Outcome o;
    bool changed = false;
    for (auto &kb : g_bindings) {
      if (kb->module != m.get()) continue;
      uint64_t total = kb->native_calls + kb->guard_failures + kb->deopts + kb->throws;
      if (total != kb->reported_total) changed = true;
      kb->reported_total = total;
      wire::KernelOutcome k;
      k.region_key = kb->region_key.empty() ? std::string("::") + kb->desc->function_name : kb->region_key;
      k.native_calls = kb->native_calls;
      k.guard_failures = kb->guard_failures;
      k.deopts = kb->deopts;
      k.throws = kb->throws;
      o.kernels.push_back(std::move(k));
    }
    if (!changed) continue;
    o.deployment_id = m->deployment_id;
    o.installed = true;
    transport_push_outcome(std::move(o));
  }
}

void install_status(zval *out) {
  array_init(out);
  for (auto &kb : g_bindings) {
    if (!kb->active) continue;
    const char *name = kb->desc->function_name;
    zval *entry = zend_hash_str_find(Z_ARRVAL_P(out), name, strlen(name));
    zval fresh;
    if (!entry) {
      array_init(&fresh);
      add_assoc_long(&fresh, "native_calls", 0);
      add_assoc_long(&fresh, "guard_failures", 0);
      add_assoc_long(&fresh, "deopts", 0);
      add_assoc_long(&fresh, "throws", 0);
      entry = zend_hash_str_update(Z_ARRVAL_P(out), name, strlen(name), &fresh);
    }
    auto bump = [&](const char *k, uint64_t v) {
      zval *z = zend_hash_str_find(Z_ARRVAL_P(entry), k, strlen(k));
      ZVAL_LONG(z, Z_LVAL_P(z) + (zend_long)v);
    };
    bump("native_calls", kb->native_calls);
    bump("guard_failures", kb->guard_failures);
    bump("deopts", kb->deopts);
    bump("throws", kb->throws);
  }
}

void install_shutdown() {
  // Modules stay mapped until the process exits: a kernel pointer must never dangle, and
  // unloading gains nothing at process end.
  g_bindings.clear();
  for (auto &m : g_modules) m.release();
  g_modules.clear();
}

} // namespace pv
