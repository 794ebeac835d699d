<?php
// §11 -0.0 survives arithmetic and compares equal to 0.0
// @types c24_nz(float)
require __DIR__ . '/_show.inc';

function c24_nz($a) {
    return ($a == 0.0 ? -$a : $a * -1.0);
}

try { $v = c24_nz(0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c24_nz(-0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
pvd_done();
