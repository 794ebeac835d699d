<?php
// The hot function is the script's first and only call: only kernels known before it starts can help.
function basel($n)
{
    $s = 0.0;
    for ($i = 1; $i <= $n; $i++) {
        $s += 1.0 / ($i * $i);
    }
    return $s;
}

echo basel(3000000), "\n";
if (function_exists('polyvirt_status')) {
    fwrite(STDERR, json_encode(polyvirt_status()['kernels']) . "\n");
}
