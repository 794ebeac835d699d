<?php
// §1 -- at PHP_INT_MIN gives a float
// @types c05_dec(int)
require __DIR__ . '/_show.inc';

function c05_dec($a) {
    --$a;
    return $a;
}

try { $v = c05_dec(1); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c05_dec(PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c05_dec(0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
