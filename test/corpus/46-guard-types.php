<?php
// one kernel, arguments of every type: only (int) runs native
// @types c46_twice(int)
require __DIR__ . '/_show.inc';

function c46_twice($a) {
    return $a * 2;
}

try { $v = c46_twice(21); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c46_twice(21.5); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c46_twice(true); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c46_twice(null); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c46_twice('21'); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c46_twice(PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
pvd_done();
