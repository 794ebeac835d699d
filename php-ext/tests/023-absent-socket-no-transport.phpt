--TEST--
polyvirt: a service socket that does not exist fails the attempt without loading gRPC
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=unix:/nonexistent/polyvirt.sock
polyvirt.startup_sync_ms=5000
--FILE--
<?php
function step($x) { return $x + 1; }
$s = 0;
for ($i = 0; $i < 100000; $i++) $s = step($s);
echo $s, "\n";
$st = polyvirt_status();
var_dump($st['transport_loaded'], $st['connected'], $st['hooked'], $st['profiling']);
var_dump($st['errors']);
$maps = @file_get_contents('/proc/self/maps');
var_dump($maps !== false && !preg_match('/grpc|protobuf|absl|polyvirt_transport/', $maps));
?>
--EXPECT--
100000
bool(false)
bool(false)
bool(false)
bool(false)
array(1) {
  [0]=>
  string(74) "service unix:/nonexistent/polyvirt.sock unavailable; retrying with backoff"
}
bool(true)
