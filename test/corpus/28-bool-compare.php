<?php
// comparisons of bool with int convert the int to bool
// @types c28_bc(bool, int)
require __DIR__ . '/_show.inc';

function c28_bc($a, $b) {
    return ($a == $b ? 1 : 0) + ($a < $b ? 2 : 0) + ($a > $b ? 4 : 0);
}

try { $v = c28_bc(true, 5); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c28_bc(false, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c28_bc(true, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c28_bc(false, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
