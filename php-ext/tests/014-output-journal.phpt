--TEST--
polyvirt: kernel output is committed on OK only; a DEOPT discards it and PHP prints once
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/greet.so
--FILE--
<?php
require __DIR__ . '/kernels/greet.php';
ob_start();
$r = greet(21);
$buf = ob_get_clean();
var_dump($r, $buf);
var_dump(greet(PHP_INT_MAX));
$k = polyvirt_status()['kernels']['greet'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
int(42)
string(5) "n=21
"
n=9223372036854775807
float(1.8446744073709552E+19)
int(1)
int(1)
