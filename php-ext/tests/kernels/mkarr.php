<?php
function mkarr($n) {
    return [$n, "k" => "v" . $n, "7" => $n * 2, 3 => true];
}
