--TEST--
polyvirt: 1,000,000 levels of recursion in a function with a kernel (native stack limit, DEOPT, replay)
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/depth.so
memory_limit=-1
--FILE--
<?php
require __DIR__ . '/kernels/depth.php';
echo depth(1000), "\n";
echo depth(1000000), "\n";
echo depth(5), "\n";
$k = polyvirt_status()['kernels']['depth'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
1000
1000000
5
int(2)
int(1)
