--TEST--
polyvirt: unused results, named args, too few/extra args, call_user_func, callbacks, closures
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/add.so
--FILE--
<?php
require __DIR__ . '/kernels/add.php';
add(1, 2);                                   // unused result
var_dump(add(b: 5, a: 1));                    // named args
var_dump(add(...[3, 4]), add(...['b' => 1, 'a' => 2]));
try { add(1); } catch (ArgumentCountError $e) { echo $e->getMessage(), "\n"; }
var_dump(add(1, 2, 3));                       // extra arg
var_dump(call_user_func('add', 6, 7), call_user_func_array('add', [8, 9]));
var_dump(array_map('add', [1, 2], [10, 20]));
$f = 'add'; var_dump($f(2, 2));
$c = Closure::fromCallable('add'); var_dump($c(3, 3));
$fc = add(...); var_dump($fc(4, 4));
function wrap() { return add(...func_get_args()); }
var_dump(wrap(5, 5));
eval('var_dump(add(6, 6));');
$fiber = new Fiber(function () { Fiber::suspend(add(100, 1)); return add(200, 2); });
var_dump($fiber->start()); $fiber->resume(); var_dump($fiber->getReturn());
function gen() { yield add(1, 1); yield add(2, 2); }
foreach (gen() as $v) echo $v, " ";
echo "\n";
$k = polyvirt_status()['kernels']['add'];
var_dump($k['native_calls'] >= 12, $k['guard_failures']);
?>
--EXPECTF--
int(6)
int(7)
int(3)
Too few arguments to function add(), 1 passed in %s on line %d and exactly 2 expected
int(3)
int(13)
int(17)
array(2) {
  [0]=>
  int(11)
  [1]=>
  int(22)
}
int(4)
int(6)
int(8)
int(10)
int(12)
int(101)
int(202)
2 4 
bool(true)
int(2)
