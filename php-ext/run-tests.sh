#!/usr/bin/env bash
# run-tests.sh — runs php-ext/tests/*.phpt through PHP's run-tests.php, once plainly and once
# with OPcache (JIT off), against php-ext/modules/polyvirt.so. Non-interactive; fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MOD=$ROOT/php-ext/modules/polyvirt.so
[ -f "$MOD" ] || { echo "[run-tests] $MOD missing: run scripts/build-ext.sh" >&2; exit 1; }
RUNNER=""
for c in "$(php-config --extension-dir 2>/dev/null)/build/run-tests.php" /usr/lib/php/8.2/build/run-tests.php \
         /usr/lib/php/20220829/build/run-tests.php; do
  [ -f "$c" ] && { RUNNER=$c; break; }
done
[ -n "$RUNNER" ] || { echo "[run-tests] run-tests.php not found: install php8.2-dev" >&2; exit 1; }
export NO_INTERACTION=1 REPORT_EXIT_STATUS=1 TEST_PHP_EXECUTABLE=${TEST_PHP_EXECUTABLE:-$(command -v php)}
TESTS=${*:-$ROOT/php-ext/tests}
status=0
run() {
  local label=$1; shift
  local out
  out=$(php "$RUNNER" -n -q --show-diff -d extension="$MOD" "$@" $TESTS 2>&1) || status=1
  # Full report (with diffs) on failure, the summary otherwise.
  if printf '%s\n' "$out" | grep -qE 'Tests failed +: +[1-9]|BORK|LEAK'; then
    status=1
    printf '%s\n' "$out" | sed "s/^/[$label] /"
  else
    printf '%s\n' "$out" | grep -E 'Tests (passed|failed|skipped)' | sed "s/^/[$label] /"
  fi
}
run plain
run opcache -d zend_extension=opcache -d opcache.enable_cli=1 -d opcache.jit=off -d opcache.file_update_protection=0
exit $status
