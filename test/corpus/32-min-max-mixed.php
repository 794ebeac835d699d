<?php
// min/max with int and float return the original value and type
// @types c32_mm(int, float)
require __DIR__ . '/_show.inc';

function c32_mm($a, $b) {
    return min($a, $b) + max($a, $b) * 0;
}

try { $v = c32_mm(1, 1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c32_mm(2, 1.5); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c32_mm(0, -0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c32_mm(1, NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
