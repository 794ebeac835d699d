#!/usr/bin/env bash
# setup.sh — install everything polyvirt needs on Debian 12 and build the native parts.
# Safe to run twice: each step checks before it acts. Used by `npm run demo`, `npm test`, `npm run bench`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

APT_PACKAGES=(php8.2-cli php8.2-dev php8.2-opcache libgrpc++-dev protobuf-compiler-grpc
  libprotobuf-dev protobuf-compiler pkg-config python3 make g++)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq || die "apt-get update failed (is the Debian mirror reachable?)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || die "apt-get install failed for: ${missing[*]}"
fi

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node >= 20.19 is required (found $(node --version))"

stamp=node_modules/.polyvirt-install-stamp
if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ]; then
  say "installing npm dependencies"
  npm install --no-audit --no-fund >/dev/null || die "npm install failed"
  touch "$stamp"
fi

bash scripts/build.sh
