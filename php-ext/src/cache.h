// cache.h — the private cache directory: ownership/permission checks, atomic file writes and a
// bounded-wait advisory lock. Everything under it is trusted code, so nobody else may touch it.
#ifndef POLYVIRT_CACHE_H
#define POLYVIRT_CACHE_H

#include <string>

namespace pv {

// Checks (with create: makes, 0700) a directory only we can use: not a symlink, a directory,
// owned by our euid, no group/other bits. Without create, a missing dir sets *absent (if given)
// and returns false with an empty *err.
bool private_dir_ensure(const std::string &dir, bool create, std::string *err, bool *absent = nullptr);

// A regular file (not a symlink) owned by us with no group/other write bit. A missing file sets
// *absent (if given) and returns false with an empty *err.
bool private_file_check(const std::string &path, std::string *err, bool *absent = nullptr);

// Reads a file that passes private_file_check, through an O_NOFOLLOW descriptor, at most max bytes.
bool private_file_read(const std::string &path, size_t max, std::string *out, std::string *err,
                       bool *absent = nullptr);

// Writes dir/name atomically: a temp name in dir (O_EXCL|O_NOFOLLOW, 0600), then rename.
bool private_file_write(const std::string &dir, const std::string &name, const std::string &bytes,
                        std::string *path, std::string *err);

// Exclusive flock on a lock file in a private dir, waiting at most ~200 ms (a stuck holder
// must never hang PHP). ok() tells whether it is held; released by the destructor.
class PrivateLock {
 public:
  explicit PrivateLock(const std::string &path);
  ~PrivateLock();
  PrivateLock(const PrivateLock &) = delete;
  PrivateLock &operator=(const PrivateLock &) = delete;
  bool ok() const { return fd_ >= 0; }
  const std::string &error() const { return err_; }

 private:
  int fd_ = -1;
  std::string err_;
};

} // namespace pv

#endif
