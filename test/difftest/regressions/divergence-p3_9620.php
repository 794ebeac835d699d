<?php
// difftest regression: divergence found by program p3_9620
// line N: php -n "#2 -83759159349975.58" vs polyvirt "#2 -83759159349975.6"
// @types p3_9620_f0()
// @types p3_9620_f1(int, float, int)
// difftest program p3_9620
function p3_9620_f0() {
    $w2 = 0; do {
        if (is_int((int)(0.5))) {
            return (0.5 - (100.0 - 2.0));
        }
    } while (++$w2 < 1);
    return 3.25;
}
function p3_9620_f1($a, $b, $c) {
    if (!($a > 0) || $a > 9) {
        return pow((float)(true), (0 - $a));
    }
    if (!false) {
        return (p3_9620_f0() ** 7);
    }
    return p3_9620_f1($a - 1, $b, $c);
}

try { $v = p3_9620_f1(9, 10.0, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
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
