<?php
function push_sq(array &$a, $n) {
    $a[] = $n * $n;
    return count($a);
}
