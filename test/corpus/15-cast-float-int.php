<?php
// §7 (int) of NAN and INF is 0, out-of-range floats wrap modulo 2^64
// @types c15_toint(float)
require __DIR__ . '/_show.inc';

function c15_toint($a) {
    return (int)$a;
}

try { $v = c15_toint(1.9); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c15_toint(-1.9); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c15_toint(NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c15_toint(INF); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c15_toint(-INF); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c15_toint(1e20); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c15_toint(-1e20); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
try { $v = c15_toint(9.2233720368547758E+18); } catch (\Throwable $e) { $v = $e; } pvd_show(8, $v);
pvd_done();
