<?php
// Recursive Fibonacci: a call-heavy integer recursion.
function fib($n)
{
    return $n < 2 ? $n : fib($n - 1) + fib($n - 2);
}

$n = (int)($argv[1] ?? 30);
echo "fib($n) = ", fib($n), "\n";
