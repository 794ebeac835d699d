<?php
// difftest regression: compile-error found by program p2024_1042
// g++ failed on the batch: g++ failed: unit.cpp: error: request for member 'count' in 'p0', which is of pointer type 'const pv::Array<long int>*' (maybe you meant to use '->' ?)
// empty() of an element that is itself an array: `*p0.count()` parsed as `*(p0.count())`.
// @types p2024_1042_f0(array, array)
// difftest program p2024_1042
function p2024_1042_f0($a, $b) {
    for ($i2 = 0; $i2 < min(3, 8); $i2++) {
        if (empty($b['zz'])) {
            $b['8']['q'] = $i2;
        }
    }
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
