--TEST--
polyvirt: a global kernel sees a global created inside a function with `global` (a symbol-table reference, no main-script CV)
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/gbump.so
--FILE--
<?php
require __DIR__ . '/kernels/gbump.php';
function setup() { global $counter; $counter = 100; }
function read() { global $counter; return $counter; }
setup();
var_dump(gbump(), gbump(), read(), $GLOBALS['counter']);
function holder() { global $counter; $before = $counter; gbump(); return [$before, $counter]; }
var_dump(holder());
$k = polyvirt_status()['kernels']['gbump'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
int(101)
int(102)
int(102)
int(102)
array(2) {
  [0]=>
  int(102)
  [1]=>
  int(103)
}
int(3)
int(0)
