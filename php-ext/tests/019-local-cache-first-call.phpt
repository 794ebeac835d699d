--TEST--
polyvirt: a kernel listed in the app's local-cache manifest runs native from the very first call
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.local_cache=0
--FILE--
<?php
require __DIR__ . '/local-cache.inc';
require __DIR__ . '/kernels/fib.php';
$args = [0, 1, 10, 20, 27];
$expected = array_map('fib', $args); // this process has no kernel: plain PHP results

$cache = lc_make_dir();
$app = 'phpt-local-cache-019';
$sha = lc_install_artifact($cache, __DIR__ . '/kernels/fib.so');
lc_write_manifest($cache, $app, ["dep-fib-1 $sha"]);

$child = '<?php require ' . var_export(__DIR__ . '/kernels/fib.php', true) . ';
$r = [];
foreach (' . var_export($args, true) . ' as $n) $r[] = fib($n);
$s = polyvirt_status();
echo json_encode(["r" => $r, "k" => $s["kernels"], "e" => $s["errors"]]);';
$ini = ['polyvirt.service' => '', 'polyvirt.cache_dir' => $cache, 'polyvirt.app' => $app];

[$out, $err] = lc_run($cache, $child, $ini + ['polyvirt.local_cache' => 1]);
$j = json_decode($out, true);
var_dump($j['r'] === $expected, $err, $j['e']);
var_dump($j['k']['fib']); // every one of the 5 calls native, the first included

// The manifest is untouched by a run that only read it.
var_dump(lc_manifest_entries($cache, $app) === ["dep-fib-1 $sha"]);

// polyvirt.local_cache=0: the manifest is ignored.
[$out, $err] = lc_run($cache, $child, $ini + ['polyvirt.local_cache' => 0]);
$j = json_decode($out, true);
var_dump($j['r'] === $expected, $err, $j['k'], $j['e']);

// Another app name has no manifest: nothing installed, nothing reported.
[$out, $err] = lc_run($cache, $child, ['polyvirt.app' => 'some-other-app'] + $ini);
$j = json_decode($out, true);
var_dump($j['r'] === $expected, $j['k'], $j['e']);
lc_rmtree($cache);
?>
--EXPECT--
bool(true)
string(0) ""
array(0) {
}
array(4) {
  ["native_calls"]=>
  int(5)
  ["guard_failures"]=>
  int(0)
  ["deopts"]=>
  int(0)
  ["throws"]=>
  int(0)
}
bool(true)
bool(true)
string(0) ""
array(0) {
}
array(0) {
}
bool(true)
array(0) {
}
array(0) {
}
