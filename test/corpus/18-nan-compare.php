<?php
// §8 NAN is not equal to itself, and every ordering with NAN is false
// @types c18_cmp(float, float)
require __DIR__ . '/_show.inc';

function c18_cmp($a, $b) {
    return ($a == $b ? 1 : 0) + ($a != $b ? 2 : 0) + ($a < $b ? 4 : 0) + ($a >= $b ? 8 : 0);
}

try { $v = c18_cmp(NAN, NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c18_cmp(NAN, 1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c18_cmp(1.0, 1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
