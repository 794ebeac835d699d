<?php
function gbump() {
    global $counter;
    $counter++;
    return $counter;
}
