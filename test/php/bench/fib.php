<?php
// Recursive Fibonacci: a call-heavy integer recursion.
function fib($n)
{
    return $n < 2 ? $n : fib($n - 1) + fib($n - 2);
}

$n = (int)($argv[1] ?? 30);
$t0 = hrtime(true);
$r = fib($n);
$t1 = hrtime(true);
echo "fib($n) = ", $r, "\n";
if (getenv('POLYVIRT_BENCH_TIMING')) {
    fwrite(STDERR, 'compute_ms=' . (($t1 - $t0) / 1e6) . "\n");
}
