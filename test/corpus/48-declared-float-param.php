<?php
// a declared float parameter receives an int (coerced by PHP)
// @types c48_dfp(int)
require __DIR__ . '/_show.inc';

function c48_dfp(float $a) {
    return $a * 3;
}

try { $v = c48_dfp(2); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c48_dfp(PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c48_dfp(-1); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
