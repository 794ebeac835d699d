<?php
// Runs for a few seconds printing progress: the service is killed while it runs.
function fib($n)
{
    return $n < 2 ? $n : fib($n - 1) + fib($n - 2);
}

$rounds = (int)($argv[1] ?? 20);
for ($r = 0; $r < $rounds; $r++) {
    echo $r, ' ', fib(25), "\n";
    usleep(50000);
}
echo "done\n";
