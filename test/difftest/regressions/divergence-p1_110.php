<?php
// difftest regression: divergence found by program p1_110
// line N: php -n "#3 5" vs polyvirt "#3 -8"
// @types p1_110_f2()
// difftest program p1_110
function p1_110_f2(): int {
    if ((pow(PHP_INT_MIN, 1) <= (5 <=> 7))) {
        return 5;
    }
    $w1 = 0; do {
    } while (++$w1 < 2);
    return ((min($w1, 9223372036854775806) - intdiv($w1, 9007199254740993)) - (($w1 <=> (-2.5)) * (true ? 10 : $w1)));
}

try { $v = p1_110_f2(); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
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
