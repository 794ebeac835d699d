<?php
// §8 2 ** 63 is a float, 2 ** -1 is 0.5, 0 ** 0 is 1
// @types c16_pw(int, int)
require __DIR__ . '/_show.inc';

function c16_pw($a, $b) {
    return $a ** $b;
}

try { $v = c16_pw(2, 62); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c16_pw(2, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c16_pw(2, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c16_pw(0, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c16_pw(-3, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c16_pw(0, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c16_pw(-2, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
pvd_done();
