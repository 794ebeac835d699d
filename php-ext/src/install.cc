// install.cc — loads kernel artifacts safely and binds their kernels to PHP functions.
#include "install.h"

#include <cerrno>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>
#include <dlfcn.h>

#include "diag.h"
#include "dispatch.h"
#include "polyvirt.pb.h"
#include "registry.h"
#include "source.h"
#include "transport.h"

namespace pv {

std::atomic<bool> g_install_pending{false};
uint64_t g_install_epoch = 1;

namespace {

struct PendingChange {
  bool install = true;
  LoadedModule *module = nullptr; // install
  std::string deployment_id;      // uninstall
};

std::mutex g_pending_mu;
std::deque<PendingChange> g_pending;
std::string g_cache_dir; // guarded by g_pending_mu
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
    for (const char *p = k.function_name; *p; ++p)
      if (*p >= 'A' && *p <= 'Z') return *err = at + ": function_name is not lowercased", false;
    if (!is_hex64(k.source_sha256)) return *err = at + ": source_sha256 is not 64 hex digits", false;
    if (k.arity > PV_MAX_ARGS) return *err = at + ": arity > PV_MAX_ARGS", false;
    for (uint32_t a = 0; a < k.arity; ++a)
      if (k.guard[a] != PV_LONG && k.guard[a] != PV_DOUBLE && k.guard[a] != PV_GUARD_BOOL)
        return *err = at + ": unsupported guard type " + std::to_string(k.guard[a]), false;
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
  return m;
}

// The cache dir must be ours alone: a shared or redirected dir would let others plant code.
bool ensure_cache_dir(const std::string &dir, std::string *err) {
  struct stat st;
  if (lstat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) return *err = "cache dir " + dir + ": " + std::strerror(errno), false;
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      return *err = "cannot create cache dir " + dir + ": " + std::strerror(errno), false;
    if (lstat(dir.c_str(), &st) != 0) return *err = "cache dir " + dir + ": " + std::strerror(errno), false;
  }
  if (S_ISLNK(st.st_mode)) return *err = "cache dir " + dir + " is a symlink: refused", false;
  if (!S_ISDIR(st.st_mode)) return *err = "cache dir " + dir + " is not a directory: refused", false;
  if (st.st_uid != geteuid()) return *err = "cache dir " + dir + " is not owned by us: refused", false;
  if (st.st_mode & 077) return *err = "cache dir " + dir + " is group/other accessible: refused", false;
  return true;
}

bool write_artifact(const std::string &dir, const std::string &name, const std::string &bytes,
                    std::string *path, std::string *err) {
  static std::atomic<uint64_t> counter{0};
  std::string tmp = dir + "/.tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return *err = "cannot create " + tmp + ": " + std::strerror(errno), false;
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      unlink(tmp.c_str());
      return *err = "cannot write " + tmp + ": " + std::strerror(errno), false;
    }
    off += (size_t)n;
  }
  close(fd);
  *path = dir + "/" + name;
  if (rename(tmp.c_str(), path->c_str()) != 0) {
    unlink(tmp.c_str());
    return *err = "cannot rename into " + *path + ": " + std::strerror(errno), false;
  }
  return true;
}

void send_outcome(const std::string &deployment_id, bool installed, const std::string &error) {
  polyvirt::v1::Outcome o;
  o.set_deployment_id(deployment_id);
  o.set_installed(installed);
  o.set_error(error);
  transport_push_outcome(o);
}

void activate(LoadedModule *m) {
  g_modules.emplace_back(m);
  m->active = true;
  for (uint32_t i = 0; i < m->desc->kernel_count; ++i) {
    auto kb = std::make_unique<KernelBinding>();
    kb->module = m;
    kb->desc = &m->desc->kernels[i];
    kb->active = true;
    g_bindings.push_back(std::move(kb));
  }
  ++g_install_epoch;
  diag_event("installed " + m->path + (m->deployment_id.empty() ? "" : " deployment " + m->deployment_id));
}

bool deactivate(const std::string &deployment_id) {
  bool any = false;
  for (auto &m : g_modules) {
    if (m->active && m->deployment_id == deployment_id) {
      m->active = false;
      any = true;
    }
  }
  if (!any) return false;
  for (auto &kb : g_bindings)
    if (kb->active && !kb->module->active) kb->active = false;
  ++g_install_epoch;
  diag_event("reverted deployment " + deployment_id);
  return true;
}

} // namespace

void install_configure(const std::string &cache_dir) {
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

void install_receive_deployment(const polyvirt::v1::Deployment &d) {
  std::string err, dir;
  {
    std::lock_guard<std::mutex> lock(g_pending_mu);
    dir = g_cache_dir;
  }
  const std::string &bytes = d.artifact();
  std::string got = sha256_hex(bytes.data(), bytes.size());
  std::string path;
  LoadedModule *m = nullptr;
  if (got != d.artifact_sha256()) {
    err = "sha256 mismatch for deployment " + d.deployment_id() + " (expected " + d.artifact_sha256() + ", got " + got + ")";
  } else if (ensure_cache_dir(dir, &err) && write_artifact(dir, got + ".so", bytes, &path, &err)) {
    m = load_file(path, d.artifact_sha256(), &err);
  }
  if (m) {
    // The service's view of what the artifact holds must agree with the descriptors.
    for (const auto &ref : d.kernels()) {
      bool found = false;
      for (uint32_t i = 0; i < m->desc->kernel_count; ++i)
        if (ref.source_sha256() == m->desc->kernels[i].source_sha256) found = true;
      if (!found) {
        err = "kernel " + ref.region_key() + " announced by deployment is not in the artifact";
        dlclose(m->handle);
        delete m;
        m = nullptr;
        break;
      }
    }
  }
  if (!m) {
    diag_error("deployment " + d.deployment_id() + ": " + err + "; kernel not installed");
    send_outcome(d.deployment_id(), false, err);
    return;
  }
  m->deployment_id = d.deployment_id();
  {
    std::lock_guard<std::mutex> lock(g_pending_mu);
    PendingChange c;
    c.module = m;
    g_pending.push_back(c);
  }
  g_install_pending.store(true);
  dispatch_wake();
}

void install_receive_revert(const std::string &deployment_id, const std::string &reason) {
  {
    std::lock_guard<std::mutex> lock(g_pending_mu);
    PendingChange c;
    c.install = false;
    c.deployment_id = deployment_id;
    g_pending.push_back(c);
  }
  diag_event("revert requested for " + deployment_id + ": " + reason);
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
    if (c.install) {
      // Replace what an earlier deployment with the same id installed.
      deactivate(c.module->deployment_id);
      activate(c.module);
      send_outcome(c.module->deployment_id, true, "");
      changed = true;
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
  if (!st->class_name.empty()) return; // methods are out of scope for now
  KernelBinding *kb = nullptr;
  for (auto it = g_bindings.rbegin(); it != g_bindings.rend(); ++it) {
    if ((*it)->active && st->lcname == (*it)->desc->function_name) {
      kb = it->get();
      break;
    }
  }
  if (!kb) return;
  std::string why;
  // Arguments are read in place: only the declared parameters are contiguous in the frame.
  if (op->num_args != kb->desc->arity || (op->fn_flags & (ZEND_ACC_VARIADIC | ZEND_ACC_GENERATOR))) {
    why = "kernel " + st->lcname + " does not fit " + st->key + " (arity/variadic/generator); not installed";
  } else {
    const std::string &sha = registry_source_sha(st, op);
    if (sha != kb->desc->source_sha256)
      why = "stale kernel " + st->lcname + " for " + st->key + ": source sha256 mismatch (source " +
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
    polyvirt::v1::Outcome o;
    bool changed = false;
    for (auto &kb : g_bindings) {
      if (kb->module != m.get()) continue;
      uint64_t total = kb->native_calls + kb->guard_failures + kb->deopts + kb->throws;
      if (total != kb->reported_total) changed = true;
      kb->reported_total = total;
      auto *k = o.add_kernels();
      k->set_region_key(kb->region_key.empty() ? std::string("::") + kb->desc->function_name : kb->region_key);
      k->set_native_calls(kb->native_calls);
      k->set_guard_failures(kb->guard_failures);
      k->set_deopts(kb->deopts);
      k->set_throws(kb->throws);
    }
    if (!changed) continue;
    o.set_deployment_id(m->deployment_id);
    o.set_installed(true);
    transport_push_outcome(o);
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
