<?php
// difftest regression: compile-error found by program p79_365
// g++ failed on the batch: g++ failed: unit.cpp: error: request for member 'count' in 'p0', which is of pointer type 'const pv::Array<long int>*' (maybe you meant to use '->' ?)
// empty($a[null]) on an array parameter that gets array_fill() results appended in a loop: codegen calls .count on a const pv::Array<long>* (needs ->).
// @types p79_365_f2(array)
// difftest program p79_365
function p79_365_f2($a) {
    for ($i0 = 0; $i0 < min(2, 8); $i0++) {
        $a[] = array_fill((-3), 0, (-1));
        if (empty($a[null])) {
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
