<?php
// Array fill and copy: a packed array written in order, a second one written backwards.
require __DIR__ . '/timing.inc.php';

function ary($n, $rounds)
{
    $Y = [];
    for ($r = 0; $r < $rounds; $r++) {
        $X = [];
        $Y = [];
        for ($i = 0; $i < $n; $i++) {
            $X[$i] = $i + $r;
        }
        for ($i = $n - 1; $i >= 0; $i--) {
            $Y[$i] = $X[$i];
        }
    }
    $last = $n - 1;
    print "$Y[0] $Y[$last] " . count($Y) . "\n";
}

timed('ary', (int)($argv[1] ?? 1000), (int)($argv[2] ?? 2));
