--TEST--
polyvirt: an artifact whose bytes do not match its sha256 is refused
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/corrupt.so,{PWD}/kernels/missing.so
--FILE--
<?php
require __DIR__ . '/kernels/add.php';
var_dump(add(2, 3), add(PHP_INT_MAX, 1));
$s = polyvirt_status();
var_dump($s['kernels'], $s['hooked']);
foreach ($s['errors'] as $e) {
    echo str_contains($e, 'sha256 mismatch') ? "sha256 mismatch" : "", str_contains($e, '.sha256') ? "missing sidecar" : "",
         str_contains($e, 'not installed') ? ", not installed\n" : "\n";
}
?>
--EXPECT--
int(5)
float(9.223372036854776E+18)
array(0) {
}
bool(false)
sha256 mismatch, not installed
missing sidecar, not installed
