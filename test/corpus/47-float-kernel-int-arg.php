<?php
// an int into a float kernel fails the guard and PHP computes int arithmetic
// @types c47_half(float)
require __DIR__ . '/_show.inc';

function c47_half($a) {
    return $a / 2;
}

try { $v = c47_half(3.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c47_half(3); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c47_half(PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c47_half(-0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
