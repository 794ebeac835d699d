<?php
function tag($a, $b) {
    return strlen($a) . ":" . $a . $b;
}
