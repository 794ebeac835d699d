<?php
// compound assignment operators
// @types c49_co(int, int)
require __DIR__ . '/_show.inc';

function c49_co($a, $b) {
    $x = $a;
    $x += $b;
    $x -= 1;
    $x *= 3;
    $y = $x;
    $y %= 7;
    $z = $x;
    $z /= 4;
    return $z + $y * 1000;
}

try { $v = c49_co(5, 6); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c49_co(PHP_INT_MAX, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c49_co(-8, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
