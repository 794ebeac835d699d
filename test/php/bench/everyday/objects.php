<?php
// Small objects in a hot loop: Vec3 values with a constructor, declared properties and small
// methods, and particles holding Vec3s, stepped through a damped spring between two bodies.
require __DIR__ . '/timing.inc.php';

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

    function sub($o)
    {
        return new Vec3($this->x - $o->x, $this->y - $o->y, $this->z - $o->z);
    }

    function scale($k)
    {
        return new Vec3($this->x * $k, $this->y * $k, $this->z * $k);
    }

    function dot($o)
    {
        return $this->x * $o->x + $this->y * $o->y + $this->z * $o->z;
    }

    function length()
    {
        return sqrt($this->dot($this));
    }
}

class Particle
{
    public $pos;
    public $vel;
    public $mass;
    public $steps = 0;

    function __construct($pos, $vel, $mass)
    {
        $this->pos = $pos;
        $this->vel = $vel;
        $this->mass = $mass;
    }

    function push($force, $dt)
    {
        $acc = $force->scale(1.0 / $this->mass);
        $this->vel = $this->vel->add($acc->scale($dt));
        $this->pos = $this->pos->add($this->vel->scale($dt));
        $this->steps++;
    }

    function energy()
    {
        return 0.5 * $this->mass * $this->vel->dot($this->vel);
    }
}

function objects($steps, $rounds)
{
    $rest = 1.5;
    $k = 40.0;
    $dt = 0.001;
    $total = 0.0;
    for ($r = 0; $r < $rounds; $r++) {
        $a = new Particle(new Vec3(1.0 + $r, 0.0, 0.0), new Vec3(0.0, 0.5, 0.1), 1.0);
        $b = new Particle(new Vec3(-1.0, 0.25, 0.0), new Vec3(0.0, -0.5, 0.0), 2.0 + $r);
        for ($i = 0; $i < $steps; $i++) {
            $d = $b->pos->sub($a->pos);
            $len = $d->length();
            $f = $d->scale($k * ($len - $rest) / $len);
            $f = $f->sub($a->vel->sub($b->vel)->scale(0.05));
            $a->push($f, $dt);
            $b->push($f->scale(-1.0), $dt);
        }
        $e = $a->energy() + $b->energy();
        $total += $e;
        printf("round %d: a=(%.6f, %.6f, %.6f) b=(%.6f, %.6f, %.6f) energy=%.9f steps=%d\n",
            $r, $a->pos->x, $a->pos->y, $a->pos->z, $b->pos->x, $b->pos->y, $b->pos->z, $e, $a->steps + $b->steps);
    }
    echo "total energy: ", round($total, 6), "\n";
}

timed('objects', (int)($argv[1] ?? 1000), (int)($argv[2] ?? 3));
