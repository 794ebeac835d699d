<?php
// difftest regression: divergence found by program p1_107
// line N: php -n "#1 1" vs polyvirt "#1 true"
// @types p1_107_f0(float, float, int)
// difftest program p1_107
function p1_107_f0($a, $b, int $c) {
    return (abs(3) <=> (($c ** 1) / fmod($b, 1.0E+308)));
}

try { $v = p1_107_f0(1.0E+308, PHP_FLOAT_MAX, 5); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
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
