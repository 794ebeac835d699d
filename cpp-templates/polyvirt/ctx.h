// polyvirt runtime: pv::Ctx, the state of one kernel invocation — its host and the output journal committed on success.
// Included by runtime.h only.
#ifndef POLYVIRT_CTX_H
#define POLYVIRT_CTX_H

#ifndef POLYVIRT_RUNTIME_H
#error "include polyvirt/runtime.h, not polyvirt/ctx.h"
#endif

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace pv {

// Kernels malloc their array and string buffers, and a fresh PHP process has glibc's default
// 128 KB mmap threshold: every large buffer was a new mmap, faulted in page by page and unmapped
// on free (freed heap tops were trimmed too), so a loop that rebuilds a 500k-element array each
// round paid ~90k page faults — in-PHP ary ran at 300 ms against 130 ms in the verifier's node
// process. Raising both thresholds once per process (the mmap one to glibc's 32 MB maximum) keeps
// those blocks in the heap for reuse. PHP's own memory (Zend MM) mmaps directly and is unaffected.
inline void tune_malloc_once() {
#if defined(__GLIBC__)
  static const bool done = [] {
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
    return true;
  }();
  (void)done;
#endif
}

// Output is journaled, not sent: a DEOPT after an echo must leave nothing observable, so the
// bytes reach host->output only once the whole native call succeeded (commit_output).
struct Ctx {
  const pv_host *host;
  Str out;
  explicit Ctx(const pv_host *h) : host(h) { tune_malloc_once(); }
  ~Ctx() { release_box_blocks(); }
  Ctx(const Ctx &) = delete;
  Ctx &operator=(const Ctx &) = delete;
};

inline void echo(Ctx &cx, const Str &s) { cx.out += s; }
inline void echo(Ctx &cx, const char *s) { cx.out += s; }
inline void echo(Ctx &cx, int64_t v) { cx.out += str_of(v); }
inline void echo(Ctx &cx, double v) { cx.out += str_of(v); }
inline void echo(Ctx &cx, bool v) {
  if (v) cx.out += '1';
}
inline void echo(Ctx &cx, num v) { cx.out += str_of(v); }

// At the end of a successful entry: hands the journal to the host in one call.
inline void commit_output(Ctx &cx) {
  if (!cx.out.empty()) cx.host->output(cx.host->ctx, cx.out.data(), cx.out.size());
  cx.out.clear();
}

} // namespace pv

#endif
