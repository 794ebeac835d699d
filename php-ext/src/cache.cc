// cache.cc — private cache directory primitives shared by artifact installs and app manifests.
#include "cache.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

namespace pv {

bool private_dir_ensure(const std::string &dir, bool create, std::string *err, bool *absent) {
  err->clear();
  if (absent) *absent = false;
  struct stat st;
  if (lstat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) return *err = "cache dir " + dir + ": " + std::strerror(errno), false;
    if (!create) {
      if (absent) *absent = true;
      return false;
    }
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

namespace {
bool check_stat(const std::string &path, const struct stat &st, std::string *err) {
  if (S_ISLNK(st.st_mode)) return *err = path + " is a symlink: refused", false;
  if (!S_ISREG(st.st_mode)) return *err = path + " is not a regular file: refused", false;
  if (st.st_uid != geteuid()) return *err = path + " is not owned by us: refused", false;
  if (st.st_mode & 022) return *err = path + " is group/other writable: refused", false;
  return true;
}
} // namespace

bool private_file_check(const std::string &path, std::string *err, bool *absent) {
  err->clear();
  if (absent) *absent = false;
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      if (absent) *absent = true;
      return *err = "missing " + path, false;
    }
    return *err = path + ": " + std::strerror(errno), false;
  }
  return check_stat(path, st, err);
}

bool private_file_read(const std::string &path, size_t max, std::string *out, std::string *err, bool *absent) {
  err->clear();
  out->clear();
  if (absent) *absent = false;
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) {
      if (absent) *absent = true;
      return false;
    }
    if (errno == ELOOP) return *err = path + " is a symlink: refused", false;
    return *err = "cannot open " + path + ": " + std::strerror(errno), false;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !check_stat(path, st, err)) {
    if (err->empty()) *err = path + ": " + std::strerror(errno);
    close(fd);
    return false;
  }
  if ((size_t)st.st_size > max) {
    close(fd);
    return *err = path + " is larger than " + std::to_string(max) + " bytes: refused", false;
  }
  char buf[8192];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = "cannot read " + path + ": " + std::strerror(errno);
      close(fd);
      return false;
    }
    if (n == 0) break;
    out->append(buf, (size_t)n);
    if (out->size() > max) {
      close(fd);
      return *err = path + " is larger than " + std::to_string(max) + " bytes: refused", false;
    }
  }
  close(fd);
  return true;
}

bool private_file_write(const std::string &dir, const std::string &name, const std::string &bytes,
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
      *err = "cannot write " + tmp + ": " + std::strerror(errno);
      close(fd);
      unlink(tmp.c_str());
      return false;
    }
    off += (size_t)n;
  }
  close(fd);
  *path = dir + "/" + name;
  if (rename(tmp.c_str(), path->c_str()) != 0) {
    *err = "cannot rename into " + *path + ": " + std::strerror(errno);
    unlink(tmp.c_str());
    return false;
  }
  return true;
}

PrivateLock::PrivateLock(const std::string &path) {
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    err_ = "cannot open lock " + path + ": " + std::strerror(errno);
    return;
  }
  for (int i = 0; i < 200; ++i) {
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
      fd_ = fd;
      return;
    }
    if (errno != EWOULDBLOCK && errno != EINTR) break;
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, nullptr);
  }
  err_ = "lock " + path + " is busy or failed: " + std::strerror(errno);
  close(fd);
}

PrivateLock::~PrivateLock() {
  if (fd_ >= 0) close(fd_); // closing the only descriptor releases the flock
}

} // namespace pv
