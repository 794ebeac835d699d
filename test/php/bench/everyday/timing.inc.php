<?php
// Shared driver of the everyday benchmark programs: runs one call and, when the benchmark asks
// for it (POLYVIRT_BENCH_TIMING), reports the call's time on stderr so stdout stays comparable.
function timed(string $fn, ...$args)
{
    $t0 = hrtime(true);
    $fn(...$args);
    $t1 = hrtime(true);
    if (getenv('POLYVIRT_BENCH_TIMING')) {
        fwrite(STDERR, 'compute_ms=' . (($t1 - $t0) / 1e6) . "\n");
    }
}
