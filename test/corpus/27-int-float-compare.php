<?php
// comparisons of int with float near 2^53 and 2^63
// @types c27_cmp(int, float)
require __DIR__ . '/_show.inc';

function c27_cmp($a, $b) {
    return ($a <=> $b) * 10 + ($a == $b ? 1 : 0);
}

try { $v = c27_cmp(9007199254740993, 9007199254740992.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c27_cmp(PHP_INT_MAX, 9.2233720368547758E+18); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c27_cmp(1, 1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c27_cmp(-1, NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c27_cmp(3, INF); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
pvd_done();
