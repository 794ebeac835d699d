--TEST--
polyvirt: deep recursion inside a Fiber (small C stack) behaves as plain PHP while the hook is active
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/add.so
memory_limit=-1
--FILE--
<?php
require __DIR__ . '/kernels/add.php';
function down($n) { return $n == 0 ? 0 : 1 + down($n - 1); }
$f = new Fiber(function ($n) {
    $a = down($n);
    $x = Fiber::suspend($a);
    return add($x, down(50000));
});
var_dump($f->start(1000000));
var_dump(polyvirt_status()['hooked']);
$f->resume(7);
var_dump($f->getReturn(), add(1, 1));
var_dump(polyvirt_status()['hooked'], polyvirt_status()['kernels']['add']['native_calls']);
?>
--EXPECT--
int(1000000)
bool(true)
int(50007)
int(2)
bool(true)
int(1)
