<?php
// === between int and float is false, between equal ints true
// @types c30_id(int, float)
require __DIR__ . '/_show.inc';

function c30_id($a, $b) {
    return ($a === $b ? 1 : 0) + ($a == $b ? 2 : 0) + ($a !== (int)$b ? 4 : 0);
}

try { $v = c30_id(1, 1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c30_id(2, 2.5); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
pvd_done();
