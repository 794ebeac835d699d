<?php
// A hot function whose comments and literals carry text crafted to escape into C++.
function evil($x) /* "); system("touch /tmp/pwned"); // */
{
    // */ } int main() { system("id"); } /*
    $y = $x * 2; # \n#include <cstdlib>
    return $y + 1 /* ")); abort(); (( */;
}

function evil_str($x)
{
    return strlen("\"); system(\"id\"); //") + $x;
}

$s = 0;
for ($i = 0; $i < 5000; $i++) {
    $s = (evil($i) + evil_str($i)) % 99991;
}
echo $s, "\n";
