<?php
// A hash keyed by dechex() strings: fill, then look every key up again.
require __DIR__ . '/timing.inc.php';

function hash1($n, $rounds)
{
    $c = 0;
    for ($r = 0; $r < $rounds; $r++) {
        $c += hash1_round($n);
    }
    print "$c\n";
}

function hash1_round($n)
{
    $X = [];
    for ($i = 1; $i <= $n; $i++) {
        $X[dechex($i)] = $i;
    }
    $c = 0;
    for ($i = $n; $i > 0; $i--) {
        if ($X[dechex($i)]) {
            $c++;
        }
    }
    return $c;
}

timed('hash1', (int)($argv[1] ?? 1000), (int)($argv[2] ?? 2));
