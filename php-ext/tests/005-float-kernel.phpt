--TEST--
polyvirt: a float kernel gives bit-identical results
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/mix.so
serialize_precision=-1
--FILE--
<?php
require __DIR__ . '/kernels/mix.php';
var_dump(mix(0.1, 0.2), mix(1e308, 1e308), mix(-0.0, -0.0), mix(INF, -INF), mix(1.0, 3.0));
var_dump(is_nan(mix(NAN, 1.0)));
var_dump(mix(1, 3.0)); // int argument: guard fails, PHP computes
$k = polyvirt_status()['kernels']['mix'];
var_dump($k['native_calls'], $k['guard_failures']);
?>
--EXPECT--
float(0.11666666666666667)
float(8.333333333333333E+307)
float(-0)
float(NAN)
float(1.5)
bool(true)
float(1.5)
int(6)
int(1)
