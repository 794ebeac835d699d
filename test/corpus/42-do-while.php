<?php
// do-while runs the body before the test
// @types c42_dw(int)
require __DIR__ . '/_show.inc';

function c42_dw($n) {
    $c = 0;
    do {
        $c++;
        $n--;
    } while ($n > 0);
    return $c;
}

try { $v = c42_dw(5); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c42_dw(0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c42_dw(-3); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
