<?php
// deep mutual-free recursion: Ackermann
// @types c37_ack(int, int)
require __DIR__ . '/_show.inc';

function c37_ack($m, $n) {
    if ($m == 0) {
        return $n + 1;
    }
    if ($n == 0) {
        return c37_ack($m - 1, 1);
    }
    return c37_ack($m - 1, c37_ack($m, $n - 1));
}

try { $v = c37_ack(2, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c37_ack(3, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c37_ack(0, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
pvd_done();
