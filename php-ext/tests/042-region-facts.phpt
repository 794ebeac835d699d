--TEST--
polyvirt: a hot region's source carries the user classes it names (with parents, exact text) and the types of the constants and globals it reads
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
$dir = sys_get_temp_dir() . '/pv-facts-' . getmypid();
@mkdir($dir, 0700);
$sock = "$dir/s.sock";
$out = "$dir/out.jsonl";
$srv = proc_open(['node', __DIR__ . '/capture-service.mjs', $sock, $out], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo trim(fgets($pipes[1])), "\n";

$script = "$dir/child.php";
file_put_contents($script, <<<'PHP'
<?php
namespace App;
const LIMIT = 3;
define('RATE', 1.5);
class Base {
    const K = 2;
}
class Shape extends Base {
    public $n = 0;
    public static function make() { return new Shape; }
    public function area() { return $this->n * self::K; }
}
function hot($i) {
    global $total, $unset_one;        // bound (as null) by the calls before the region turned hot
    $s = Shape::make();
    $t = new Shape;
    $GLOBALS['flag'] = true;
    // Base::K and \PHP_INT_SIZE are folded at compile time: no hint for them.
    return $i * LIMIT + RATE + Base::K + \PHP_INT_SIZE + (int) $total + ($unset_one ?? 0) + (Missing::X ?? 0);
}
$total = 10;
for ($i = 0; $i < 20; $i++) { try { hot($i); } catch (\Error $e) {} }
$s = new Shape;
for ($i = 0; $i < 20; $i++) $s->area();
PHP);
$ext = realpath(__DIR__ . '/../modules/polyvirt.so');
$cmd = [PHP_BINARY, '-n', '-d', "extension=$ext", '-d', "polyvirt.service=unix:$sock", '-d', 'polyvirt.app=facts',
        '-d', 'polyvirt.hot_calls=5', '-d', 'polyvirt.shutdown_flush_ms=3000', '-d', 'polyvirt.cache_dir=' . "$dir/cache", $script];
$child = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $cp);
echo stream_get_contents($cp[1]), stream_get_contents($cp[2]);
echo "child exit ", proc_close($child), "\n";

$src = [];
for ($t = 0; $t < 100 && count($src) < 2; $t++) {
    usleep(50000);
    foreach (@file($out) ?: [] as $line) {
        $r = json_decode($line, true);
        if ($r['source'] && $r['source']['lines'][0] > 0) $src[$r['function']] = $r['source'];
    }
}
proc_terminate($srv);
proc_close($srv);
ksort($src);
$lines = file($script);
foreach ($src as $fn => $s) {
    echo "$fn:\n";
    foreach ($s['classes'] as $c) {
        $exact = $c['text'] === implode('', array_slice($lines, $c['lines'][0] - 1, $c['lines'][1] - $c['lines'][0] + 1));
        echo "  class {$c['name']} parent=", $c['parent'] ?: '-', " {$c['file']}:{$c['lines'][0]}-{$c['lines'][1]}",
             $exact ? " text exact" : " TEXT DIFFERS", $c['sha256'] === hash('sha256', $c['text']) ? ", sha256 ok" : ", SHA256 WRONG", "\n";
    }
    foreach ($s['world'] as $w) echo "  $w\n";
}
@exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECT--
ready
child exit 0
App\hot:
  class App\Shape parent=App\Base child.php:8-12 text exact, sha256 ok
  class App\Base parent=- child.php:5-7 text exact, sha256 ok
  GLOBAL total 4
  GLOBAL unset_one 1
  GLOBAL flag 3
  CONSTANT LIMIT 4
  CONSTANT RATE 5
  CONSTANT App\Missing::X 0
area:
  class App\Shape parent=App\Base child.php:8-12 text exact, sha256 ok
  class App\Base parent=- child.php:5-7 text exact, sha256 ok
make:
  class App\Shape parent=App\Base child.php:8-12 text exact, sha256 ok
  class App\Base parent=- child.php:5-7 text exact, sha256 ok
