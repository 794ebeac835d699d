--TEST--
polyvirt: an unusable transport plugin path is an error in polyvirt_status(), PHP's output is unchanged
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=127.0.0.1:1
polyvirt.transport_path=/nonexistent/polyvirt_transport.so
polyvirt.startup_sync_ms=5000
--FILE--
<?php
function fib($n) { return $n < 2 ? $n : fib($n - 1) + fib($n - 2); }
echo fib(20), "\n";
echo call_user_func('fib', 10), "\n";
$st = polyvirt_status();
var_dump($st['transport_loaded'], $st['connected'], $st['hooked'], $st['profiling']);
foreach ($st['errors'] as $e) echo preg_replace('/dlopen failed: .*;/', 'dlopen failed: ...;', $e), "\n";
?>
--EXPECT--
6765
55
bool(false)
bool(false)
bool(false)
bool(false)
transport plugin /nonexistent/polyvirt_transport.so: dlopen failed: ...; service disabled
