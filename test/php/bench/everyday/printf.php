<?php
// Formatted output: printf and number_format in a loop.
require __DIR__ . '/timing.inc.php';

function report($n)
{
    $total = 0.0;
    for ($i = 1; $i <= $n; $i++) {
        $v = $i * 1.5 / 7;
        $total += $v;
        printf("%6d %10.4f %-8s|%x\n", $i, $v, "r" . ($i % 97), $i);
    }
    echo "total ", number_format($total, 3), "\n";
}

timed('report', (int)($argv[1] ?? 100));
