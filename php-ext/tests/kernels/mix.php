<?php
function mix($x, $y) {
    return $x * 0.5 + $y / 3.0;
}
