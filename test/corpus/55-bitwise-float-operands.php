<?php
// shifts and bitwise ops convert float operands to int: silently when integral, else the 8.1 deprecation
// @types c55_shl(float, int)
// @types c55_count(int, float)
// @types c55_not(float)
// @types c55_or(float, float)
require __DIR__ . '/_show.inc';

function c55_shl($a, $b) {
    return $a << $b;
}

function c55_count($a, $b) {
    return $a >> $b;
}

function c55_not($a) {
    return ~$a;
}

function c55_or($a, $b) {
    return $a | $b;
}

try { $v = c55_shl(3.0, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c55_shl(3.0, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c55_shl(3.0, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c55_shl(3.5, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c55_shl(3.5, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c55_shl(3.5, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c55_shl(-0.0, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
try { $v = c55_shl(-0.0, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(8, $v);
try { $v = c55_shl(-0.0, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(9, $v);
try { $v = c55_shl(NAN, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(10, $v);
try { $v = c55_shl(NAN, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(11, $v);
try { $v = c55_shl(NAN, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(12, $v);
try { $v = c55_shl(INF, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(13, $v);
try { $v = c55_shl(INF, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(14, $v);
try { $v = c55_shl(INF, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(15, $v);
try { $v = c55_shl(1e20, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(16, $v);
try { $v = c55_shl(1e20, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(17, $v);
try { $v = c55_shl(1e20, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(18, $v);
try { $v = c55_shl(-2.0, 1); } catch (\Throwable $e) { $v = $e; } pvd_show(19, $v);
try { $v = c55_shl(-2.0, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(20, $v);
try { $v = c55_shl(-2.0, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(21, $v);
try { $v = c55_count(-256, 3.0); } catch (\Throwable $e) { $v = $e; } pvd_show(22, $v);
try { $v = c55_count(-256, 3.5); } catch (\Throwable $e) { $v = $e; } pvd_show(23, $v);
try { $v = c55_count(-256, -0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(24, $v);
try { $v = c55_count(-256, NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(25, $v);
try { $v = c55_count(-256, INF); } catch (\Throwable $e) { $v = $e; } pvd_show(26, $v);
try { $v = c55_count(-256, 1e20); } catch (\Throwable $e) { $v = $e; } pvd_show(27, $v);
try { $v = c55_count(-256, -1.0); } catch (\Throwable $e) { $v = $e; } pvd_show(28, $v);
try { $v = c55_count(-256, 64.0); } catch (\Throwable $e) { $v = $e; } pvd_show(29, $v);
try { $v = c55_not(3.0); } catch (\Throwable $e) { $v = $e; } pvd_show(30, $v);
try { $v = c55_not(3.5); } catch (\Throwable $e) { $v = $e; } pvd_show(31, $v);
try { $v = c55_not(-0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(32, $v);
try { $v = c55_not(NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(33, $v);
try { $v = c55_not(INF); } catch (\Throwable $e) { $v = $e; } pvd_show(34, $v);
try { $v = c55_not(-INF); } catch (\Throwable $e) { $v = $e; } pvd_show(35, $v);
try { $v = c55_not(1e20); } catch (\Throwable $e) { $v = $e; } pvd_show(36, $v);
try { $v = c55_not(9.2e18); } catch (\Throwable $e) { $v = $e; } pvd_show(37, $v);
try { $v = c55_not(-9.2233720368547758E+18); } catch (\Throwable $e) { $v = $e; } pvd_show(38, $v);
try { $v = c55_or(3.0, 4.0); } catch (\Throwable $e) { $v = $e; } pvd_show(39, $v);
try { $v = c55_or(3.0, NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(40, $v);
try { $v = c55_or(-0.0, 4.0); } catch (\Throwable $e) { $v = $e; } pvd_show(41, $v);
try { $v = c55_or(-0.0, NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(42, $v);
try { $v = c55_or(0.5, 4.0); } catch (\Throwable $e) { $v = $e; } pvd_show(43, $v);
try { $v = c55_or(0.5, NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(44, $v);
pvd_done();
