--TEST--
polyvirt: a kernel raising DivisionByZeroError through the host matches PHP (class, message, file, line, trace)
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/rem.so
--FILE--
<?php
require __DIR__ . '/kernels/rem.php';
var_dump(rem(7, 3), rem(-7, 3), rem(PHP_INT_MIN, -1));
try {
    $x = rem(5, 0);
} catch (DivisionByZeroError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
    echo basename($e->getFile()), ':', $e->getLine(), "\n";
    echo str_replace(__DIR__, 'DIR', $e->getTraceAsString()), "\n";
    var_dump($e->getPrevious(), $e->getCode(), isset($x));
}
function outer($a) { try { return rem($a, 0); } finally { echo "finally\n"; } }
try { outer(3); } catch (Error $e) { echo $e->getMessage(), "\n"; }
$k = polyvirt_status()['kernels']['rem'];
var_dump($k['native_calls'], $k['throws']);
?>
--EXPECT--
int(1)
int(-1)
int(0)
DivisionByZeroError: Modulo by zero
rem.php:3
#0 DIR/007-throw-caught.php(5): rem(5, 0)
#1 {main}
NULL
int(0)
bool(false)
finally
Modulo by zero
int(3)
int(2)
