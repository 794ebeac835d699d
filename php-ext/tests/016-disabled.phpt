--TEST--
polyvirt: polyvirt.enable=0 leaves PHP alone (no hook, no preload)
--EXTENSIONS--
polyvirt
--INI--
polyvirt.enable=0
polyvirt.preload={PWD}/kernels/add.so
--FILE--
<?php
require __DIR__ . '/kernels/add.php';
var_dump(add(2, 3));
$s = polyvirt_status();
var_dump($s['enabled'], $s['hooked'], $s['kernels']);
?>
--EXPECT--
int(5)
bool(false)
bool(false)
array(0) {
}
