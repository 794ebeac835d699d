<?php
// 10^7 small user-function calls: measures what the extension costs when it has nothing installed.
function step($x)
{
    return $x + 1;
}

$n = (int)($argv[1] ?? 10000000);
$s = 0;
for ($i = 0; $i < $n; $i++) {
    $s = step($s);
}
echo $s, "\n";
