<?php
// §9 ceil(-0.5) is -0.0 and var_export shows it
// @types c21_cl(float)
require __DIR__ . '/_show.inc';

function c21_cl($a) {
    return ceil($a);
}

try { $v = c21_cl(-0.5); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c21_cl(0.5); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c21_cl(-0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
