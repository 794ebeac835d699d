<?php
// break 2 and continue 2 out of nested loops
// @types c41_nested(int)
require __DIR__ . '/_show.inc';

function c41_nested($n) {
    $s = 0;
    for ($i = 0; $i < $n; $i++) {
        for ($j = 0; $j < $n; $j++) {
            if ($j > $i) {
                continue 2;
            }
            if ($i * $j > 12) {
                break 2;
            }
            $s += $i * $j;
        }
    }
    return $s;
}

try { $v = c41_nested(3); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c41_nested(6); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c41_nested(10); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
