<?php
// §1 PHP_INT_MAX + 1 overflows to float
// @types c01_add(int, int)
require __DIR__ . '/_show.inc';

function c01_add($a, $b) {
    return $a + $b;
}

try { $v = c01_add(1, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c01_add(PHP_INT_MAX, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c01_add(PHP_INT_MAX, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c01_add(-1, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
