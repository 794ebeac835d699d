<?php
// §9 floor, ceil, fmod return floats (negative zero included)
// @types c20_fl(float)
require __DIR__ . '/_show.inc';

function c20_fl($a) {
    return floor($a) + ceil($a) * 0.0 + fmod($a, 2.0);
}

try { $v = c20_fl(2.5); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c20_fl(-0.5); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c20_fl(-3.5); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c20_fl(INF); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c20_fl(NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
pvd_done();
