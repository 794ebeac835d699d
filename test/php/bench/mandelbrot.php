<?php
// Mandelbrot escape counts: nested float loops in one call.
function mandelbrot($width, $height, $maxIter)
{
    $total = 0;
    for ($y = 0; $y < $height; $y++) {
        $ci = 2.0 * $y / $height - 1.0;
        for ($x = 0; $x < $width; $x++) {
            $cr = 2.5 * $x / $width - 2.0;
            $zr = 0.0;
            $zi = 0.0;
            $i = 0;
            while ($i < $maxIter && $zr * $zr + $zi * $zi <= 4.0) {
                $t = $zr * $zr - $zi * $zi + $cr;
                $zi = 2.0 * $zr * $zi + $ci;
                $zr = $t;
                $i++;
            }
            $total += $i;
        }
    }
    return $total;
}

// Formats a report line: strings are outside the scalar subset, so this region is declined.
function describe($label, $value)
{
    return sprintf("%-12s %s", $label, $value);
}

$w = (int)($argv[1] ?? 200);
$h = (int)($argv[2] ?? 150);
$iter = (int)($argv[3] ?? 255);
$t0 = hrtime(true);
$total = mandelbrot($w, $h, $iter);
$t1 = hrtime(true);
$line = '';
for ($i = 0; $i < 2000; $i++) {
    $line = describe("escapes", $total);
}
echo $line, "\n";
if (getenv('POLYVIRT_BENCH_TIMING')) {
    fwrite(STDERR, 'compute_ms=' . (($t1 - $t0) / 1e6) . "\n");
}
