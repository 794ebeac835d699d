<?php
// A hot instance method called from PHP: escape-time rows of two Grid objects held in an array,
// so each row($y) call enters the method with its own $this (declared, typed by the receivers seen).
require __DIR__ . '/timing.inc.php';

class Grid
{
    public $width;
    public $height;
    public $maxIter;
    public $x0 = -2.0;
    public $y0 = -1.0;
    public $rowsDone = 0;

    function __construct($width, $height, $maxIter)
    {
        $this->width = $width;
        $this->height = $height;
        $this->maxIter = $maxIter;
    }

    function row($y)
    {
        $ci = $this->y0 + 2.0 * $y / $this->height;
        $sum = 0;
        for ($x = 0; $x < $this->width; $x++) {
            $cr = $this->x0 + 3.0 * $x / $this->width;
            $zr = 0.0;
            $zi = 0.0;
            $i = 0;
            while ($i < $this->maxIter && $zr * $zr + $zi * $zi <= 4.0) {
                $t = $zr * $zr - $zi * $zi + $cr;
                $zi = 2.0 * $zr * $zi + $ci;
                $zr = $t;
                $i++;
            }
            $sum += $i;
        }
        $this->rowsDone++;
        return $sum;
    }
}

function methods($size, $rounds)
{
    $grids = [new Grid($size, $size, 60), new Grid(2 * $size, $size, 30)];
    for ($r = 0; $r < $rounds; $r++) {
        foreach ($grids as $k => $g) {
            $total = 0;
            for ($y = 0; $y < $g->height; $y++) {
                $total += $g->row($y);
            }
            echo "round $r grid $k: $total iterations, {$g->rowsDone} rows\n";
        }
    }
}

timed('methods', (int)($argv[1] ?? 100), (int)($argv[2] ?? 2));
