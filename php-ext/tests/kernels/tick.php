<?php
function tick($step) {
    static $n = 0;
    $n += $step;
    return $n;
}
