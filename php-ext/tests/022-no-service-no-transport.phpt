--TEST--
polyvirt: with polyvirt.service="" the gRPC transport plugin is never loaded, calls stay plain
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
--FILE--
<?php
function step($x) { return $x + 1; }
$s = 0;
for ($i = 0; $i < 100000; $i++) $s = step($s);
echo $s, "\n";
usleep(100000);
$st = polyvirt_status();
var_dump($st['transport_loaded'], $st['connected'], $st['hooked'], $st['profiling'], $st['errors']);
// Nothing of gRPC, protobuf or abseil is mapped into the process.
$maps = @file_get_contents('/proc/self/maps');
var_dump($maps !== false && !preg_match('/grpc|protobuf|absl|polyvirt_transport/', $maps));
?>
--EXPECT--
100000
bool(false)
bool(false)
bool(false)
bool(false)
array(0) {
}
bool(true)
