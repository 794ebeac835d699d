--TEST--
polyvirt: force mode with an absent service neither hangs nor changes output; every function runs in PHP
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=unix:/nonexistent/polyvirt.sock
polyvirt.force=1
polyvirt.force_timeout_ms=30000
--FILE--
<?php
function add($a, $b) { return $a + $b; }
function half($x) { return $x / 2; }
function greet($n) { return "hi " . $n; }
var_dump(add(1, 2), add(PHP_INT_MAX, 1) === (float)PHP_INT_MAX, add(1.5, 2));
var_dump(half(3), half(4));
var_dump(greet("x"));
$st = polyvirt_status();
var_dump($st['transport_loaded'], $st['connected'], $st['kernels']);
ksort($st['forced']);
foreach ($st['forced'] as $key => $what) echo basename($key), ' => ', $what, "\n";
foreach ($st['errors'] as $e) echo $e, "\n";
?>
--EXPECT--
int(3)
bool(true)
float(3.5)
float(1.5)
int(2)
string(4) "hi x"
bool(false)
bool(false)
array(0) {
}
027-force-no-service.php::::add => unavailable
027-force-no-service.php::::greet => unavailable
027-force-no-service.php::::half => unavailable
service unix:/nonexistent/polyvirt.sock unavailable; retrying with backoff
force mode: no stream to the service; functions run interpreted
