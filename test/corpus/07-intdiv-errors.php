<?php
// §3 intdiv: ArithmeticError for PHP_INT_MIN / -1, DivisionByZeroError for 0
// @types c07_idiv(int, int)
require __DIR__ . '/_show.inc';

function c07_idiv($a, $b) {
    return intdiv($a, $b);
}

try { $v = c07_idiv(7, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c07_idiv(-7, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c07_idiv(PHP_INT_MIN, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c07_idiv(1, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c07_idiv(PHP_INT_MIN, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
pvd_done();
