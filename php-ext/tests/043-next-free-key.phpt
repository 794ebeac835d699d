--TEST--
polyvirt: a kernel that rebuilds a by-reference array keeps PHP's next free key (array_next_free / array_set_next_free)
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/dblall.so
--FILE--
<?php
require __DIR__ . '/kernels/dblall.php';
$a = [1, 2, 3, 4];
unset($a[2], $a[3]);                  // keys 0, 1; next free key 4
dbl_all($a);
$a[] = 9;
var_dump($a);
$m = ['x' => 5, 10 => 6];
dbl_all($m);
$m[] = 7;
var_dump($m);
$e = [];
dbl_all($e);
$e[] = 1;
var_dump($e);
$k = polyvirt_status()['kernels']['dbl_all'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
array(3) {
  [0]=>
  int(2)
  [1]=>
  int(4)
  [4]=>
  int(9)
}
array(3) {
  ["x"]=>
  int(10)
  [10]=>
  int(12)
  [11]=>
  int(7)
}
array(1) {
  [0]=>
  int(1)
}
int(3)
int(0)
