<?php
// Ackermann function: deep, irregular integer recursion.
function ack($m, $n)
{
    if ($m == 0) {
        return $n + 1;
    }
    if ($n == 0) {
        return ack($m - 1, 1);
    }
    return ack($m - 1, ack($m, $n - 1));
}

$m = (int)($argv[1] ?? 2);
$n = (int)($argv[2] ?? 9);
$t0 = hrtime(true);
$r = ack($m, $n);
$t1 = hrtime(true);
echo "ack($m, $n) = ", $r, "\n";
if (getenv('POLYVIRT_BENCH_TIMING')) {
    fwrite(STDERR, 'compute_ms=' . (($t1 - $t0) / 1e6) . "\n");
}
