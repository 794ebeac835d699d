dnl config.m4 — phpize build of polyvirt.so: C++17, grpc++ and protobuf found through pkg-config.
PHP_ARG_ENABLE([polyvirt],
  [whether to enable polyvirt],
  [AS_HELP_STRING([--enable-polyvirt], [Enable the polyvirt JIT specializer])],
  [no])

if test "$PHP_POLYVIRT" != "no"; then
  PHP_REQUIRE_CXX()

  AC_PATH_PROG(PKG_CONFIG, pkg-config, no)
  if test "$PKG_CONFIG" = "no"; then
    AC_MSG_ERROR([pkg-config not found: install pkg-config])
  fi
  if ! $PKG_CONFIG --exists grpc++ protobuf; then
    AC_MSG_ERROR([grpc++ / protobuf not found by pkg-config: install libgrpc++-dev libprotobuf-dev])
  fi

  POLYVIRT_CFLAGS=`$PKG_CONFIG --cflags grpc++ protobuf`
  POLYVIRT_LIBS=`$PKG_CONFIG --libs grpc++ protobuf`
  PHP_EVAL_INCLINE($POLYVIRT_CFLAGS)
  PHP_EVAL_LIBLINE($POLYVIRT_LIBS, POLYVIRT_SHARED_LIBADD)
  PHP_ADD_LIBRARY(stdc++, 1, POLYVIRT_SHARED_LIBADD)
  PHP_ADD_LIBRARY(dl, 1, POLYVIRT_SHARED_LIBADD)
  PHP_SUBST(POLYVIRT_SHARED_LIBADD)

  POLYVIRT_SOURCES="src/module.cc src/diag.cc src/source.cc src/registry.cc src/profile.cc \
    src/transport.cc src/cache.cc src/manifest.cc src/install.cc src/dispatch.cc src/host.cc \
    gen/polyvirt_pb.cc gen/polyvirt_grpc.cc"
  PHP_NEW_EXTENSION(polyvirt, $POLYVIRT_SOURCES, $ext_shared,, [-std=c++17 -Wall -Wno-unused-parameter], cxx)
  PHP_ADD_BUILD_DIR([$ext_builddir/src])
  PHP_ADD_BUILD_DIR([$ext_builddir/gen])
  dnl The kernel ABI header lives in cpp-templates/ at the repository root; the build script
  dnl passes its location (POLYVIRT_ABI_DIR) so this file works in an out-of-tree build dir.
  if test -z "$POLYVIRT_ABI_DIR"; then
    POLYVIRT_ABI_DIR="$ext_srcdir/../cpp-templates"
  fi
  PHP_ADD_INCLUDE($POLYVIRT_ABI_DIR)
  PHP_ADD_INCLUDE([$ext_srcdir/gen])
  PHP_ADD_INCLUDE([$ext_srcdir/src])
fi
