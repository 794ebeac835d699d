--TEST--
polyvirt: with a (non-unix) service target the transport plugin beside polyvirt.so is loaded off the PHP thread
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=127.0.0.1:1
polyvirt.startup_sync_ms=5000
polyvirt.shutdown_flush_ms=100
--FILE--
<?php
function fib($n) { return $n < 2 ? $n : fib($n - 1) + fib($n - 2); }
echo fib(20), "\n";
$st = polyvirt_status();
var_dump($st['transport_loaded'], $st['connected']);
var_dump(count(array_filter($st['errors'], fn($e) => str_contains($e, 'transport plugin'))));
?>
--EXPECT--
6765
bool(true)
bool(false)
int(0)
