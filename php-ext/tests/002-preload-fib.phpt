--TEST--
polyvirt: preloaded fib kernel is used and computes what PHP computes
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/fib.so
--FILE--
<?php
require __DIR__ . '/kernels/fib.php';
$r = [];
for ($i = 0; $i <= 30; $i += 3) $r[] = fib($i);
echo implode(',', $r), "\n";
var_dump(fib(-5), fib(true), fib(2.0));
$s = polyvirt_status();
var_dump($s['hooked'], $s['kernels']['fib']['native_calls'] > 0, $s['kernels']['fib']['guard_failures'], $s['errors']);
?>
--EXPECT--
0,2,8,34,144,610,2584,10946,46368,196418,832040
int(-5)
int(-1)
float(1)
bool(true)
bool(true)
int(4)
array(0) {
}
