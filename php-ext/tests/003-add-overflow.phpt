--TEST--
polyvirt: int overflow in a kernel DEOPTs and PHP's float result comes back
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/add.so
--FILE--
<?php
require __DIR__ . '/kernels/add.php';
var_dump(add(1, 2));
var_dump(add(PHP_INT_MAX, 1));
var_dump(add(PHP_INT_MIN, -1));
var_dump(add(PHP_INT_MAX, PHP_INT_MIN));
$k = polyvirt_status()['kernels']['add'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
int(3)
float(9.223372036854776E+18)
float(-9.223372036854776E+18)
int(-1)
int(2)
int(2)
