<?php
function boom($x) {
    echo "boom ", $x, "\n";
    return $x + 1;
}
