<?php
// §12 a string into an int kernel fails the guard: PHP warns or throws
// @types c25_add1(int)
require __DIR__ . '/_show.inc';

function c25_add1($a) {
    return $a + 1;
}

try { $v = c25_add1(41); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c25_add1(' 123 '); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c25_add1('123abc'); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c25_add1('abc'); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c25_add1('1e3'); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c25_add1(null); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c25_add1(true); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
pvd_done();
