--TEST--
polyvirt: array kernels walk packed and hash arrays in PHP order (holes skipped) and return owned arrays with int and string keys
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/asum.so,{PWD}/kernels/mkarr.so
--FILE--
<?php
require __DIR__ . '/kernels/asum.php';
require __DIR__ . '/kernels/mkarr.php';
var_dump(asum([1, 2, 3]), asum([]), asum(range(1, 100)));
$holes = [10, 20, 30, 40];
unset($holes[1], $holes[3]);
var_dump(asum($holes));
var_dump(asum(['x' => 5, 7 => 1, 'y' => -2]));
var_dump(asum([1, 2.5]));                 // a float element: DEOPT, PHP sums
var_dump(asum([PHP_INT_MAX, 1]));         // overflow: DEOPT, PHP gives a float
$k = polyvirt_status()['kernels']['asum'];
var_dump($k['native_calls'], $k['deopts']);

$a = mkarr(5);
var_dump($a);
$a[] = "next";                            // next free key after 7 is 8
var_dump(array_key_last($a));
mkarr(6);                                 // result unused: released
var_dump(mkarr(PHP_INT_MAX)[7]);          // 2n overflows: the kernel drops its array and DEOPTs
$k = polyvirt_status()['kernels']['mkarr'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
int(6)
int(0)
int(5050)
int(40)
int(4)
float(3.5)
float(9.223372036854776E+18)
int(5)
int(2)
array(4) {
  [0]=>
  int(5)
  ["k"]=>
  string(2) "v5"
  [7]=>
  int(10)
  [3]=>
  bool(true)
}
int(8)
float(1.8446744073709552E+19)
int(2)
int(1)
