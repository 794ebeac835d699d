<?php
// is_nan, is_infinite, is_finite, is_int and is_float
// @types c50_chk(float)
require __DIR__ . '/_show.inc';

function c50_chk($a) {
    return (is_nan($a) ? 1 : 0) + (is_infinite($a) ? 2 : 0) + (is_finite($a) ? 4 : 0) + (is_int($a / 1) ? 8 : 0) + (is_float($a) ? 16 : 0);
}

try { $v = c50_chk(NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c50_chk(INF); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c50_chk(1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c50_chk(-0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
