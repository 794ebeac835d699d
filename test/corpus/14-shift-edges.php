<?php
// §6 shifts: counts >= 64 shift everything out, << wraps in 64 bits, a negative count throws ArithmeticError
// @types c14_shl(int, int)
// @types c14_shr(int, int)
require __DIR__ . '/_show.inc';

function c14_shl($a, $b) {
    return $a << $b;
}

function c14_shr($a, $b) {
    return $a >> $b;
}

try { $v = c14_shl(1, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c14_shl(1, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c14_shl(1, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c14_shl(1, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c14_shl(1, 65); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c14_shl(1, PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c14_shl(1, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
try { $v = c14_shl(1, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(8, $v);
try { $v = c14_shl(-1, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(9, $v);
try { $v = c14_shl(-1, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(10, $v);
try { $v = c14_shl(-1, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(11, $v);
try { $v = c14_shl(-1, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(12, $v);
try { $v = c14_shl(-1, 65); } catch (\Throwable $e) { $v = $e; } pvd_show(13, $v);
try { $v = c14_shl(-1, PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(14, $v);
try { $v = c14_shl(-1, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(15, $v);
try { $v = c14_shl(-1, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(16, $v);
try { $v = c14_shl(PHP_INT_MAX, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(17, $v);
try { $v = c14_shl(PHP_INT_MAX, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(18, $v);
try { $v = c14_shl(PHP_INT_MAX, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(19, $v);
try { $v = c14_shl(PHP_INT_MAX, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(20, $v);
try { $v = c14_shl(PHP_INT_MAX, 65); } catch (\Throwable $e) { $v = $e; } pvd_show(21, $v);
try { $v = c14_shl(PHP_INT_MAX, PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(22, $v);
try { $v = c14_shl(PHP_INT_MAX, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(23, $v);
try { $v = c14_shl(PHP_INT_MAX, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(24, $v);
try { $v = c14_shl(PHP_INT_MIN, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(25, $v);
try { $v = c14_shl(PHP_INT_MIN, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(26, $v);
try { $v = c14_shl(PHP_INT_MIN, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(27, $v);
try { $v = c14_shl(PHP_INT_MIN, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(28, $v);
try { $v = c14_shl(PHP_INT_MIN, 65); } catch (\Throwable $e) { $v = $e; } pvd_show(29, $v);
try { $v = c14_shl(PHP_INT_MIN, PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(30, $v);
try { $v = c14_shl(PHP_INT_MIN, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(31, $v);
try { $v = c14_shl(PHP_INT_MIN, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(32, $v);
try { $v = c14_shl(5, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(33, $v);
try { $v = c14_shl(5, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(34, $v);
try { $v = c14_shl(5, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(35, $v);
try { $v = c14_shl(5, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(36, $v);
try { $v = c14_shl(5, 65); } catch (\Throwable $e) { $v = $e; } pvd_show(37, $v);
try { $v = c14_shl(5, PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(38, $v);
try { $v = c14_shl(5, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(39, $v);
try { $v = c14_shl(5, PHP_INT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(40, $v);
try { $v = c14_shr(1, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(41, $v);
try { $v = c14_shr(1, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(42, $v);
try { $v = c14_shr(1, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(43, $v);
try { $v = c14_shr(1, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(44, $v);
try { $v = c14_shr(1, 65); } catch (\Throwable $e) { $v = $e; } pvd_show(45, $v);
try { $v = c14_shr(1, PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(46, $v);
try { $v = c14_shr(1, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(47, $v);
try { $v = c14_shr(-1, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(48, $v);
try { $v = c14_shr(-1, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(49, $v);
try { $v = c14_shr(-1, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(50, $v);
try { $v = c14_shr(-1, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(51, $v);
try { $v = c14_shr(-1, 65); } catch (\Throwable $e) { $v = $e; } pvd_show(52, $v);
try { $v = c14_shr(-1, PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(53, $v);
try { $v = c14_shr(-1, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(54, $v);
try { $v = c14_shr(PHP_INT_MAX, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(55, $v);
try { $v = c14_shr(PHP_INT_MAX, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(56, $v);
try { $v = c14_shr(PHP_INT_MAX, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(57, $v);
try { $v = c14_shr(PHP_INT_MAX, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(58, $v);
try { $v = c14_shr(PHP_INT_MAX, 65); } catch (\Throwable $e) { $v = $e; } pvd_show(59, $v);
try { $v = c14_shr(PHP_INT_MAX, PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(60, $v);
try { $v = c14_shr(PHP_INT_MAX, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(61, $v);
try { $v = c14_shr(PHP_INT_MIN, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(62, $v);
try { $v = c14_shr(PHP_INT_MIN, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(63, $v);
try { $v = c14_shr(PHP_INT_MIN, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(64, $v);
try { $v = c14_shr(PHP_INT_MIN, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(65, $v);
try { $v = c14_shr(PHP_INT_MIN, 65); } catch (\Throwable $e) { $v = $e; } pvd_show(66, $v);
try { $v = c14_shr(PHP_INT_MIN, PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(67, $v);
try { $v = c14_shr(PHP_INT_MIN, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(68, $v);
try { $v = c14_shr(-5, 0); } catch (\Throwable $e) { $v = $e; } pvd_show(69, $v);
try { $v = c14_shr(-5, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(70, $v);
try { $v = c14_shr(-5, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(71, $v);
try { $v = c14_shr(-5, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(72, $v);
try { $v = c14_shr(-5, 65); } catch (\Throwable $e) { $v = $e; } pvd_show(73, $v);
try { $v = c14_shr(-5, PHP_INT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(74, $v);
try { $v = c14_shr(-5, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(75, $v);
pvd_done();
