// host.cc — pv_host callbacks for kernels running inside PHP.
#include "host.h"

extern "C" {
#include "php.h"
#include "php_output.h"
#include "zend_exceptions.h"
}

namespace pv {

namespace {

void host_throw_error(void *ctx, uint32_t error_class, const char *message, size_t length,
                      uint32_t line) {
  (void)ctx;
  zend_class_entry *ce;
  switch (error_class) {
  case PV_ERR_TYPE_ERROR: ce = zend_ce_type_error; break;
  case PV_ERR_ARITHMETIC_ERROR: ce = zend_ce_arithmetic_error; break;
  case PV_ERR_DIVISION_BY_ZERO_ERROR: ce = zend_ce_division_by_zero_error; break;
  default: ce = zend_ce_error; break;
  }
  // The message may hold NUL bytes, so it goes in as a zend_string, not a C string.
  zend_object *obj = zend_throw_exception(ce, "", 0);
  if (!obj) return;
  zend_string *msg = zend_string_init(message, length, 0);
  zend_update_property_str(zend_ce_error, obj, "message", sizeof("message") - 1, msg);
  zend_string_release(msg);
  if (line != 0) zend_update_property_long(zend_ce_error, obj, "line", sizeof("line") - 1, (zend_long)line);
}

void host_output(void *ctx, const char *bytes, size_t length) {
  static_cast<HostCall *>(ctx)->journal.append(bytes, length);
}

} // namespace

void host_init(HostCall *call) {
  call->table.abi_version = PV_ABI_VERSION;
  call->table.size = sizeof(pv_host);
  call->table.ctx = call;
  call->table.stack_limit = nullptr;
  call->table.throw_error = host_throw_error;
  call->table.output = host_output;
}

void host_commit(HostCall *call) {
  if (!call->journal.empty()) php_output_write(call->journal.data(), call->journal.size());
}

} // namespace pv
