--TEST--
polyvirt: service absent, nothing preloaded: same output as PHP, hook not installed
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=unix:/nonexistent/polyvirt.sock
--FILE--
<?php
function fib($n) { return $n < 2 ? $n : fib($n - 1) + fib($n - 2); }
function f(...$a) { return array_sum($a); }
echo fib(20), "\n";
echo f(1, 2, 3), "\n";
echo call_user_func('fib', 10), "\n";
usleep(300000); // the gRPC thread has tried (and failed) to connect by now
$s = polyvirt_status();
var_dump($s['enabled'], $s['connected'], $s['hooked'], $s['profiling'], $s['kernels'], $s['dropped_batches']);
var_dump(count(array_filter($s['errors'], fn($e) => str_contains($e, 'unavailable'))) >= 1);
?>
--EXPECT--
6765
6
55
bool(true)
bool(false)
bool(false)
bool(false)
array(0) {
}
int(0)
bool(true)
