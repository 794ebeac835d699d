<?php
// difftest regression: divergence found by program p2_820
// line N: php -n "#9 DivisionByZeroError: Division by zero" vs polyvirt ""
// @types p2_820_f0(int, int)
// @types p2_820_f1(float, int, float)
// @types p2_820_f2(int)
// difftest program p2_820
function p2_820_f0($a, $b) {
    $a++;
    return ((($b / $a) == ($v0 + (2147483648 / 10))) < (($v0 < $v0) == ($v0 == 1.955)));
}
function p2_820_f1($a, $b, $c) {
    $c /= ((int)((10 / $b)) ** ($b <=> 5));
}
function p2_820_f2(int $a) {
    if (p2_820_f0($a, ((-2) + $a))) {
        $w0 = 0; while ($w0++ < 3) {
            $a -= ((1 + 1) + p2_820_f1(INF, $w0, (-0.5)));
        }
    }
}

try { $v = p2_820_f2(-0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(9, $v);
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
