<?php
// adding 0.1 ten times is not 1.0
// @types c35_acc(int)
require __DIR__ . '/_show.inc';

function c35_acc($n) {
    $s = 0.0;
    for ($i = 0; $i < $n; $i++) {
        $s += 0.1;
    }
    return $s;
}

try { $v = c35_acc(10); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c35_acc(3); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c35_acc(0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
