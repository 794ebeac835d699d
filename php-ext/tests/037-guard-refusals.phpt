--TEST--
polyvirt: guards refuse typed references and non-references; a reference element inside an array makes the kernel DEOPT; PHP's results are unchanged
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
polyvirt.preload={PWD}/kernels/pushsq.so,{PWD}/kernels/asum.so
--FILE--
<?php
require __DIR__ . '/kernels/pushsq.php';
require __DIR__ . '/kernels/asum.php';
class Box { public array $items = []; }
$b = new Box;
var_dump(push_sq($b->items, 3));      // a reference to a typed property: the guard refuses
$r = &$b->items;
var_dump(push_sq($r, 4), $b->items);  // still typed (the property is a type source)
$n = 5;
try { push_sq($n, 1); } catch (TypeError $e) { echo "TypeError\n"; } // referenced value is no array
$k = polyvirt_status()['kernels']['push_sq'];
var_dump($k['native_calls'], $k['guard_failures']);

$a = [1, 2, 3];
$ref = &$a[1];                        // element 1 is now a reference slot
var_dump(asum($a));                   // the kernel sees PV_REFERENCE and DEOPTs
$ref = 10;
var_dump(asum($a));
unset($ref);
$nested = [[1], 2];                   // an array element is no int: DEOPT, PHP throws
try { asum($nested); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
$k = polyvirt_status()['kernels']['asum'];
var_dump($k['native_calls'], $k['deopts']);
?>
--EXPECT--
int(1)
int(2)
array(2) {
  [0]=>
  int(9)
  [1]=>
  int(16)
}
TypeError
int(0)
int(3)
int(6)
int(14)
Unsupported operand types: int + array
int(0)
int(3)
