<?php
// Array sums: element-wise accumulation over two arrays created by first write, then array_sum.
require __DIR__ . '/timing.inc.php';

function ary3($n, $rounds)
{
    for ($i = 0; $i < $n; $i++) {
        $X[$i] = $i + 1;
        $Y[$i] = 0;
    }
    for ($k = 0; $k < $rounds; $k++) {
        for ($i = $n - 1; $i >= 0; $i--) {
            $Y[$i] += $X[$i];
        }
    }
    $last = $n - 1;
    print "$Y[0] $Y[$last] " . array_sum($Y) . "\n";
}

timed('ary3', (int)($argv[1] ?? 1000), (int)($argv[2] ?? 100));
