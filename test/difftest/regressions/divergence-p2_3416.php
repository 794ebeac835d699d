<?php
// difftest regression: divergence found by program p2_3416
// line N: php -n "#1 0.5" vs polyvirt "#1 1.0"
// @types p2_3416_f0()
// difftest program p2_3416
function p2_3416_f0() {
    $v0 = round(2.0);
    return (((int)($v0) ** ((-0.5) <=> $v0)) + (1 / 2));
}

try { $v = p2_3416_f0(); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
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
