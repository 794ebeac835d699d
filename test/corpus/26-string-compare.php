<?php
// §13 a string argument compared with an int under PHP 8 rules
// @types c26_eq0(int)
require __DIR__ . '/_show.inc';

function c26_eq0($a) {
    return $a == 0;
}

try { $v = c26_eq0(0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c26_eq0('foo'); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c26_eq0('0'); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c26_eq0(''); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c26_eq0('0.0'); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c26_eq0(0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c26_eq0(false); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
pvd_done();
