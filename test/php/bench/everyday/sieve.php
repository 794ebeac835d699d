<?php
// Sieve of Eratosthenes over range().
require __DIR__ . '/timing.inc.php';

function sieve($n)
{
    $count = 0;
    while ($n-- > 0) {
        $count = 0;
        $flags = range(0, 8192);
        for ($i = 2; $i < 8193; $i++) {
            if ($flags[$i] > 0) {
                for ($k = $i + $i; $k <= 8192; $k += $i) {
                    $flags[$k] = 0;
                }
                $count++;
            }
        }
    }
    print "Count: $count\n";
}

timed('sieve', (int)($argv[1] ?? 10));
