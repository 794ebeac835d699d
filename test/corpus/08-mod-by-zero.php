<?php
// §4 % by zero throws DivisionByZeroError (Modulo by zero)
// @types c08_mod(int, int)
require __DIR__ . '/_show.inc';

function c08_mod($a, $b) {
    return $a % $b;
}

try { $v = c08_mod(7, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c08_mod(-7, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c08_mod(7, -3); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c08_mod(1, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
