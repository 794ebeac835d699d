<?php
// difftest regression: pipeline-error found by program p1_101
// Failed in specialize pipeline (step: codegen) for FILE::::F: no conversion widen:int>int
// @types p1_101_f0(int)
// difftest program p1_101
function p1_101_f0($a) {
    if (!($a > 0) || $a > 9) {
        return 2.0;
    }
    $v0 = (-1);
    if (((100 / $a) >= (0.0 + ((-INF) + 1.0E+15)))) {
    } else {
        $v0 = intdiv(intdiv((-1), (true + $v0)), (($v0 + $v0) + ((-1) <=> 5.0E-324)));
    }
    return p1_101_f0($a - 2);
}

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
