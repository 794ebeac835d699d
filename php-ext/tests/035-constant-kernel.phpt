--TEST--
polyvirt: a constant kernel reads define()d (namespaced) and class constants without autoloading; unloaded classes and unevaluated constants DEOPT
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/scaled.so
--FILE--
<?php
require __DIR__ . '/kernels/scaled.php';
spl_autoload_register(function ($c) {
    echo "autoload $c\n";
    if ($c === 'Cfg') eval('class Cfg { const LATE = LIMIT * 2; }');
});
define('Ns\OFF', 1);                  // stored with its namespace lowercased
try {
    scaled(2);                        // Cfg not loaded: DEOPT, PHP autoloads, LIMIT undefined
} catch (Error $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
}
define('LIMIT', 10);
var_dump(scaled(2));                  // Cfg::LATE still unevaluated: DEOPT, PHP evaluates it
var_dump(scaled(3), scaled(-4));      // native
var_dump(scaled(PHP_INT_MAX));        // overflow: DEOPT
$k = polyvirt_status()['kernels']['scaled'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
autoload Cfg
Error: Undefined constant "LIMIT"
int(41)
int(61)
int(-79)
float(1.844674407370955E+20)
int(2)
int(3)
