<?php
function show($s) {
    echo "[", $s, "]\n";
    return strlen($s);
}
