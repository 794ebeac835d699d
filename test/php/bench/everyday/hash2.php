<?php
// Hashes keyed by "foo_$i": one filled, the other accumulated by foreach over the first.
require __DIR__ . '/timing.inc.php';

function hash2($n, $rounds)
{
    $hash1 = [];
    $hash2 = [];
    for ($i = 0; $i < $n; $i++) {
        $hash1["foo_$i"] = $i;
        $hash2["foo_$i"] = 0;
    }
    for ($r = $rounds; $r > 0; $r--) {
        foreach ($hash1 as $key => $value) {
            $hash2[$key] += $value;
        }
    }
    $first = "foo_0";
    $last = "foo_" . ($n - 1);
    print "$hash1[$first] $hash1[$last] $hash2[$first] $hash2[$last]\n";
}

timed('hash2', (int)($argv[1] ?? 1000), (int)($argv[2] ?? 10));
