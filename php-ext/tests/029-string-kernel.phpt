--TEST--
polyvirt: a string kernel reads PV_STRING arguments and returns an owned string (binary-safe, used or not)
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/tag.so
--FILE--
<?php
require __DIR__ . '/kernels/tag.php';
var_dump(tag("abc", "def"));
var_dump(tag("", ""));
var_dump(bin2hex(tag("a\0b", "\xff")));
$s = str_repeat("x", 1000);
var_dump(strlen(tag($s, $s)));
tag("unused", "result");
$interned = "lit";
var_dump(tag($interned, $interned) === "3:litlit");
var_dump(tag(12, "x")); // int: the guard refuses, PHP runs
$k = polyvirt_status()['kernels']['tag'];
var_dump($k['native_calls'], $k['guard_failures'], $k['deopts']);
?>
--EXPECT--
string(8) "3:abcdef"
string(2) "0:"
string(12) "333a610062ff"
int(2005)
bool(true)
string(5) "2:12x"
int(6)
int(1)
int(0)
