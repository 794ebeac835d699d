dnl config.m4 — phpize build of polyvirt.so (C++17). The gRPC transport is a separate plugin.
PHP_ARG_ENABLE([polyvirt],
  [whether to enable polyvirt],
  [AS_HELP_STRING([--enable-polyvirt], [Enable the polyvirt JIT specializer])],
  [no])

if test "$PHP_POLYVIRT" != "no"; then
  PHP_REQUIRE_CXX()

  dnl gRPC and protobuf are not linked here: they live in polyvirt_transport.so (built by
  dnl scripts/build-ext.sh), which the transport thread dlopen()s only when a service is set.
  PHP_ADD_LIBRARY(stdc++, 1, POLYVIRT_SHARED_LIBADD)
  PHP_ADD_LIBRARY(dl, 1, POLYVIRT_SHARED_LIBADD)
  PHP_ADD_LIBRARY(pthread, 1, POLYVIRT_SHARED_LIBADD)
  PHP_SUBST(POLYVIRT_SHARED_LIBADD)

  POLYVIRT_SOURCES="src/module.cc src/diag.cc src/source.cc src/registry.cc src/profile.cc \
    src/transport.cc src/transport_plugin.cc src/cache.cc src/manifest.cc src/install.cc \
    src/dispatch.cc src/host.cc src/force.cc src/region-facts.cc"
  PHP_NEW_EXTENSION(polyvirt, $POLYVIRT_SOURCES, $ext_shared,, [-std=c++17 -Wall -Wno-unused-parameter], cxx)
  PHP_ADD_BUILD_DIR([$ext_builddir/src])
  dnl The kernel ABI header lives in cpp-templates/ at the repository root; the build script
  dnl passes its location (POLYVIRT_ABI_DIR) so this file works in an out-of-tree build dir.
  if test -z "$POLYVIRT_ABI_DIR"; then
    POLYVIRT_ABI_DIR="$ext_srcdir/../cpp-templates"
  fi
  PHP_ADD_INCLUDE($POLYVIRT_ABI_DIR)
  PHP_ADD_INCLUDE([$ext_srcdir/src])
fi
