--TEST--
polyvirt: an artifact built for another kernel ABI is refused, PHP runs unchanged
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/badabi.so
--FILE--
<?php
require __DIR__ . '/kernels/add.php';
var_dump(add(2, 3));
$s = polyvirt_status();
var_dump($s['kernels'], $s['hooked']);
foreach ($s['errors'] as $e) echo str_contains($e, 'abi_version 99 != 2') ? "abi mismatch" : "?", str_contains($e, 'not installed') ? ", not installed\n" : "\n";
?>
--EXPECT--
int(5)
array(0) {
}
bool(false)
abi mismatch, not installed
