<?php
// difftest regression: divergence found by program p79_717
// line N: php -n "#9 $g0 NULL" vs polyvirt "#9 $g0 "
// `global $g0` in a kernel while $g0 is unset: PHP leaves $g0 = NULL in the globals, after the kernel var_export($g0) prints nothing (an undef/broken zval left in the symbol table).
// @types p79_717_f1()
// difftest program p79_717
function p79_717_f1() {
    global $g0, $g1, $g2;
}

unset($g0); $g1 = 'x'; $g2 = [PHP_INT_MAX, 1]; ob_start(); try { $v = p79_717_f1(); } catch (\Throwable $e) { $v = $e; } $o = ob_get_clean(); echo '#9 ob ', var_export($o, true), "\n"; pvd_show(9, $v); echo '#9 $g1 ', var_export($g1, true), "\n"; echo '#9 $g0 ', var_export($g0, true), "\n";
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
