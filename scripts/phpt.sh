#!/usr/bin/env bash
# phpt.sh — run the extension's .phpt tests through PHP's own run-tests.php.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash php-ext/run-tests.sh "$@"
