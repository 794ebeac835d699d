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
echo "ack($m, $n) = ", ack($m, $n), "\n";
