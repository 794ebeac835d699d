<?php
// compound shifts and xors in a loop: a xorshift generator and a bit count (>> is arithmetic in PHP)
// @types c56_xorshift(int, int)
// @types c56_popcount(int)
require __DIR__ . '/_show.inc';

function c56_xorshift($seed, $n) {
    $x = $seed;
    for ($i = 0; $i < $n; $i++) {
        $x ^= $x << 13;
        $x ^= $x >> 7;
        $x ^= $x << 17;
    }
    return $x;
}

function c56_popcount($v) {
    $c = 0;
    for ($i = 0; $i < 64; $i++) {
        $c += ($v >> $i) & 1;
    }
    $w = $v;
    $w &= 0xFF;
    $w |= 0x100;
    return $c * 1000 + $w;
}

try { $v = c56_xorshift(1, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c56_xorshift(1, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c56_xorshift(1, 10); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c56_xorshift(1, 1000); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c56_xorshift(88172645463325252, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c56_xorshift(88172645463325252, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c56_xorshift(88172645463325252, 10); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
try { $v = c56_xorshift(88172645463325252, 1000); } catch (\Throwable $e) { $v = $e; } pvd_show(8, $v);
try { $v = c56_xorshift(-1, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(9, $v);
try { $v = c56_xorshift(-1, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(10, $v);
try { $v = c56_xorshift(-1, 10); } catch (\Throwable $e) { $v = $e; } pvd_show(11, $v);
try { $v = c56_xorshift(-1, 1000); } catch (\Throwable $e) { $v = $e; } pvd_show(12, $v);
try { $v = c56_xorshift(PHP_INT_MIN, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(13, $v);
try { $v = c56_xorshift(PHP_INT_MIN, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(14, $v);
try { $v = c56_xorshift(PHP_INT_MIN, 10); } catch (\Throwable $e) { $v = $e; } pvd_show(15, $v);
try { $v = c56_xorshift(PHP_INT_MIN, 1000); } catch (\Throwable $e) { $v = $e; } pvd_show(16, $v);
try { $v = c56_xorshift(0, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(17, $v);
try { $v = c56_xorshift(0, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(18, $v);
try { $v = c56_xorshift(0, 10); } catch (\Throwable $e) { $v = $e; } pvd_show(19, $v);
try { $v = c56_xorshift(0, 1000); } catch (\Throwable $e) { $v = $e; } pvd_show(20, $v);
try { $v = c56_popcount(0); } catch (\Throwable $e) { $v = $e; } pvd_show(21, $v);
try { $v = c56_popcount(1); } catch (\Throwable $e) { $v = $e; } pvd_show(22, $v);
try { $v = c56_popcount(-1); } catch (\Throwable $e) { $v = $e; } pvd_show(23, $v);
try { $v = c56_popcount(PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(24, $v);
try { $v = c56_popcount(PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(25, $v);
try { $v = c56_popcount(255); } catch (\Throwable $e) { $v = $e; } pvd_show(26, $v);
try { $v = c56_popcount(12345); } catch (\Throwable $e) { $v = $e; } pvd_show(27, $v);
pvd_done();
