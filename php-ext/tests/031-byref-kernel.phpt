--TEST--
polyvirt: a by-reference kernel writes the caller's array through arg_set (references shared, next free key respected)
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/pushsq.so
--FILE--
<?php
require __DIR__ . '/kernels/pushsq.php';
$a = [];
var_dump(push_sq($a, 3), push_sq($a, 4));
var_dump($a);
$alias = &$a;                         // the argument slot then refers to a shared reference
var_dump(push_sq($alias, 5), $a === $alias, $a[2]);
$copy = $a;                           // the old array stays intact in a copy
push_sq($a, 6);
var_dump(count($copy), count($a));
$holes = [1, 2, 3];
unset($holes[2]);                     // next free key stays 3: the kernel appends there, as PHP
var_dump(push_sq($holes, 2), array_keys($holes));
$neg = [-5 => 1];                     // a literal's next free key is -4
var_dump(push_sq($neg, 3), array_keys($neg));
$e = [1];
unset($e[0]);
var_dump(push_sq($e, 4), array_keys($e));
$arr = ['k' => 1];                    // not a list: DEOPT
var_dump(push_sq($arr, 1), $arr);
function inner() { $local = [7]; push_sq($local, 9); return $local; }
var_dump(inner());
$k = polyvirt_status()['kernels']['push_sq'];
var_dump($k['native_calls'], $k['deopts'], $k['guard_failures']);
?>
--EXPECT--
int(1)
int(2)
array(2) {
  [0]=>
  int(9)
  [1]=>
  int(16)
}
int(3)
bool(true)
int(25)
int(3)
int(4)
int(3)
array(3) {
  [0]=>
  int(0)
  [1]=>
  int(1)
  [2]=>
  int(3)
}
int(2)
array(2) {
  [0]=>
  int(-5)
  [1]=>
  int(-4)
}
int(1)
array(1) {
  [0]=>
  int(1)
}
int(2)
array(2) {
  ["k"]=>
  int(1)
  [0]=>
  int(1)
}
array(2) {
  [0]=>
  int(7)
  [1]=>
  int(81)
}
int(8)
int(1)
int(0)
