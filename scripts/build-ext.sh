#!/usr/bin/env bash
# build-ext.sh — build php-ext/modules/polyvirt.so, its gRPC transport plugin
# php-ext/modules/polyvirt_transport.so (installed beside it; the module finds it there) and the
# hand-written test kernels; skips work when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
EXT=$ROOT/php-ext
OUT=$EXT/build-out            # phpize/configure/make happen here so php-ext/ stays clean
GEN=$OUT/gen
STAMP=$OUT/.stamp

say() { printf '[build-ext] %s\n' "$*"; }
die() { printf '[build-ext] error: %s\n' "$*" >&2; exit 1; }

PHPIZE=$(command -v phpize8.2 || command -v phpize || true)
PHPCONFIG=$(command -v php-config8.2 || command -v php-config || true)
[ -n "$PHPIZE" ] || die "phpize not found: install php8.2-dev"
[ -n "$PHPCONFIG" ] || die "php-config not found: install php8.2-dev"
for tool in protoc grpc_cpp_plugin pkg-config g++ make sha256sum; do
  command -v "$tool" >/dev/null || die "$tool not found: install protobuf-compiler protobuf-compiler-grpc pkg-config g++ make coreutils"
done
pkg-config --exists grpc++ protobuf || die "pkg-config cannot find grpc++/protobuf: install libgrpc++-dev libprotobuf-dev"
[ -f "$ROOT/cpp-templates/polyvirt/abi.h" ] || die "cpp-templates/polyvirt/abi.h is missing"

inputs_hash() {
  # Everything the outputs depend on, in a stable order.
  { find "$EXT/src" "$EXT/plugin" "$EXT/tests/kernels" -type f \( -name '*.cc' -o -name '*.h' -o -name '*.php' \) | LC_ALL=C sort
    echo "$EXT/config.m4"; echo "$ROOT/proto/polyvirt.proto"; echo "$ROOT/cpp-templates/polyvirt/abi.h"
    echo "$ROOT/scripts/build-ext.sh"; } | xargs sha256sum | sha256sum | cut -d' ' -f1
}

want=$(inputs_hash)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -f "$EXT/modules/polyvirt.so" ] \
   && [ -f "$EXT/modules/polyvirt_transport.so" ]; then
  say "up to date"
  exit 0
fi

mkdir -p "$OUT" "$GEN" "$EXT/modules"

# 1. protobuf + gRPC C++ code for the transport plugin (the core module never includes it).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
protoc -I "$ROOT/proto" --cpp_out="$tmp" --grpc_out="$tmp" \
  --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" "$ROOT/proto/polyvirt.proto" \
  || die "protoc failed on proto/polyvirt.proto"
update() { cmp -s "$1" "$2" || cp "$1" "$2"; }  # keep mtimes when unchanged: make stays incremental
update "$tmp/polyvirt.pb.h" "$GEN/polyvirt.pb.h"
update "$tmp/polyvirt.pb.cc" "$GEN/polyvirt_pb.cc"
update "$tmp/polyvirt.grpc.pb.h" "$GEN/polyvirt.grpc.pb.h"
update "$tmp/polyvirt.grpc.pb.cc" "$GEN/polyvirt_grpc.cc"

# 2. sources into the build dir (phpize writes its files next to config.m4).
mkdir -p "$OUT/src"
for f in "$EXT"/src/*; do update "$f" "$OUT/src/$(basename "$f")"; done
for f in "$OUT"/src/*; do [ -e "$EXT/src/$(basename "$f")" ] || rm -f "$f"; done

cfg_hash=$(cat "$EXT/config.m4" "$ROOT/scripts/build-ext.sh" | sha256sum | cut -d' ' -f1)
if [ ! -f "$OUT/Makefile" ] || [ "$(cat "$OUT/.cfgstamp" 2>/dev/null)" != "$cfg_hash" ]; then
  say "phpize + configure"
  cp "$EXT/config.m4" "$OUT/config.m4"
  (cd "$OUT" && "$PHPIZE" >"$OUT/phpize.out" 2>&1) || die "phpize failed (see $OUT/phpize.out)"
  (cd "$OUT" && POLYVIRT_ABI_DIR="$ROOT/cpp-templates" ./configure --enable-polyvirt \
      --with-php-config="$PHPCONFIG" >configure.out 2>&1) \
    || die "configure failed (see $OUT/configure.out)"
  echo "$cfg_hash" > "$OUT/.cfgstamp"
fi

say "make"
make -C "$OUT" -j"$(nproc)" >"$OUT/make.out" 2>&1 || { tail -40 "$OUT/make.out" >&2; die "make failed (see $OUT/make.out)"; }
cp "$OUT/modules/polyvirt.so" "$EXT/modules/polyvirt.so.tmp"
mv -f "$EXT/modules/polyvirt.so.tmp" "$EXT/modules/polyvirt.so"

# 3. the transport plugin: the only object that links gRPC, protobuf and abseil. polyvirt.so
#    dlopen()s it on its transport thread, and only when polyvirt.service is set.
PLUG=$OUT/plugin
mkdir -p "$PLUG"
PCXX="g++ -std=c++17 -O2 -fPIC -fvisibility=hidden -fvisibility-inlines-hidden -Wall -Wno-unused-parameter $(pkg-config --cflags grpc++ protobuf) -I$GEN -I$EXT/src"
plug_flags=$(printf '%s' "$PCXX" | sha256sum | cut -d' ' -f1)
[ "$(cat "$PLUG/.flags" 2>/dev/null)" = "$plug_flags" ] || rm -f "$PLUG"/*.o
compile() { # object source extra-deps...
  local obj=$1 src=$2 dep; shift 2
  local stale=0
  [ -f "$obj" ] || stale=1
  for dep in "$src" "$@"; do [ "$dep" -nt "$obj" ] && stale=1; done
  [ $stale = 1 ] || return 0
  say "compile $(basename "$src")"
  $PCXX -c "$src" -o "$obj" 2>"$obj.err" || { cat "$obj.err" >&2; die "compiling $src failed"; }
}
compile "$PLUG/polyvirt_pb.o" "$GEN/polyvirt_pb.cc" "$GEN/polyvirt.pb.h"
compile "$PLUG/polyvirt_grpc.o" "$GEN/polyvirt_grpc.cc" "$GEN/polyvirt.pb.h" "$GEN/polyvirt.grpc.pb.h"
compile "$PLUG/grpc_transport.o" "$EXT/plugin/grpc_transport.cc" "$EXT/src/wire.h" "$GEN/polyvirt.pb.h" "$GEN/polyvirt.grpc.pb.h"
echo "$plug_flags" > "$PLUG/.flags"
g++ -shared -fPIC -Wl,--no-undefined -Wl,-soname,polyvirt_transport.so -o "$PLUG/polyvirt_transport.so" \
  "$PLUG/grpc_transport.o" "$PLUG/polyvirt_pb.o" "$PLUG/polyvirt_grpc.o" \
  $(pkg-config --libs grpc++ protobuf) -lpthread \
  || die "linking polyvirt_transport.so failed"
cp "$PLUG/polyvirt_transport.so" "$EXT/modules/polyvirt_transport.so.tmp"
mv -f "$EXT/modules/polyvirt_transport.so.tmp" "$EXT/modules/polyvirt_transport.so"
# The core module must stay free of gRPC: its load cost is paid by every PHP process.
if ldd "$EXT/modules/polyvirt.so" | grep -Eq 'libgrpc|libprotobuf|libabsl|libgpr'; then
  die "php-ext/modules/polyvirt.so links gRPC/protobuf/abseil; they belong in polyvirt_transport.so"
fi

# 4. hand-written test kernels. A kernel's source_sha256 is the sha256 of the PHP function it
#    replaces: tests/kernels/<name>.php holds "<?php" then exactly that function, which the
#    .phpt tests include, so the hash covers the very lines PHP compiles.
KDIR=$EXT/tests/kernels
for cc in "$KDIR"/*.cc; do
  [ -e "$cc" ] || continue
  name=$(basename "$cc" .cc)
  src_sha=""
  if [ -f "$KDIR/$name.php" ]; then
    src_sha=$(tail -n +2 "$KDIR/$name.php" | sha256sum | cut -d' ' -f1)
  fi
  g++ -std=c++17 -O2 -shared -fPIC -ffp-contract=off -I "$ROOT/cpp-templates" \
    -DPV_TEST_SOURCE_SHA256="\"$src_sha\"" -o "$KDIR/$name.so" "$cc" \
    || die "compiling test kernel $name failed"
  sha256sum "$KDIR/$name.so" | cut -d' ' -f1 > "$KDIR/$name.so.sha256"
done
# A copy whose bytes no longer match its recorded sha256 (one byte flipped after hashing).
if [ -f "$KDIR/add.so" ]; then
  cp "$KDIR/add.so" "$KDIR/corrupt.so"
  cp "$KDIR/add.so.sha256" "$KDIR/corrupt.so.sha256"
  off=$(( $(stat -c %s "$KDIR/corrupt.so") / 2 ))
  byte=$(od -An -tu1 -j "$off" -N1 "$KDIR/corrupt.so" | tr -d ' ')
  printf "$(printf '\\%03o' $(( byte ^ 0xff )))" | dd of="$KDIR/corrupt.so" bs=1 seek="$off" conv=notrunc status=none
fi

echo "$want" > "$STAMP"
say "built php-ext/modules/polyvirt.so and polyvirt_transport.so"
