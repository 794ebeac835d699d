<?php
// ?: and ?: with falsy -0.0 and 0
// @types c43_tern(float, int)
require __DIR__ . '/_show.inc';

function c43_tern($a, $b) {
    return ($a ?: 7.5) + ($b ? 1 : 2);
}

try { $v = c43_tern(0.0, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c43_tern(-0.0, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c43_tern(2.5, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c43_tern(NAN, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
