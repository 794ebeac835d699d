<?php
// §4 % converts floats to int (deprecation for fractional values)
// @types c10_mod(float, int)
require __DIR__ . '/_show.inc';

function c10_mod($a, $b) {
    return $a % $b;
}

try { $v = c10_mod(7.0, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c10_mod(-8.0, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c10_mod(7.5, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c10_mod(1e20, 7); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
