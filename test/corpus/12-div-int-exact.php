<?php
// §5 int / int is an int when exact and a float otherwise
// @types c12_div(int, int)
require __DIR__ . '/_show.inc';

function c12_div($a, $b) {
    return $a / $b;
}

try { $v = c12_div(6, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c12_div(7, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c12_div(-6, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c12_div(PHP_INT_MIN, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c12_div(PHP_INT_MAX, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
pvd_done();
