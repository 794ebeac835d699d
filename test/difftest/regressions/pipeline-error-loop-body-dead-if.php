<?php
// difftest regression: pipeline-error found by program p9_436 (seed 9)
// Failed in specialize pipeline (step: passes/version-overflow-checks) for FILE::::F: Reduce of empty array with no initial value
// A for loop whose body is only an `if` with a constant-false test (the loop body folds away).
// @types loop_dead_if_f0(int, int)
function loop_dead_if_f0(int $a, $b) {
    for ($i0 = 0; $i0 < 2; $i0++) {
        if (!(is_finite(3.25) || true)) {
            $b -= ((false || true) >> 65);
        }
    }
    return $b + $a;
}

try { $v = loop_dead_if_f0(1, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = loop_dead_if_f0(PHP_INT_MAX, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
pvd_done();

function pvd_show(int $id, $v): void {
    if ($v instanceof \Throwable) echo '#', $id, ' ', get_class($v), ': ', $v->getMessage(), "\n";
    else echo '#', $id, ' ', var_export($v, true), "\n";
    if (!function_exists('polyvirt_status')) return;
    static $last = 0, $lastDeopts = 0;
    $n = 0;
    $d = 0;
    foreach (polyvirt_status()['kernels'] as $k) { $n += $k['native_calls']; $d += $k['deopts']; }
    fwrite(STDERR, "#$id native " . ($n - $last) . " deopt " . ($d - $lastDeopts) . "\n");
    $last = $n;
    $lastDeopts = $d;
}
function pvd_done(): void {
    if (!function_exists('polyvirt_status')) return;
    $s = polyvirt_status();
    foreach ($s['kernels'] as $name => $k) fwrite(STDERR, "kernel $name " . json_encode($k) . "\n");
    foreach ($s['errors'] as $e) fwrite(STDERR, "error $e\n");
}
