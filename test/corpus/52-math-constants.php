<?php
// M_PI, pi() and PHP_FLOAT_EPSILON as exact values
// @types c52_mc(float)
require __DIR__ . '/_show.inc';

function c52_mc($a) {
    return $a * M_PI + pi() - M_E + PHP_FLOAT_EPSILON;
}

try { $v = c52_mc(1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c52_mc(0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c52_mc(-0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
