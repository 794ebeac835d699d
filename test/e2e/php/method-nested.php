<?php
// A hot method whose receiver holds objects: Particle::push reads and replaces its Vec3
// properties natively; the objects it creates are visible to PHP after each call.
require __DIR__ . '/wait-native.inc.php';
wait_for_service();

class Vec3
{
    public $x;
    public $y;
    public $z;

    function __construct($x, $y, $z)
    {
        $this->x = $x;
        $this->y = $y;
        $this->z = $z;
    }

    function add($o)
    {
        return new Vec3($this->x + $o->x, $this->y + $o->y, $this->z + $o->z);
    }

    function scale($k)
    {
        return new Vec3($this->x * $k, $this->y * $k, $this->z * $k);
    }
}

class Particle
{
    public $pos;
    public $vel;
    public $mass = 2.0;
    public $steps = 0;

    function __construct($pos, $vel)
    {
        $this->pos = $pos;
        $this->vel = $vel;
    }

    function push($force, $dt)
    {
        $acc = $force->scale(1.0 / $this->mass);
        $this->vel = $this->vel->add($acc->scale($dt));
        $this->pos = $this->pos->add($this->vel->scale($dt));
        $this->steps++;
        return $this->steps;
    }
}

$p = new Particle(new Vec3(0.0, 1.0, 2.0), new Vec3(0.5, 0.0, -0.5));
$g = new Vec3(0.0, -9.81, 0.0);
for ($i = 0; $i < 3000; $i++) {
    $p->push($g, 0.001);
}
printf("warmup %.9f %.9f %.9f %d\n", $p->pos->x, $p->pos->y, $p->pos->z, $p->steps);
wait_for_kernel('particle::push');

$q = new Particle(new Vec3(1.0, 1.0, 1.0), new Vec3(0.0, 0.0, 0.0));
$oldVel = $q->vel;
var_dump($q->push(new Vec3(2.0, 0.0, 0.0), 0.5));
var_dump($q->vel === $oldVel, $oldVel->x, $q->vel->x, $q->pos->x);
$shared = new Vec3(1.0, 2.0, 3.0);
$r = new Particle($shared, $shared);
$r->push(new Vec3(0.0, 0.0, 4.0), 1.0);
var_dump($shared->z, $r->vel->z, $r->pos->z, $r->pos === $shared);
$q->mass = 0;
try {
    $q->push($g, 0.5);
} catch (DivisionByZeroError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
var_dump($q->steps);
if (function_exists('polyvirt_status')) {
    fwrite(STDERR, json_encode(polyvirt_status()['kernels']) . "\n");
}
