<?php
// String append loops: .= with interpolation, then strlen and the tail of the result.
require __DIR__ . '/timing.inc.php';

function strcat($n, $rounds)
{
    $s = "";
    $t = "";
    for ($r = 0; $r < $rounds; $r++) {
        $s = "";
        for ($i = 0; $i < $n; $i++) {
            $s .= "hello $i\n";
        }
        $t = "";
        for ($i = 0; $i < $n; $i++) {
            $t .= 'x';
        }
    }
    print strlen($s) . " " . strlen($t) . "\n" . substr($s, -20);
}

timed('strcat', (int)($argv[1] ?? 1000), (int)($argv[2] ?? 2));
