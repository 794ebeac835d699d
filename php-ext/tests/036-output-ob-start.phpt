--TEST--
polyvirt: an output kernel's journal lands in the active output buffer, in order with PHP's own echo (binary-safe)
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/show.so
--FILE--
<?php
require __DIR__ . '/kernels/show.php';
ob_start(fn ($buf) => strtoupper($buf));
echo "a\n";
$n = show("bee");
echo "c\n";
ob_start();
show("in\0ner");
$inner = ob_get_clean();
ob_end_flush();
var_dump($n, bin2hex($inner));
show("plain");
$k = polyvirt_status()['kernels']['show'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
A
[BEE]
C
int(3)
string(18) "5b696e006e65725d0a"
[plain]
int(3)
int(0)
