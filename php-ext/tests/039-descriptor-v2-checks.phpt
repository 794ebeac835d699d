--TEST--
polyvirt: ABI-2 descriptors with unknown flags or guard codes are refused, and a kernel whose by-reference guards differ from the function's parameters is not bound
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/badflags.so,{PWD}/kernels/badguard.so,{PWD}/kernels/pushsqval.so
--FILE--
<?php
require __DIR__ . '/kernels/add.php';
require __DIR__ . '/kernels/pushsq.php';
var_dump(add(2, 3));
$a = [1];
var_dump(push_sq($a, 3), $a);
$s = polyvirt_status();
var_dump(array_keys($s['kernels']), $s['kernels']['push_sq']['native_calls']);
foreach ($s['errors'] as $e) {
    if (str_contains($e, 'unknown flags 8')) echo "refused: unknown flags\n";
    elseif (str_contains($e, 'unsupported guard type 137')) echo "refused: guard 9|BYREF\n";
    elseif (str_contains($e, 'by-reference parameters differ') && str_contains($e, 'not installed')) echo "not bound: by-reference mismatch\n";
    else echo "other: $e\n";
}
?>
--EXPECT--
int(5)
int(2)
array(2) {
  [0]=>
  int(1)
  [1]=>
  int(9)
}
array(1) {
  [0]=>
  string(7) "push_sq"
}
int(0)
refused: unknown flags
refused: guard 9|BYREF
not bound: by-reference mismatch
