// diag.h — failure bookkeeping: counted errors, the last 16 messages, an optional event log.
// Failures never become PHP warnings (PHP's output must not change); they surface here.
#ifndef POLYVIRT_DIAG_H
#define POLYVIRT_DIAG_H

#include <cstdint>
#include <string>
#include <vector>

namespace pv {

// Thread-safe: the gRPC threads record errors too.
void diag_error(const std::string &message);
void diag_event(const std::string &line);
std::vector<std::string> diag_recent_errors();
uint64_t diag_error_count();
void diag_set_log_path(const char *path);

} // namespace pv

#endif
