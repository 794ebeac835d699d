<?php
// float overflow to INF and underflow to 0 and denormals
// @types c53_le(float, float)
require __DIR__ . '/_show.inc';

function c53_le($a, $b) {
    return $a * $b;
}

try { $v = c53_le(1e308, 10.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c53_le(1e-308, 1e-10); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c53_le(5e-324, 0.5); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c53_le(-1e308, 1e308); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
