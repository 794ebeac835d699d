<?php
function ratio($a, $b) {
    return intdiv($a, $b);
}
