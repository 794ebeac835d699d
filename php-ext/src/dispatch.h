// dispatch.h — the zend_execute_ex hook: kernel guard and call, frame teardown, depth limit,
// and the one place that decides whether zend_execute_ex points at the hook or the original.
#ifndef POLYVIRT_DISPATCH_H
#define POLYVIRT_DISPATCH_H

#include <cstdint>

namespace pv {

void dispatch_minit();
void dispatch_mshutdown();
// First RINIT of the process: make our compile wrapper the outermost one (OPcache wraps
// zend_compile_file after MINIT and its optimizer picks call opcodes too).
void dispatch_first_request();
void dispatch_request_start();
void dispatch_request_end();
// Any thread: ask the PHP thread to come to a safe point (pending installs, new stream).
void dispatch_wake();
// PHP thread, safe point: apply pending work, then recompute the pointer.
void dispatch_apply_pending();
// PHP thread: compute and apply the desired zend_execute_ex.
void dispatch_update_pointer();
bool dispatch_hooked();

} // namespace pv

#endif
