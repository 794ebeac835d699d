<?php
// §1 ++ at PHP_INT_MAX gives a float
// @types c04_inc(int)
require __DIR__ . '/_show.inc';

function c04_inc($a) {
    $a++;
    return $a;
}

try { $v = c04_inc(1); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c04_inc(PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c04_inc(-1); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
