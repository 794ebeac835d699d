<?php
function scaled($x) {
    return $x * Cfg::LATE + \Ns\OFF;
}
