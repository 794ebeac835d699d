<?php
// §2 -PHP_INT_MIN is a float
// @types c06_neg(int)
require __DIR__ . '/_show.inc';

function c06_neg($a) {
    return -$a;
}

try { $v = c06_neg(5); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c06_neg(0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c06_neg(PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c06_neg(PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
