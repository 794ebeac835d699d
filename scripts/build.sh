#!/usr/bin/env bash
# build.sh — build the PHP extension and the verifier addon when their sources changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-ext.sh
bash scripts/build-addon.sh
