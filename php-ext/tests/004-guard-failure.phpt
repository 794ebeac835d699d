--TEST--
polyvirt: arguments of other types fail the guard and run in PHP
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/add.so
--FILE--
<?php
require __DIR__ . '/kernels/add.php';
var_dump(add(1.5, 2));
var_dump(add(2, 0.25));
var_dump(add("3", 4));
var_dump(add(true, 1));
var_dump(add(null, 5));
var_dump(add([1], [2, 3]));
var_dump(add(40, 2));
$k = polyvirt_status()['kernels']['add'];
var_dump($k['native_calls'], $k['guard_failures']);
?>
--EXPECT--
float(3.5)
float(2.25)
int(7)
int(2)
int(5)
array(2) {
  [0]=>
  int(1)
  [1]=>
  int(3)
}
int(42)
int(1)
int(6)
