<?php
// &&, ||, xor and ! on numbers converted to bool
// @types c44_lg(int, float)
require __DIR__ . '/_show.inc';

function c44_lg($a, $b) {
    return ($a && $b ? 1 : 0) + ($a || $b ? 2 : 0) + ($a xor $b ? 4 : 0) + (!$b ? 8 : 0);
}

try { $v = c44_lg(0, 0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c44_lg(1, 0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c44_lg(0, NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c44_lg(2, -0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
