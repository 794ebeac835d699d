<?php
// §8 float powers, NAN and INF operands
// @types c17_pw(float, float)
require __DIR__ . '/_show.inc';

function c17_pw($a, $b) {
    return pow($a, $b);
}

try { $v = c17_pw(2.0, 0.5); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c17_pw(-8.0, 1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c17_pw(-8.0, 0.5); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c17_pw(NAN, 0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c17_pw(1.0, NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c17_pw(INF, -1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c17_pw(10.0, 308.0); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
try { $v = c17_pw(10.0, 309.0); } catch (\Throwable $e) { $v = $e; } pvd_show(8, $v);
pvd_done();
