<?php
// Recursion: Fibonacci, Ackermann and Takeuchi.
require __DIR__ . '/timing.inc.php';

function fibo($n)
{
    return $n < 2 ? 1 : fibo($n - 2) + fibo($n - 1);
}

function ack($m, $n)
{
    if ($m == 0) return $n + 1;
    if ($n == 0) return ack($m - 1, 1);
    return ack($m - 1, ack($m, $n - 1));
}

function tak($x, $y, $z)
{
    return $y >= $x ? $z : tak(tak($x - 1, $y, $z), tak($y - 1, $z, $x), tak($z - 1, $x, $y));
}

function recursion($n)
{
    echo fibo($n), " ", ack(3, $n - 23), " ", tak(24, 16, 8), "\n";
}

timed('recursion', (int)($argv[1] ?? 25));
