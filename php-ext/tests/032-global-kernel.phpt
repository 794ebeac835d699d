--TEST--
polyvirt: a global kernel reads and increments a main-script global (a CV slot, then a reference), and DEOPTs when it is unset or not an int
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/gbump.so
--FILE--
<?php
require __DIR__ . '/kernels/gbump.php';
var_dump(gbump());                    // unset: DEOPT, PHP's ++ on null gives 1
var_dump(gbump(), gbump(), $counter);
$r = &$counter;                       // the CV now holds a reference
var_dump(gbump(), $r);
$counter = 1.5;                       // a float: DEOPT
var_dump(gbump(), $counter);
$counter = PHP_INT_MAX;               // overflow: DEOPT
var_dump(gbump());
unset($r, $counter);
var_dump(gbump());                    // unset again: DEOPT
$k = polyvirt_status()['kernels']['gbump'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
int(1)
int(2)
int(3)
int(3)
int(4)
int(4)
float(2.5)
float(2.5)
float(9.223372036854776E+18)
int(1)
int(3)
int(4)
