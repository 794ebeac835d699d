<?php
// §10 echo uses precision=14 in the driver, var_export the exact value
// @types c23_sum(float, float)
require __DIR__ . '/_show.inc';

function c23_sum($a, $b) {
    return $a + $b;
}

try { $v = c23_sum(0.1, 0.2); echo $v, "\n"; } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c23_sum(1e15, 1.0); echo $v, "\n"; } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c23_sum(1.0, 1.0); echo $v, "\n"; } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
