// module.h — the polyvirt module entry, its INI settings and process-wide switches.
#ifndef POLYVIRT_MODULE_H
#define POLYVIRT_MODULE_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

extern "C" {
#include "php.h"
}

#define PHP_POLYVIRT_VERSION "0.1.0"

ZEND_BEGIN_MODULE_GLOBALS(polyvirt)
  zend_bool enable;
  char *service;
  char *app;
  char *token;
  zend_long max_hook_depth;
  zend_long native_stack_kb;
  zend_long profile_window_ms;
  zend_long hot_calls;
  zend_long hot_time_us;
  zend_long flush_interval_ms;
  zend_long queue_size;
  char *cache_dir;
  zend_bool local_cache;
  zend_long startup_sync_ms;
  char *preload;
  zend_long shutdown_flush_ms;
  char *log;
  char *transport_path;
  zend_bool force;
  zend_long force_timeout_ms;
ZEND_END_MODULE_GLOBALS(polyvirt)

ZEND_EXTERN_MODULE_GLOBALS(polyvirt)
#define PV_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(polyvirt, v)

extern zend_module_entry polyvirt_module_entry;

#endif
