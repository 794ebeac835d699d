<?php
// A hot instance method answered by a method kernel ($this first), then receivers and property
// states that must leave the native path: a subclass (receiver class guard), an override, a float
// property where ints were seen, and an int overflow; property writes must be visible after each call.
require __DIR__ . '/wait-native.inc.php';
wait_for_service();

class Counter
{
    public $total = 0;
    public $calls = 0;
    public $scale = 3;

    function add($n)
    {
        $this->total += $n * $this->scale;
        $this->calls++;
        return $this->total;
    }
}

class SubCounter extends Counter
{
}

class DownCounter extends Counter
{
    function add($n)
    {
        $this->total -= $n;
        return $this->total;
    }
}

$c = new Counter();
$s = 0;
for ($i = 0; $i < 5000; $i++) {
    $s = ($s + $c->add($i % 7)) % 1000003;
}
echo "warmup $s {$c->total} {$c->calls}\n";
wait_for_kernel('counter::add');

$d = new Counter();
var_dump($d->add(5), $d->total, $d->calls);
$e = $d;
$e->add(1);
var_dump($d->total, $d->calls);
$sub = new SubCounter();
var_dump($sub->add(4), $sub->total, $sub->calls);
$down = new DownCounter();
var_dump($down->add(4), $down->total, $down->calls);
$d->scale = 2.5;
var_dump($d->add(2), $d->total, $d->calls);
$big = new Counter();
$big->total = PHP_INT_MAX;
var_dump($big->add(1), $big->calls);
if (function_exists('polyvirt_status')) {
    fwrite(STDERR, json_encode(polyvirt_status()['kernels']) . "\n");
}
