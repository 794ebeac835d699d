<?php
// int + float is float; large ints lose precision
// @types c34_mix(int, float)
require __DIR__ . '/_show.inc';

function c34_mix($a, $b) {
    return $a + $b;
}

try { $v = c34_mix(9007199254740993, 0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c34_mix(PHP_INT_MAX, 1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c34_mix(1, 0.5); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
