--TEST--
polyvirt: PV_THROW from an effects kernel breaks the ABI: its exception and output are dropped, PHP runs the call, the violation is reported once
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/boom.so
--FILE--
<?php
require __DIR__ . '/kernels/boom.php';
var_dump(boom(1), boom(2));
$s = polyvirt_status();
var_dump($s['kernels']['boom']['deopts'], $s['kernels']['boom']['throws']);
foreach ($s['errors'] as $e) echo $e, "\n";
?>
--EXPECT--
boom 1
boom 2
int(2)
int(3)
int(2)
int(0)
kernel boom broke the ABI contract: PV_THROW from an effects kernel
