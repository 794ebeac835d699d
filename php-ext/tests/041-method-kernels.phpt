--TEST--
polyvirt: method kernels get $this first, read and write properties, return $this or a new object, and run only for exactly their receiver class
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/point.so
--FILE--
<?php
require __DIR__ . '/kernels/point.php';
class Point3 extends Point { public $z = 0; }
$p = new Point;
$p->x = 3; $p->y = 4;
var_dump($p->sum());
var_dump($p->shift(10) === $p, $p->x);
$q = $p->scaled(2);
var_dump($q, $q === $p, $p->sum(), $q->sum());
$p->shift(1)->shift(1);                   // the result of the inner call is the receiver
var_dump($p->x);
var_dump(Point::twice(21));
$c = new Point3;                          // a subclass: the receiver guard refuses, PHP runs
$c->x = 1;
var_dump($c->sum(), get_class($c->scaled(3)));
$p->x = 1.5;                              // a float property: DEOPT
var_dump($p->sum());
unset($p->y);                             // an unset property: DEOPT, PHP warns
var_dump($p->sum());
$s = polyvirt_status()['kernels'];
foreach (['point::sum', 'point::shift', 'point::scaled', 'point::twice'] as $k)
    echo "$k native=", $s[$k]['native_calls'], " guard=", $s[$k]['guard_failures'], " deopt=", $s[$k]['deopts'], "\n";
?>
--EXPECTF--
int(7)
bool(true)
int(13)
object(Point)#%d (2) {
  ["x"]=>
  int(26)
  ["y"]=>
  int(8)
}
bool(false)
int(17)
int(34)
int(15)
int(42)
int(1)
string(5) "Point"
float(5.5)

Warning: Undefined property: Point::$y in %s on line %d
float(1.5)
point::sum native=3 guard=1 deopt=2
point::shift native=3 guard=0 deopt=0
point::scaled native=1 guard=1 deopt=0
point::twice native=1 guard=0 deopt=0
