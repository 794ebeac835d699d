// manifest.cc — per-app manifest of installed deployments: parse, bounded dedup'd rewrite, atomic.
#include "manifest.h"

#include <algorithm>
#include <functional>
#include <sstream>

#include "cache.h"
#include "source.h"

namespace pv {

namespace {

// Set once at the first RINIT, before any thread that reads them is started.
bool g_enabled = false;
std::string g_cache_dir, g_apps_dir, g_name, g_path;

constexpr size_t kMaxBytes = 1 << 20;

bool is_hex64(const std::string &s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void parse(const std::string &text, std::vector<ManifestEntry> *out, std::vector<std::string> *malformed) {
  std::istringstream in(text);
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    size_t sp = line.find(' ');
    ManifestEntry e;
    if (sp != std::string::npos) {
      e.deployment_id = line.substr(0, sp);
      e.sha256 = line.substr(sp + 1);
    }
    if (sp == std::string::npos || !manifest_valid_id(e.deployment_id) || !is_hex64(e.sha256)) {
      if (malformed) malformed->push_back("line " + std::to_string(n) + " is malformed");
      continue;
    }
    out->push_back(e);
  }
}

std::string serialize(const std::vector<ManifestEntry> &entries) {
  std::string s = "# polyvirt manifest v1: <deployment_id> <artifact_sha256>, oldest first\n";
  for (const auto &e : entries) s += e.deployment_id + " " + e.sha256 + "\n";
  return s;
}

// The one read-modify-write path. create: make the dirs if missing (recording needs them,
// forgetting does not).
bool update(bool create, const std::function<void(std::vector<ManifestEntry> &)> &change, std::string *err) {
  if (!g_enabled) return true;
  bool absent = false;
  if (!private_dir_ensure(g_cache_dir, create, err, &absent)) return absent;
  if (!private_dir_ensure(g_apps_dir, create, err, &absent)) return absent;
  PrivateLock lock(g_apps_dir + "/" + g_name + ".lock");
  if (!lock.ok()) return *err = "manifest " + g_path + ": " + lock.error(), false;
  std::string text;
  if (!private_file_read(g_path, kMaxBytes, &text, err, &absent) && !absent) return false;
  std::vector<ManifestEntry> before, after;
  std::vector<std::string> malformed;
  parse(text, &before, &malformed);
  after = before;
  change(after);
  if (after.size() > kManifestMaxEntries) after.erase(after.begin(), after.end() - kManifestMaxEntries);
  if (after == before && malformed.empty()) return true;
  std::string written;
  if (!private_file_write(g_apps_dir, g_name + ".manifest", serialize(after), &written, err)) {
    *err = "manifest " + g_path + ": " + *err;
    return false;
  }
  return true;
}

} // namespace

void manifest_configure(const std::string &cache_dir, const std::string &app, bool enabled) {
  g_enabled = enabled && !app.empty() && !cache_dir.empty();
  g_cache_dir = cache_dir;
  g_apps_dir = cache_dir + "/apps";
  g_name = sha256_hex(app.data(), app.size());
  g_path = g_apps_dir + "/" + g_name + ".manifest";
}

bool manifest_enabled() { return g_enabled; }

const std::string &manifest_path() { return g_path; }

bool manifest_valid_id(const std::string &id) {
  if (id.empty() || id.size() > 200) return false;
  for (unsigned char c : id)
    if (c <= 0x20 || c >= 0x7f) return false;
  return true;
}

bool manifest_read(std::vector<ManifestEntry> *out, std::vector<std::string> *malformed, std::string *err) {
  out->clear();
  err->clear();
  if (!g_enabled) return true;
  bool absent = false;
  if (!private_dir_ensure(g_cache_dir, false, err, &absent)) return absent;
  if (!private_dir_ensure(g_apps_dir, false, err, &absent)) return absent;
  std::string text;
  if (!private_file_read(g_path, kMaxBytes, &text, err, &absent)) return absent;
  parse(text, out, malformed);
  return true;
}

bool manifest_record(const std::string &deployment_id, const std::string &sha256, std::string *err) {
  if (!manifest_valid_id(deployment_id) || !is_hex64(sha256))
    return *err = "deployment id " + deployment_id.substr(0, 64) + " cannot be recorded in the manifest", false;
  return update(true, [&](std::vector<ManifestEntry> &v) {
    auto same_id = [&](const ManifestEntry &e) { return e.deployment_id == deployment_id; };
    // Already recorded as it is: keep the file untouched (every Hello re-sends active deployments).
    auto it = std::find_if(v.begin(), v.end(), same_id);
    if (it != v.end() && it->sha256 == sha256) return;
    v.erase(std::remove_if(v.begin(), v.end(), same_id), v.end());
    v.push_back({deployment_id, sha256});
  }, err);
}

bool manifest_forget_id(const std::string &deployment_id, std::string *err) {
  return update(false, [&](std::vector<ManifestEntry> &v) {
    v.erase(std::remove_if(v.begin(), v.end(), [&](const ManifestEntry &e) { return e.deployment_id == deployment_id; }),
            v.end());
  }, err);
}

bool manifest_forget(const std::vector<ManifestEntry> &entries, std::string *err) {
  return update(false, [&](std::vector<ManifestEntry> &v) {
    v.erase(std::remove_if(v.begin(), v.end(), [&](const ManifestEntry &e) {
              return std::find(entries.begin(), entries.end(), e) != entries.end();
            }),
            v.end());
  }, err);
}

} // namespace pv
