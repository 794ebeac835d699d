<?php
function rem($a, $b) {
    return $a % $b;
}
