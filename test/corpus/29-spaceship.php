<?php
// <=> gives -1, 0 or 1, also for floats and mixed operands
// @types c29_ss(int, float)
require __DIR__ . '/_show.inc';

function c29_ss($a, $b) {
    return $a <=> $b;
}

try { $v = c29_ss(1, 2.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c29_ss(2, 1.5); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c29_ss(3, 3.0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c29_ss(0, -0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c29_ss(1, NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
pvd_done();
