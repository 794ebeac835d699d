<?php
// int / int inside a loop: the variable holds int or float
// @types c51_dl(int)
require __DIR__ . '/_show.inc';

function c51_dl($n) {
    $x = 0;
    for ($i = 1; $i <= $n; $i++) {
        $x = $x + $i / 2;
    }
    return $x;
}

try { $v = c51_dl(4); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c51_dl(5); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c51_dl(0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
