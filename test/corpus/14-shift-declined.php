<?php
// §6 shifts (not in the code generator yet: this kernel declines, PHP runs it)
// @types c14_shl(int, int)
require __DIR__ . '/_show.inc';

function c14_shl($a, $b) {
    return $a << $b;
}

try { $v = c14_shl(1, 3); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c14_shl(1, 64); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c14_shl(-1, 63); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c14_shl(1, -1); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
pvd_done();
