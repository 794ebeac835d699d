<?php
// Waits (bounded) until polyvirt's stream to the service is up, so the warm-up below is profiled; a no-op without polyvirt.
function wait_for_service($seconds = 5)
{
    if (!function_exists('polyvirt_status')) {
        return;
    }
    $deadline = microtime(true) + $seconds;
    while (!polyvirt_status()['connected'] && microtime(true) < $deadline) {
        usleep(5000);
    }
}

// Waits (bounded) until polyvirt has installed a kernel for $name; a no-op without polyvirt.
function wait_for_kernel($name, $seconds = 10)
{
    if (!function_exists('polyvirt_status') || !polyvirt_status()['connected']) {
        return;
    }
    $deadline = microtime(true) + $seconds;
    while (microtime(true) < $deadline) {
        $status = polyvirt_status();
        if (isset($status['kernels'][$name])) {
            return;
        }
        usleep(10000);
    }
}
