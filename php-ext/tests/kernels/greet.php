<?php
function greet($n) {
    echo "n=", $n, "\n";
    return $n * 2;
}
