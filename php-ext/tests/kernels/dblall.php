<?php
function dbl_all(array &$a) {
    foreach ($a as $k => $v) {
        $a[$k] = $v * 2;
    }
}
