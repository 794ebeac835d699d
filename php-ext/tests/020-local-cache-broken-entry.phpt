--TEST--
polyvirt: broken local-cache manifest entries are dropped and reported, output unchanged
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.local_cache=0
--FILE--
<?php
require __DIR__ . '/local-cache.inc';
require __DIR__ . '/kernels/fib.php';
require __DIR__ . '/kernels/add.php';
$expected = [fib(20), fib(25), add(2, 3), add(PHP_INT_MAX, 1), add(-7, 7)];

$cache = lc_make_dir();
$app = 'phpt-local-cache-020';
$add = lc_install_artifact($cache, __DIR__ . '/kernels/add.so');
// fib's artifact under its own sha256 name, but one byte flipped since.
$fib = lc_install_artifact($cache, __DIR__ . '/kernels/fib.so');
$bytes = file_get_contents("$cache/$fib.so");
$bytes[intdiv(strlen($bytes), 2)] = chr(ord($bytes[intdiv(strlen($bytes), 2)]) ^ 0xff);
file_put_contents("$cache/$fib.so", $bytes);
$gone = str_repeat('ab', 32); // listed, never written
$bad = lc_install_artifact($cache, __DIR__ . '/kernels/badabi.so'); // descriptor with abi_version 99
lc_write_manifest($cache, $app, ["dep-fib $fib", "dep-add $add", "not a valid line", "dep-gone $gone", "dep-bad $bad"]);

$child = '<?php require ' . var_export(__DIR__ . '/kernels/fib.php', true) . ';
require ' . var_export(__DIR__ . '/kernels/add.php', true) . ';
$r = [fib(20), fib(25), add(2, 3), add(PHP_INT_MAX, 1), add(-7, 7)];
$s = polyvirt_status();
echo json_encode(["r" => $r, "k" => $s["kernels"], "e" => $s["errors"]]);';
$ini = ['polyvirt.service' => '', 'polyvirt.cache_dir' => $cache, 'polyvirt.app' => $app, 'polyvirt.local_cache' => 1];

[$out, $err] = lc_run($cache, $child, $ini);
$j = json_decode($out, true);
var_dump($j['r'] === $expected, $err, array_keys($j['k']), $j['k']['add']['native_calls'], $j['k']['add']['deopts']);
$has = fn(string ...$parts) => count(array_filter($j['e'], function ($e) use ($parts) {
    foreach ($parts as $p) if (!str_contains($e, $p)) return false;
    return true;
})) === 1;
var_dump(count($j['e']), $has('dep-fib', 'sha256 mismatch', 'dropped'), $has('dep-gone', 'missing', 'dropped'),
         $has('line 3', 'malformed', 'dropped'), $has('dep-bad', 'abi_version 99', 'dropped'));
// Only the good entry is left.
var_dump(lc_manifest_entries($cache, $app) === ["dep-add $add"]);

// The next process finds a clean manifest: the good kernel, no errors.
[$out, $err] = lc_run($cache, $child, $ini);
$j = json_decode($out, true);
var_dump($j['r'] === $expected, $err, array_keys($j['k']), $j['e']);
lc_rmtree($cache);
?>
--EXPECT--
bool(true)
string(0) ""
array(1) {
  [0]=>
  string(3) "add"
}
int(2)
int(1)
int(4)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
string(0) ""
array(1) {
  [0]=>
  string(3) "add"
}
array(0) {
}
