--TEST--
polyvirt: a kernel that DEOPTs on division by zero lets PHP throw exactly as usual
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/ratio.so
--FILE--
<?php
require __DIR__ . '/kernels/ratio.php';
var_dump(ratio(7, 2), ratio(-7, 2));
foreach ([[1, 0], [PHP_INT_MIN, -1]] as [$a, $b]) {
    try {
        ratio($a, $b);
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), ' line ', $e->getLine(), "\n";
        echo str_replace(__DIR__, 'DIR', $e->getTraceAsString()), "\n";
    }
}
$k = polyvirt_status()['kernels']['ratio'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
int(3)
int(-3)
DivisionByZeroError: Division by zero line 3
#0 DIR/kernels/ratio.php(3): intdiv(1, 0)
#1 DIR/006-deopt-division.php(6): ratio(1, 0)
#2 {main}
ArithmeticError: Division of PHP_INT_MIN by -1 is not an integer line 3
#0 DIR/kernels/ratio.php(3): intdiv(-9223372036854775808, -1)
#1 DIR/006-deopt-division.php(6): ratio(-9223372036854775808, -1)
#2 {main}
int(2)
int(2)
