<?php
// recursion: fib
// @types c36_fib(int)
require __DIR__ . '/_show.inc';

function c36_fib($n) {
    if ($n < 2) {
        return $n;
    }
    return c36_fib($n - 1) + c36_fib($n - 2);
}

try { $v = c36_fib(0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c36_fib(1); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c36_fib(10); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c36_fib(20); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c36_fib(-3); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
pvd_done();
