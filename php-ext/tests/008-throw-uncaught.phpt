--TEST--
polyvirt: an uncaught exception raised by a kernel prints exactly like PHP's
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/rem.so
--FILE--
<?php
require __DIR__ . '/kernels/rem.php';
echo rem(10, 4), "\n";
echo rem(10, 0), "\n";
echo "not reached\n";
?>
--EXPECTF--
2

Fatal error: Uncaught DivisionByZeroError: Modulo by zero in %skernels%crem.php:3
Stack trace:
#0 %s008-throw-uncaught.php(4): rem(10, 0)
#1 {main}
  thrown in %skernels%crem.php on line 3
