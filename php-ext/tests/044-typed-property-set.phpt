--TEST--
polyvirt: property_set on a typed property coerces or throws TypeError exactly like the assignment in PHP
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/typed.so
--FILE--
<?php
require __DIR__ . '/kernels/typed.php';
$t = new Typed;
var_dump($t->setn("5"), $t->n);
try {
    $r = $t->setn("abc");
} catch (TypeError $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
    var_dump(isset($r), $t->n);
}
$k = polyvirt_status()['kernels']['typed::setn'];
var_dump($k['native_calls']);
?>
--EXPECT--
int(1)
int(5)
TypeError: Cannot assign string to property Typed::$n of type int
bool(false)
int(5)
int(2)
