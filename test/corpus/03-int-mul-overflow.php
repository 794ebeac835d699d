<?php
// §1 multiplication overflow to float, exact below the limit
// @types c03_mul(int, int)
require __DIR__ . '/_show.inc';

function c03_mul($a, $b) {
    return $a * $b;
}

try { $v = c03_mul(6, 7); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c03_mul(3037000499, 3037000499); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c03_mul(3037000500, 3037000500); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c03_mul(PHP_INT_MIN, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c03_mul(-4611686018427387904, 2); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
pvd_done();
