--TEST--
polyvirt: force mode is off by default (no 'forced' status entry, no waiting)
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=unix:/nonexistent/polyvirt.sock
--FILE--
<?php
function add($a, $b) { return $a + $b; }
var_dump(add(1, 2));
$st = polyvirt_status();
var_dump(array_key_exists('forced', $st), ini_get('polyvirt.force'), ini_get('polyvirt.force_timeout_ms'));
?>
--EXPECT--
int(3)
bool(false)
string(1) "0"
string(5) "30000"
