<?php
// §1 PHP_INT_MIN - 1 overflows to float
// @types c02_sub(int, int)
require __DIR__ . '/_show.inc';

function c02_sub($a, $b) {
    return $a - $b;
}

try { $v = c02_sub(5, 7); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c02_sub(PHP_INT_MIN, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c02_sub(0, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c02_sub(PHP_INT_MAX, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
