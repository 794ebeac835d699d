--TEST--
polyvirt: a kernel whose source sha256 differs from the function's current source is not installed
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/add.so
--FILE--
<?php
function add($a, $b) {
    return $a + $b + 1;
}
var_dump(add(1, 2), add(10, 20));
$s = polyvirt_status();
var_dump($s['kernels']['add']['native_calls']);
foreach ($s['errors'] as $e) if (str_contains($e, 'stale kernel add')) echo "stale: ", str_contains($e, 'source sha256 mismatch') ? "sha256 mismatch" : "?", "\n";
?>
--EXPECT--
int(4)
int(31)
int(0)
stale: sha256 mismatch
