// source.cc — reads region source lines from disk (cached per request) and hashes them.
#include "source.h"

#include <fstream>
#include <sstream>
#include <unordered_map>

extern "C" {
#include "php.h"
#include "ext/hash/php_hash.h"
#include "ext/hash/php_hash_sha.h"
}

namespace pv {

namespace {
struct CachedFile {
  bool ok = false;
  std::string bytes;
};
std::unordered_map<std::string, CachedFile> g_files;
} // namespace

std::string sha256_hex(const void *data, size_t length) {
  PHP_SHA256_CTX ctx;
  unsigned char digest[32];
  PHP_SHA256Init(&ctx);
  PHP_SHA256Update(&ctx, static_cast<const unsigned char *>(data), length);
  PHP_SHA256Final(digest, &ctx);
  static const char hex[] = "0123456789abcdef";
  std::string out(64, '0');
  for (int i = 0; i < 32; ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  return out;
}

bool source_lines(const char *file, uint32_t line_start, uint32_t line_end, std::string *out) {
  if (!file || line_start == 0 || line_end < line_start) return false;
  auto it = g_files.find(file);
  if (it == g_files.end()) {
    CachedFile cf;
    std::ifstream in(file, std::ios::binary);
    if (in) {
      std::ostringstream ss;
      ss << in.rdbuf();
      cf.bytes = ss.str();
      cf.ok = true;
    }
    it = g_files.emplace(file, std::move(cf)).first;
  }
  if (!it->second.ok) return false;
  const std::string &b = it->second.bytes;
  size_t pos = 0;
  for (uint32_t line = 1; line < line_start; ++line) {
    pos = b.find('\n', pos);
    if (pos == std::string::npos) return false;
    ++pos;
  }
  size_t end = pos;
  for (uint32_t line = line_start; line <= line_end; ++line) {
    if (end >= b.size()) return false;
    size_t nl = b.find('\n', end);
    end = nl == std::string::npos ? b.size() : nl + 1;
  }
  out->assign(b, pos, end - pos);
  return true;
}

void source_reset() { g_files.clear(); }

} // namespace pv
