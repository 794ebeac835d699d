<?php
// calls between functions of one module
// @types c38_inner(int)
// @types c38_outer(int)
require __DIR__ . '/_show.inc';

function c38_inner($x) {
    return $x * 2 + 1;
}
function c38_outer($n) {
    $s = 0;
    for ($i = 0; $i < $n; $i++) {
        $s += c38_inner($i);
    }
    return $s;
}

try { $v = c38_outer(4); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c38_outer(0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c38_outer(100); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
