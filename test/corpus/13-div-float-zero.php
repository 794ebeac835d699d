<?php
// §5 float division by zero also throws
// @types c13_div(float, float)
require __DIR__ . '/_show.inc';

function c13_div($a, $b) {
    return $a / $b;
}

try { $v = c13_div(1.0, 0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c13_div(1.0, -0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c13_div(NAN, 0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c13_div(1.0, 3.0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
