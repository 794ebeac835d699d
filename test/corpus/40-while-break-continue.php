<?php
// while with break and continue
// @types c40_wbc(int)
require __DIR__ . '/_show.inc';

function c40_wbc($n) {
    $i = 0;
    $s = 0;
    while (true) {
        $i++;
        if ($i > $n) {
            break;
        }
        if ($i % 3 == 0) {
            continue;
        }
        $s += $i;
    }
    return $s;
}

try { $v = c40_wbc(10); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c40_wbc(0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c40_wbc(1); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
