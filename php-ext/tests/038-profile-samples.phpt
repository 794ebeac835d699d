--TEST--
polyvirt: profiles carry by_ref_mask, the referenced value's type, and samples of small string and array arguments (larger ones skipped)
--EXTENSIONS--
polyvirt
--SKIPIF--
<?php
exec('node --version 2>/dev/null', $o, $rc);
if ($rc !== 0) die('skip node is not installed');
?>
--INI--
polyvirt.service=
--FILE--
<?php
$dir = sys_get_temp_dir() . '/pv-capture-' . getmypid();
@mkdir($dir, 0700);
$sock = "$dir/s.sock";
$out = "$dir/out.jsonl";
$srv = proc_open(['node', __DIR__ . '/capture-service.mjs', $sock, $out], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo trim(fgets($pipes[1])), "\n";

$script = "$dir/child.php";
file_put_contents($script, <<<'PHP'
<?php
function take(string $s, array &$a, $x) { return strlen($s) + count($a); }
function plain($v) { return $v; }
$arr = [1, 'k' => 'v', 2 => [true, null, 1.5], 3 => -0.0];
for ($i = 1; $i <= 384; $i++) {
    if ($i == 1) take("h\xc3\xa9llo\0", $arr, 7);
    elseif ($i == 64) { $list = range(1, 64); take(str_repeat('s', 256), $list, 'x'); }
    elseif ($i == 128) take(str_repeat('x', 257), $arr, 1);         // string over 256 bytes
    elseif ($i == 192) { $deep = [[[1]]]; take("d", $deep, 2); }     // arrays 3 deep
    elseif ($i == 256) { $many = range(1, 65); take("m", $many, 4); } // 65 elements
    elseif ($i == 320) { $long = [str_repeat('y', 65)]; take("l", $long, 5); } // leaf over 64 bytes
    elseif ($i == 384) { $o = [new stdClass]; take("o", $o, 6); }    // an object
    else take("z", $arr, $i);
}
$r = [1]; $r2 = &$r[0];
plain($r);                            // a reference inside an array has no sample form
plain(1.5);                           // (the second call is not sampled)
class A {} class B {}
function objs($o, $p, $q) { return 1; }
objs(new A, 1, 2);
objs(new B, new A, 3);                // parameter 0 saw two classes, 1 one, 2 none
class P { public $x = 1; private $s = 'k'; protected $arr = [1]; public $o = null;
          function m($v) { return $v; } }
$p = new P;
$p->m(new A);                         // an instance method's sample starts with $this
#[AllowDynamicProperties] class Dyn { public $a = 1; }
function one($o) { return $o; }
$d = new Dyn; $d->extra = 2;
one($d);                              // a dynamic property: no sample
$p2 = new P; $p2->o = new A;
$p2->m(1);                            // (not sampled: second call)
function two($o) { return $o; }
two($p2);                             // an object inside an object: recorded one level deep
PHP);
$ext = realpath(__DIR__ . '/../modules/polyvirt.so');
$cmd = [PHP_BINARY, '-n', '-d', "extension=$ext", '-d', "polyvirt.service=unix:$sock", '-d', 'polyvirt.app=capture',
        '-d', 'polyvirt.shutdown_flush_ms=3000', '-d', 'polyvirt.flush_interval_ms=60000', '-d', 'polyvirt.cache_dir=' . "$dir/cache", $script];
$child = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $cp);
echo stream_get_contents($cp[1]), stream_get_contents($cp[2]);
echo "child exit ", proc_close($child), "\n";

$regions = [];
for ($t = 0; $t < 100 && count($regions) < 6; $t++) {
    usleep(50000);
    $regions = [];
    foreach (@file($out) ?: [] as $line) {
        $r = json_decode($line, true);
        $regions[$r['function']] ??= ['by_ref_mask' => $r['by_ref_mask'], 'by_ref_params' => $r['by_ref_params'], 'types' => [], 'samples' => [], 'classes' => []];
        if ($r['arg_classes']) $regions[$r['function']]['classes'][] = json_encode($r['arg_classes']);
        foreach ($r['arg_types'] as $t2) $regions[$r['function']]['types'][implode(',', $t2)] = true;
        foreach ($r['samples'] as $s) $regions[$r['function']]['samples'][json_encode($s)] = true;
    }
}
proc_terminate($srv);
proc_close($srv);
// Compact rendering of sample values; long byte strings as their length.
function show($v) {
    if (array_is_list($v)) return '(' . implode(', ', array_map('show', $v)) . ')';
    $k = array_key_first($v);
    $x = $v[$k];
    return match ($k) {
        'null' => 'null',
        'bool' => $x ? 'true' : 'false',
        'int' => $x,
        'float' => "float $x",
        'string' => strlen($x) > 40 ? '<' . strlen($x) / 2 . ' bytes>' : "x'$x'",
        'array' => '[' . implode(', ', array_map(fn ($e) => (is_int($e[0]) ? $e[0] : "x'$e[0]'") . ' => ' . show($e[1]), $x)) . ']',
        'object' => "$x{" . implode(', ', array_map(fn ($e) => hex2bin($e[0]) . ': ' . show($e[1]), $v['props'])) . '}',
    };
}
ksort($regions);
foreach ($regions as $fn => $r) {
    echo "$fn: by_ref_mask=", $r['by_ref_mask'], " by_ref_params=", var_export($r['by_ref_params'], true), "\n";
    echo "  types: ", implode(' | ', array_keys($r['types'])), "\n";
    if ($r['classes']) echo "  arg_classes: ", implode(' | ', $r['classes']), "\n";
    foreach (array_keys($r['samples']) as $s) echo "  sample: ", show(json_decode($s, true)), "\n";
    if (!$r['samples']) echo "  no samples\n";
}
array_map('unlink', glob("$dir/*.*"));
@exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECT--
ready
child exit 0
m: by_ref_mask=0 by_ref_params=false
  types: 8 | 4
  arg_classes: ["a"]
  sample: (P{x: 1, s: x'6b', arr: [0 => 1], o: null}, A{})
objs: by_ref_mask=0 by_ref_params=false
  types: 8,4,4 | 8,8,4
  arg_classes: ["*","a",""]
  sample: (A{}, 1, 2)
one: by_ref_mask=0 by_ref_params=false
  types: 8
  arg_classes: ["dyn"]
  no samples
plain: by_ref_mask=0 by_ref_params=false
  types: 7 | 5
  no samples
take: by_ref_mask=2 by_ref_params=true
  types: 6,7,4 | 6,7,6
  sample: (x'68c3a96c6c6f00', [0 => 1, x'6b' => x'76', 2 => [0 => true, 1 => null, 2 => float 1.5], 3 => float -0], 7)
  sample: (<256 bytes>, [0 => 1, 1 => 2, 2 => 3, 3 => 4, 4 => 5, 5 => 6, 6 => 7, 7 => 8, 8 => 9, 9 => 10, 10 => 11, 11 => 12, 12 => 13, 13 => 14, 14 => 15, 15 => 16, 16 => 17, 17 => 18, 18 => 19, 19 => 20, 20 => 21, 21 => 22, 22 => 23, 23 => 24, 24 => 25, 25 => 26, 26 => 27, 27 => 28, 28 => 29, 29 => 30, 30 => 31, 31 => 32, 32 => 33, 33 => 34, 34 => 35, 35 => 36, 36 => 37, 37 => 38, 38 => 39, 39 => 40, 40 => 41, 41 => 42, 42 => 43, 43 => 44, 44 => 45, 45 => 46, 46 => 47, 47 => 48, 48 => 49, 49 => 50, 50 => 51, 51 => 52, 52 => 53, 53 => 54, 54 => 55, 55 => 56, 56 => 57, 57 => 58, 58 => 59, 59 => 60, 60 => 61, 61 => 62, 62 => 63, 63 => 64], x'78')
two: by_ref_mask=0 by_ref_params=false
  types: 8
  arg_classes: ["p"]
  sample: (P{x: 1, s: x'6b', arr: [0 => 1], o: A{}})
