<?php
// difftest regression: divergence found by program p4_9683
// line N: php -n "#6 0.0" vs polyvirt "#6 -0.0"
// @types p4_9683_f0(int)
// difftest program p4_9683
function p4_9683_f0($a) {
    $v2 = (intdiv(($a ?: 3037000500), (false <=> true)) % (false ? $a : ($a + $a)));
    $v2 = ((bool)((false ? $v2 : 0.1)) + $a);
    return (ceil(($a - $a)) - intdiv(($v2 - $a), ($a % 7)));
}

try { $v = p4_9683_f0(3037000500); } catch (\Throwable $e) { $v = $e; } pvd_show(11, $v);
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
