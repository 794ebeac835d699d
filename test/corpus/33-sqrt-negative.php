<?php
// sqrt of a negative is NAN, of INF is INF
// @types c33_sq(float)
require __DIR__ . '/_show.inc';

function c33_sq($a) {
    return sqrt($a);
}

try { $v = c33_sq(4.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c33_sq(-1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c33_sq(INF); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c33_sq(-0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c33_sq(2.0); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
pvd_done();
