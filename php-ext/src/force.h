// force.h — force mode (polyvirt.force, off by default; for tests and harnesses): every eligible
// user function is specialized on its first call, synchronously, so one PHP run exercises the
// native path. The PHP thread sends a Specialize request and blocks (bounded by
// polyvirt.force_timeout_ms) for the answer, then installs the kernel before the call runs.
#ifndef POLYVIRT_FORCE_H
#define POLYVIRT_FORCE_H

#include <cstdint>

extern "C" {
#include "php.h"
}

namespace pv {

struct FnState;

// PHP thread, true while force mode applies to the current request.
extern bool g_force;

// MINIT: polyvirt.force and polyvirt.force_timeout_ms.
void force_minit(bool enabled, int64_t timeout_ms);
// RINIT, after the transport started: waits (bounded) until the stream is up and synced; sets g_force.
void force_request_start();
void force_request_end();
bool force_enabled();

// Hook entry, before dispatch: asks the service about this function if that is due. May
// install kernels (applies pending installs), so the caller re-checks the binding afterwards.
void force_call(FnState *st, zend_execute_data *ex);

// polyvirt_status()['forced']: region key => "deployed <id>" / "declined: <reason>" / "timeout" / "unavailable".
void force_status(zval *out);

} // namespace pv

#endif
