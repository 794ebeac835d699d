<?php
// &, |, ^ and ~ on ints are plain 64-bit operations; bools become 0/1; ~ on a bool throws TypeError
// @types c54_bits(int, int)
// @types c54_not(int)
// @types c54_boolbits(bool, int)
// @types c54_notbool(bool)
require __DIR__ . '/_show.inc';

function c54_bits($a, $b) {
    $and = $a & $b;
    $or = $a | $b;
    $xor = $a ^ $b;
    return ($and ^ $or) === $xor ? $and + ($or & 0xFFFF) * 0 : -1;
}

function c54_not($a) {
    return ~$a;
}

function c54_boolbits($f, $n) {
    return ($f << $n) + ($n >> $f) * 0 + ($f & $n) + ($f | false) * 10 + ($f ^ true) * 100;
}

function c54_notbool($f) {
    return ~$f;
}

try { $v = c54_bits(0, 10); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c54_bits(0, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c54_bits(0, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c54_bits(0, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c54_bits(-1, 10); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c54_bits(-1, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c54_bits(-1, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
try { $v = c54_bits(-1, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(8, $v);
try { $v = c54_bits(PHP_INT_MAX, 10); } catch (\Throwable $e) { $v = $e; } pvd_show(9, $v);
try { $v = c54_bits(PHP_INT_MAX, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(10, $v);
try { $v = c54_bits(PHP_INT_MAX, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(11, $v);
try { $v = c54_bits(PHP_INT_MAX, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(12, $v);
try { $v = c54_bits(PHP_INT_MIN, 10); } catch (\Throwable $e) { $v = $e; } pvd_show(13, $v);
try { $v = c54_bits(PHP_INT_MIN, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(14, $v);
try { $v = c54_bits(PHP_INT_MIN, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(15, $v);
try { $v = c54_bits(PHP_INT_MIN, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(16, $v);
try { $v = c54_bits(12, 10); } catch (\Throwable $e) { $v = $e; } pvd_show(17, $v);
try { $v = c54_bits(12, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(18, $v);
try { $v = c54_bits(12, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(19, $v);
try { $v = c54_bits(12, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(20, $v);
try { $v = c54_not(0); } catch (\Throwable $e) { $v = $e; } pvd_show(21, $v);
try { $v = c54_not(-1); } catch (\Throwable $e) { $v = $e; } pvd_show(22, $v);
try { $v = c54_not(PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(23, $v);
try { $v = c54_not(PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(24, $v);
try { $v = c54_not(12); } catch (\Throwable $e) { $v = $e; } pvd_show(25, $v);
try { $v = c54_boolbits(true, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(26, $v);
try { $v = c54_boolbits(true, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(27, $v);
try { $v = c54_boolbits(true, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(28, $v);
try { $v = c54_boolbits(true, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(29, $v);
try { $v = c54_boolbits(true, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(30, $v);
try { $v = c54_boolbits(false, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(31, $v);
try { $v = c54_boolbits(false, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(32, $v);
try { $v = c54_boolbits(false, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(33, $v);
try { $v = c54_boolbits(false, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(34, $v);
try { $v = c54_boolbits(false, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(35, $v);
try { $v = c54_notbool(true); } catch (\Throwable $e) { $v = $e; } pvd_show(36, $v);
try { $v = c54_notbool(false); } catch (\Throwable $e) { $v = $e; } pvd_show(37, $v);
pvd_done();
