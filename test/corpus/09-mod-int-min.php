<?php
// §4 PHP_INT_MIN % -1 is 0
// @types c09_mod(int, int)
require __DIR__ . '/_show.inc';

function c09_mod($a, $b) {
    return $a % $b;
}

try { $v = c09_mod(PHP_INT_MIN, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c09_mod(PHP_INT_MAX, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c09_mod(PHP_INT_MIN, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
