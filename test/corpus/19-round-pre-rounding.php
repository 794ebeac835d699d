<?php
// §9 round() uses PHP's pre-rounding
// @types c19_rnd(float, int)
require __DIR__ . '/_show.inc';

function c19_rnd($a, $p) {
    return round($a, $p);
}

try { $v = c19_rnd(1.955, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c19_rnd(5.045, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c19_rnd(5.055, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c19_rnd(-2.5, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c19_rnd(2.5, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c19_rnd(1234567.891, -3); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c19_rnd(0.285, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
try { $v = c19_rnd(1.0E+15, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(8, $v);
pvd_done();
