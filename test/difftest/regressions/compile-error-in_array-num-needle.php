<?php
// difftest regression: compile-error found by program p1000_125 (seed 1000)
// g++ failed on the batch: g++ failed: /work/main/cpp-templates/polyvirt/val.h:272:73: error: incomplete type 'pv::ValConv<pv::num>' used in nested name specifier
// in_array() with an int-or-float (num) needle: octdec() of 22 sevens is a float, octdec('17') an int.
// @types in_array_num_f0(string, array, array)
function in_array_num_f0($a, $b, $c) {
    if (in_array(octdec('7777777777777777777777'), $c)) {
        return 1;
    }
    return in_array(octdec('17'), $c);
}

try { $v = in_array_num_f0('abc', [1], [15, 2]); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = in_array_num_f0('x', [], [7.378697629483821E+19]); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = in_array_num_f0('', [], []); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
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
