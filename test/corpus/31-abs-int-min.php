<?php
// abs(PHP_INT_MIN) is a float
// @types c31_ab(int)
require __DIR__ . '/_show.inc';

function c31_ab($a) {
    return abs($a);
}

try { $v = c31_ab(-5); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c31_ab(0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c31_ab(PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c31_ab(PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
