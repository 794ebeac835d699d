--TEST--
polyvirt: a static-variable kernel shares the function's statics with its PHP body (initialized like the VM, constant-expression initializers left to PHP)
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/tick.so,{PWD}/kernels/lim.so
--FILE--
<?php
require __DIR__ . '/kernels/tick.php';
require __DIR__ . '/kernels/lim.php';
var_dump(tick(1), tick(1), tick(5));  // the function never ran: statics start from `= 0`
var_dump(tick(0.5));                  // float step: the guard refuses, PHP adds to the same static
var_dump(tick(1));                    // the static is a float now: DEOPT
$k = polyvirt_status()['kernels']['tick'];
var_dump($k['native_calls'], $k['guard_failures'], $k['deopts']);

const BASE = 20;
var_dump(lim());                      // `BASE * 2` not evaluated yet: DEOPT, PHP evaluates it
var_dump(lim(), lim());               // native from here on
$k = polyvirt_status()['kernels']['lim'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
int(1)
int(2)
int(7)
float(7.5)
float(8.5)
int(3)
int(1)
int(1)
int(41)
int(42)
int(43)
int(2)
int(1)
