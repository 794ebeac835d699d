<?php
// Deep recursion: 1,000,000 levels must behave as plain PHP, with a kernel installed for the function.
require __DIR__ . '/wait-native.inc.php';
wait_for_service();

function down($n)
{
    return $n == 0 ? 0 : 1 + down($n - 1);
}

$s = 0;
for ($i = 0; $i < 3000; $i++) {
    $s += down($i % 50);
}
echo "warmup $s\n";
wait_for_kernel('down');
echo down(1000000), "\n";
echo down(20000), "\n";
