--TEST--
polyvirt: the local cache is refused when its dir is a symlink or shared, or an artifact is a symlink
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.local_cache=0
--FILE--
<?php
require __DIR__ . '/local-cache.inc';
require __DIR__ . '/kernels/fib.php';
$expected = [fib(15), fib(22)];

$root = lc_make_dir();
$cache = "$root/real";
mkdir($cache, 0700);
chmod($cache, 0700);
$app = 'phpt-local-cache-021';
$sha = lc_install_artifact($cache, __DIR__ . '/kernels/fib.so');
lc_write_manifest($cache, $app, ["dep-fib $sha"]);
symlink($cache, "$root/link");

$child = '<?php require ' . var_export(__DIR__ . '/kernels/fib.php', true) . ';
$r = [fib(15), fib(22)];
$s = polyvirt_status();
echo json_encode(["r" => $r, "k" => $s["kernels"], "e" => $s["errors"]]);';
$run = function (string $dir) use ($root, $child, $app) {
    [$out, $err] = lc_run($root, $child, ['polyvirt.service' => '', 'polyvirt.cache_dir' => $dir,
                                          'polyvirt.app' => $app, 'polyvirt.local_cache' => 1]);
    return [json_decode($out, true), $err];
};
$refused = fn(array $j, string $why) => count(array_filter($j['e'], fn($e) => str_contains($e, $why))) === 1;

// Sanity: the real dir works.
[$j, $err] = $run($cache);
var_dump($j['r'] === $expected, $err, $j['k']['fib']['native_calls'], $j['e']);

// Through a symlink: refused, nothing installed, same output, manifest untouched.
[$j, $err] = $run("$root/link");
var_dump($j['r'] === $expected, $err, $j['k'], $refused($j, 'is a symlink: refused'));

// Group/other accessible: refused.
chmod($cache, 0755);
[$j, $err] = $run($cache);
var_dump($j['r'] === $expected, $j['k'], $refused($j, 'group/other accessible: refused'));
chmod($cache, 0700);

// The artifact itself a symlink (to the identical bytes): refused and dropped.
unlink("$cache/$sha.so");
symlink(__DIR__ . '/kernels/fib.so', "$cache/$sha.so");
[$j, $err] = $run($cache);
var_dump($j['r'] === $expected, $j['k'], $refused($j, 'is a symlink: refused'), lc_manifest_entries($cache, $app));
lc_rmtree($root);
?>
--EXPECT--
bool(true)
string(0) ""
int(2)
array(0) {
}
bool(true)
string(0) ""
array(0) {
}
bool(true)
bool(true)
array(0) {
}
bool(true)
bool(true)
array(0) {
}
bool(true)
array(0) {
}
