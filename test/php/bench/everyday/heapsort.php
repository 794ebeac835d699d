<?php
// Heap sort of pseudo-random floats from a generator keeping its state in a global; constants
// for the generator, the array sorted through a by-reference parameter.
require __DIR__ . '/timing.inc.php';

const IM = 139968;
const IA = 3877;
define('IC', 29573);

function gen_random($max)
{
    global $LAST;
    $LAST = ($LAST * IA + IC) % IM;
    return $max * $LAST / IM;
}

function heapsort_r($n, &$ra)
{
    $l = ($n >> 1) + 1;
    $ir = $n;
    while (1) {
        if ($l > 1) {
            $rra = $ra[--$l];
        } else {
            $rra = $ra[$ir];
            $ra[$ir] = $ra[1];
            if (--$ir == 1) {
                $ra[1] = $rra;
                return;
            }
        }
        $i = $l;
        $j = $l << 1;
        while ($j <= $ir) {
            if (($j < $ir) && ($ra[$j] < $ra[$j + 1])) {
                $j++;
            }
            if ($rra < $ra[$j]) {
                $ra[$i] = $ra[$j];
                $j += ($i = $j);
            } else {
                $j = $ir + 1;
            }
        }
        $ra[$i] = $rra;
    }
}

function heapsort($n)
{
    $ary = [];
    for ($i = 1; $i <= $n; $i++) {
        $ary[$i] = gen_random(1);
    }
    heapsort_r($n, $ary);
    printf("%.10f\n", $ary[$n]);
}

$LAST = 42;
timed('heapsort', (int)($argv[1] ?? 1000));
