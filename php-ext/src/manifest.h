// manifest.h — the per-app list of installed deployments kept in the private cache dir
// (<cache_dir>/apps/<sha256 of app>.manifest, lines "<deployment_id> <artifact_sha256>"), so
// the next process can install them at its first RINIT without waiting for the service.
#ifndef POLYVIRT_MANIFEST_H
#define POLYVIRT_MANIFEST_H

#include <string>
#include <vector>

namespace pv {

struct ManifestEntry {
  std::string deployment_id;
  std::string sha256;
  bool operator==(const ManifestEntry &o) const { return deployment_id == o.deployment_id && sha256 == o.sha256; }
};

constexpr size_t kManifestMaxEntries = 256; // the oldest entries go first

// PHP thread, first RINIT, before the transport thread exists. Disabled when !enabled or app
// is empty (no stable identity to key the manifest on).
void manifest_configure(const std::string &cache_dir, const std::string &app, bool enabled);
bool manifest_enabled();
const std::string &manifest_path();

// A deployment id that fits on a manifest line: 1..200 printable non-space ASCII bytes.
bool manifest_valid_id(const std::string &id);

// Entries in file order; malformed lines are described in *malformed (and dropped by the next
// write). A missing manifest (or cache dir) is an empty list; an unsafe one is an error.
bool manifest_read(std::vector<ManifestEntry> *out, std::vector<std::string> *malformed, std::string *err);

// Read-modify-write under the manifest's lock, written atomically; no write when nothing changes.
// record: add (id, sha) as the newest entry, replacing an entry with the same id.
bool manifest_record(const std::string &deployment_id, const std::string &sha256, std::string *err);
// forget_id: drop every entry with this deployment id (a Revert).
bool manifest_forget_id(const std::string &deployment_id, std::string *err);
// forget: drop exactly these entries (found broken), plus any malformed line.
bool manifest_forget(const std::vector<ManifestEntry> &entries, std::string *err);

} // namespace pv

#endif
