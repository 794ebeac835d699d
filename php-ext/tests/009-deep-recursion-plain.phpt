--TEST--
polyvirt: 1,000,000 levels of recursion in a function without kernel, with the hook active
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
var_dump(polyvirt_status()['hooked']);
echo down(1000000), "\n";
var_dump(polyvirt_status()['hooked']);
echo add(down(300000), 1), "\n";
function thrower($n) { if ($n == 0) throw new Exception("bottom"); return thrower($n - 1); }
try { thrower(200000); } catch (Exception $e) { echo $e->getMessage(), ' ', count($e->getTrace()), "\n"; }
var_dump(polyvirt_status()['hooked'], polyvirt_status()['kernels']['add']['native_calls']);
?>
--EXPECT--
bool(true)
1000000
bool(true)
300001
bottom 200001
bool(true)
int(1)
