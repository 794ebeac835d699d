<?php
function lim() {
    static $m = BASE * 2;
    $m++;
    return $m;
}
