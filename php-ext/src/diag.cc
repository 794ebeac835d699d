// diag.cc — failure bookkeeping shared by the PHP thread and the gRPC threads.
#include "diag.h"

#include <cstdio>
#include <ctime>
#include <deque>
#include <mutex>
#include <unistd.h>

namespace pv {

namespace {
std::mutex g_mu;
std::deque<std::string> g_recent;
uint64_t g_count = 0;
std::string g_log_path;
constexpr size_t kKeep = 16;

void write_log(const char *kind, const std::string &line) {
  if (g_log_path.empty()) return;
  FILE *f = std::fopen(g_log_path.c_str(), "a");
  if (!f) return;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  std::fprintf(f, "%lld.%03ld pid=%d %s %s\n", (long long)ts.tv_sec, ts.tv_nsec / 1000000,
               (int)getpid(), kind, line.c_str());
  std::fclose(f);
}
} // namespace

void diag_error(const std::string &message) {
  std::lock_guard<std::mutex> lock(g_mu);
  ++g_count;
  g_recent.push_back(message);
  while (g_recent.size() > kKeep) g_recent.pop_front();
  write_log("error", message);
}

void diag_event(const std::string &line) {
  std::lock_guard<std::mutex> lock(g_mu);
  write_log("event", line);
}

std::vector<std::string> diag_recent_errors() {
  std::lock_guard<std::mutex> lock(g_mu);
  return std::vector<std::string>(g_recent.begin(), g_recent.end());
}

uint64_t diag_error_count() {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_count;
}

void diag_set_log_path(const char *path) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_log_path = path ? path : "";
}

} // namespace pv
