// module.cc — module entry: lifecycle hooks, INI settings, polyvirt_status() and phpinfo().
#include "module.h"

#include <climits>
#include <cstdlib>
#include <string>
#include <unistd.h>

#include "diag.h"
#include "dispatch.h"
#include "force.h"
#include "install.h"
#include "polyvirt/abi.h"
#include "profile.h"
#include "registry.h"
#include "source.h"
#include "transport.h"
#include "transport_plugin.h"

extern "C" {
#include "ext/standard/info.h"
#include "SAPI.h"
}

ZEND_DECLARE_MODULE_GLOBALS(polyvirt)

namespace {
bool g_enabled = false;         // decided once in MINIT: the hook can only be installed there
bool g_first_request_done = false;
size_t g_local_artifacts = 0;  // artifacts the local cache installed at the first request
} // namespace

PHP_INI_BEGIN()
STD_PHP_INI_BOOLEAN("polyvirt.enable", "1", PHP_INI_SYSTEM, OnUpdateBool, enable, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.service", "unix:/tmp/polyvirt.sock", PHP_INI_SYSTEM, OnUpdateString, service, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.app", "", PHP_INI_SYSTEM, OnUpdateString, app, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.token", "", PHP_INI_SYSTEM, OnUpdateString, token, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.max_hook_depth", "10000", PHP_INI_SYSTEM, OnUpdateLong, max_hook_depth, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.native_stack_kb", "2048", PHP_INI_SYSTEM, OnUpdateLong, native_stack_kb, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.profile_window_ms", "3000", PHP_INI_SYSTEM, OnUpdateLong, profile_window_ms, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.hot_calls", "1000", PHP_INI_SYSTEM, OnUpdateLong, hot_calls, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.hot_time_us", "5000", PHP_INI_SYSTEM, OnUpdateLong, hot_time_us, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.flush_interval_ms", "100", PHP_INI_SYSTEM, OnUpdateLong, flush_interval_ms, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.queue_size", "64", PHP_INI_SYSTEM, OnUpdateLong, queue_size, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.cache_dir", "", PHP_INI_SYSTEM, OnUpdateString, cache_dir, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.startup_sync_ms", "0", PHP_INI_SYSTEM, OnUpdateLong, startup_sync_ms, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_BOOLEAN("polyvirt.local_cache", "1", PHP_INI_SYSTEM, OnUpdateBool, local_cache, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.preload", "", PHP_INI_SYSTEM, OnUpdateString, preload, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.shutdown_flush_ms", "200", PHP_INI_SYSTEM, OnUpdateLong, shutdown_flush_ms, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.log", "", PHP_INI_SYSTEM, OnUpdateString, log, zend_polyvirt_globals, polyvirt_globals)
// Force mode, for tests and harnesses only: each eligible function is specialized on its first
// call while PHP blocks (each wait bounded by force_timeout_ms; the first request also waits
// that long for the stream). Output never changes; with no service every call stays in PHP.
STD_PHP_INI_BOOLEAN("polyvirt.force", "0", PHP_INI_SYSTEM, OnUpdateBool, force, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.force_timeout_ms", "30000", PHP_INI_SYSTEM, OnUpdateLong, force_timeout_ms, zend_polyvirt_globals, polyvirt_globals)
STD_PHP_INI_ENTRY("polyvirt.transport_path", "", PHP_INI_SYSTEM, OnUpdateString, transport_path, zend_polyvirt_globals, polyvirt_globals)
PHP_INI_END()

static void php_polyvirt_init_globals(zend_polyvirt_globals *g) { memset(g, 0, sizeof(*g)); }

static std::string cache_dir_setting() {
  const char *d = PV_G(cache_dir);
  if (d && *d) return d;
  return "/tmp/polyvirt-cache-" + std::to_string((unsigned)geteuid());
}

static std::string app_name() {
  const char *a = PV_G(app);
  if (a && *a) return a;
  const char *script = SG(request_info).path_translated;
  if (!script) return "";
  char buf[PATH_MAX];
  return realpath(script, buf) ? std::string(buf) : std::string(script);
}

PHP_MINIT_FUNCTION(polyvirt) {
  ZEND_INIT_MODULE_GLOBALS(polyvirt, php_polyvirt_init_globals, NULL);
  REGISTER_INI_ENTRIES();
  g_enabled = PV_G(enable);
  if (!g_enabled) return SUCCESS;
  pv::diag_set_log_path(PV_G(log));
  pv::registry_minit();
  pv::dispatch_minit();
  pv::force_minit(PV_G(force), PV_G(force_timeout_ms));
  return SUCCESS;
}

PHP_MSHUTDOWN_FUNCTION(polyvirt) {
  if (g_enabled) {
    pv::transport_shutdown();
    pv::dispatch_mshutdown();
    pv::install_shutdown();
    pv::registry_mshutdown();
  }
  UNREGISTER_INI_ENTRIES();
  return SUCCESS;
}

PHP_RINIT_FUNCTION(polyvirt) {
#if defined(ZTS) && defined(COMPILE_DL_POLYVIRT)
  ZEND_TSRMLS_CACHE_UPDATE();
#endif
  if (!g_enabled) return SUCCESS;
  pv::registry_request_start();
  if (!g_first_request_done) {
    g_first_request_done = true;
    pv::dispatch_first_request();
    // The manifest is keyed by the same app identity the transport sends in Hello, and read
    // before the transport starts: the script's first call may already be the hot one.
    pv::install_configure(cache_dir_setting(), app_name(), PV_G(local_cache));
    pv::install_preload(PV_G(preload));
    g_local_artifacts = pv::install_load_local_cache();
  }
  pv::TransportConfig cfg;
  cfg.target = PV_G(service) ? PV_G(service) : "";
  cfg.app = app_name();
  cfg.token = PV_G(token) ? PV_G(token) : "";
  cfg.sapi = sapi_module.name ? sapi_module.name : "";
  // Only a path here: the plugin itself is loaded by the transport thread, if ever.
  if (!cfg.target.empty())
    cfg.plugin_path = PV_G(transport_path) && *PV_G(transport_path) ? std::string(PV_G(transport_path))
                                                                     : pv::transport_plugin_default_path();
  cfg.queue_size = PV_G(queue_size) > 0 ? (size_t)PV_G(queue_size) : 1;
  cfg.shutdown_flush_ms = PV_G(shutdown_flush_ms) > 0 ? (uint64_t)PV_G(shutdown_flush_ms) : 0;
  cfg.tick_ms = PV_G(flush_interval_ms) > 0 ? (uint64_t)PV_G(flush_interval_ms) : 100;
  pv::transport_request_start(cfg);
  // Opt-in, bounded: a CLI batch job whose hot function is its first call can wait this long
  // for the kernels the service already has (off by default: PHP never waits for polyvirt).
  // Not when the local cache already supplied this app's kernels: newer ones still arrive
  // over the stream, and a process that has learned something should not wait to start.
  if (PV_G(startup_sync_ms) > 0 && g_local_artifacts == 0) pv::transport_wait_synced((uint64_t)PV_G(startup_sync_ms));
  pv::force_request_start();
  pv::dispatch_request_start();
  return SUCCESS;
}

PHP_RSHUTDOWN_FUNCTION(polyvirt) {
  if (!g_enabled) return SUCCESS;
  pv::profile_request_end();
  pv::force_request_end();
  pv::dispatch_request_end();
  pv::source_reset();
  return SUCCESS;
}

PHP_MINFO_FUNCTION(polyvirt) {
  php_info_print_table_start();
  php_info_print_table_header(2, "polyvirt support", g_enabled ? "enabled" : "disabled");
  php_info_print_table_row(2, "Version", PHP_POLYVIRT_VERSION);
  php_info_print_table_row(2, "Kernel ABI", std::to_string(PV_ABI_VERSION).c_str());
  php_info_print_table_row(2, "Transport plugin loaded", pv::transport_loaded() ? "yes" : "no");
  php_info_print_table_row(2, "Connected", pv::transport_connected() ? "yes" : "no");
  php_info_print_table_row(2, "Hooked", pv::dispatch_hooked() ? "yes" : "no");
  php_info_print_table_row(2, "Profiling", pv::g_profiling ? "yes" : "no");
  php_info_print_table_row(2, "Force mode", pv::force_enabled() ? "on" : "off");
  php_info_print_table_row(2, "Installed kernels", std::to_string(pv::install_active_count()).c_str());
  php_info_print_table_row(2, "Dropped batches", std::to_string(pv::transport_dropped_batches()).c_str());
  php_info_print_table_row(2, "Errors", std::to_string(pv::diag_error_count()).c_str());
  php_info_print_table_end();
  DISPLAY_INI_ENTRIES();
}

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_polyvirt_status, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

PHP_FUNCTION(polyvirt_status) {
  ZEND_PARSE_PARAMETERS_NONE();
  array_init(return_value);
  add_assoc_bool(return_value, "enabled", g_enabled);
  add_assoc_bool(return_value, "connected", pv::transport_connected());
  add_assoc_bool(return_value, "transport_loaded", pv::transport_loaded());
  add_assoc_bool(return_value, "hooked", g_enabled && pv::dispatch_hooked());
  add_assoc_bool(return_value, "profiling", pv::g_profiling);
  zval kernels;
  pv::install_status(&kernels);
  add_assoc_zval(return_value, "kernels", &kernels);
  add_assoc_long(return_value, "dropped_batches", (zend_long)pv::transport_dropped_batches());
  zval errors;
  array_init(&errors);
  for (const std::string &e : pv::diag_recent_errors()) add_next_index_stringl(&errors, e.data(), e.size());
  add_assoc_zval(return_value, "errors", &errors);
  if (pv::force_enabled()) {
    zval forced;
    pv::force_status(&forced);
    add_assoc_zval(return_value, "forced", &forced);
  }
}

static const zend_function_entry polyvirt_functions[] = {
  PHP_FE(polyvirt_status, arginfo_polyvirt_status)
  PHP_FE_END
};

zend_module_entry polyvirt_module_entry = {
  STANDARD_MODULE_HEADER,
  "polyvirt",
  polyvirt_functions,
  PHP_MINIT(polyvirt),
  PHP_MSHUTDOWN(polyvirt),
  PHP_RINIT(polyvirt),
  PHP_RSHUTDOWN(polyvirt),
  PHP_MINFO(polyvirt),
  PHP_POLYVIRT_VERSION,
  STANDARD_MODULE_PROPERTIES
};

#ifdef COMPILE_DL_POLYVIRT
extern "C" {
ZEND_GET_MODULE(polyvirt)
}
#endif
