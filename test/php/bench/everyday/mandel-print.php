<?php
// Mandelbrot set printed as characters, one echo per pixel.
require __DIR__ . '/timing.inc.php';

function mandel_print($width, $height, $maxIter)
{
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
            if ($i == $maxIter) {
                echo '*';
            } elseif ($i > 8) {
                echo '+';
            } else {
                echo ' ';
            }
        }
        echo "\n";
    }
}

timed('mandel_print', (int)($argv[1] ?? 60), (int)($argv[2] ?? 30), (int)($argv[3] ?? 100));
