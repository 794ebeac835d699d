<?php
// a loop whose int product overflows to float midway
// @types c39_fact(int)
require __DIR__ . '/_show.inc';

function c39_fact($n) {
    $p = 1;
    for ($i = 2; $i <= $n; $i++) {
        $p *= $i;
    }
    return $p;
}

try { $v = c39_fact(5); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c39_fact(20); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c39_fact(21); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c39_fact(25); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
