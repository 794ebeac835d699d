#!/usr/bin/env bash
# build-addon.sh — build the verifier's Node addon (src/verify/addon) with node-gyp, offline.
# Idempotent: skips the build when the sources, the ABI header and the Node version match the stamp.
# Result: src/verify/addon/build/Release/polyvirt_verifier.node (loaded by src/verify/addon.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[build-addon] %s\n' "$*"; }
die() { printf '[build-addon] error: %s\n' "$*" >&2; exit 1; }

ADDON_DIR=src/verify/addon
OUT="$ADDON_DIR/build/Release/polyvirt_verifier.node"
STAMP="$ADDON_DIR/build/.polyvirt-stamp"

command -v node >/dev/null || die "node not found"
command -v g++ >/dev/null || die "g++ not found (apt-get install g++)"
[ -f node_modules/node-addon-api/napi.h ] || die "node_modules/node-addon-api missing: run npm install"

# Test files build the addon concurrently: one build at a time, the others then see it up to date.
if command -v flock >/dev/null; then
  exec 9>"${TMPDIR:-/tmp}/polyvirt-build-addon-$(id -u).lock"
  flock 9
fi

want_stamp="$(cat "$ADDON_DIR/addon.cc" "$ADDON_DIR/binding.gyp" cpp-templates/polyvirt/abi.h \
  | sha256sum | cut -d' ' -f1) node-$(node -p process.versions.modules)-$(node --version)"
if [ -f "$OUT" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_stamp" ]; then
  say "up to date: $OUT"
  exit 0
fi

# Node headers: never let node-gyp download them. Prefer the headers of the running node
# (NodeSource and Debian both install them under <prefix>/include/node), then npm's nodedir.
nodedir=""
prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
for cand in "$prefix" "$(npm config get nodedir 2>/dev/null || true)" /usr /usr/local; do
  if [ -n "$cand" ] && [ "$cand" != "undefined" ] && [ -f "$cand/include/node/node_api.h" ] \
    && [ -f "$cand/include/node/common.gypi" ]; then
    nodedir="$cand"; break
  fi
done
[ -n "$nodedir" ] || die "Node headers not found (looked for include/node/node_api.h under $prefix, /usr, /usr/local); install the nodejs headers (Debian: libnode-dev) — node-gyp cannot download them here"

# node-gyp: a project-local one, npm's bundled one, or one on PATH.
gyp=""
npm_cli="$(readlink -f "$(command -v npm 2>/dev/null || echo /nonexistent)" 2>/dev/null || true)"
for cand in node_modules/node-gyp/bin/node-gyp.js \
  "$(dirname "$(dirname "$npm_cli")")/node_modules/node-gyp/bin/node-gyp.js" \
  "$(npm root -g 2>/dev/null || echo /nonexistent)/npm/node_modules/node-gyp/bin/node-gyp.js" \
  /usr/share/nodejs/node-gyp/bin/node-gyp.js; do
  if [ -f "$cand" ]; then gyp="node $cand"; break; fi
done
if [ -z "$gyp" ] && command -v node-gyp >/dev/null; then gyp="node-gyp"; fi
[ -n "$gyp" ] || die "node-gyp not found (it ships with npm; or apt-get install node-gyp)"

say "building with nodedir=$nodedir"
log="$(mktemp)"
if ! (cd "$ADDON_DIR" && $gyp rebuild --nodedir="$nodedir" --jobs=2) >"$log" 2>&1; then
  cat "$log" >&2
  rm -f "$log" "$STAMP"
  die "node-gyp build of $ADDON_DIR failed (log above)"
fi
rm -f "$log"
[ -f "$OUT" ] || die "build finished but $OUT is missing"
printf '%s' "$want_stamp" >"$STAMP"
say "built $OUT"
