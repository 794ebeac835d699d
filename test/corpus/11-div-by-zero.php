<?php
// §5 / by zero throws DivisionByZeroError
// @types c11_div(int, int)
require __DIR__ . '/_show.inc';

function c11_div($a, $b) {
    return $a / $b;
}

try { $v = c11_div(1, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c11_div(0, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c11_div(-5, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
