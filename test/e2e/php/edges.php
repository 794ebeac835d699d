<?php
// Hot scalar functions, then the calls that must leave the native path: overflow, guard misses, division by zero.
require __DIR__ . '/wait-native.inc.php';
wait_for_service();

function add($a, $b)
{
    return $a + $b;
}

function ratio($a, $b)
{
    return intdiv($a, $b) + $a % $b;
}

$s = 0;
for ($i = 0; $i < 5000; $i++) {
    $s = add($s, $i) % 1000003;
    $s += ratio($i + 7, 3);
}
echo "warmup $s\n";
wait_for_kernel('add');
wait_for_kernel('ratio');

var_dump(add(PHP_INT_MAX, 1));
var_dump(add(PHP_INT_MIN, -1));
var_dump(add(1.5, 2));
var_dump(add(2, true));
var_dump(add(40, 2));
var_dump(ratio(17, 5));
foreach ([[PHP_INT_MIN, -1], [1, 0], [PHP_INT_MIN, 7]] as [$a, $b]) {
    try {
        var_dump(ratio($a, $b));
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), ' at line ', $e->getLine(), "\n";
    }
}
if (function_exists('polyvirt_status')) {
    $k = polyvirt_status()['kernels'];
    fwrite(STDERR, json_encode($k) . "\n");
}
echo ratio(5, 0), "\n";
