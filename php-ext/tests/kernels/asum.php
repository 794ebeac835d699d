<?php
function asum($a) {
    $s = 0;
    foreach ($a as $v) {
        $s += $v;
    }
    return $s;
}
