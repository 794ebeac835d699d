<?php
// (bool), (float), (int) of edge values
// @types c45_cs(float)
require __DIR__ . '/_show.inc';

function c45_cs($a) {
    return (int)$a + ((bool)$a ? 100 : 0) + (float)(int)$a;
}

try { $v = c45_cs(0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c45_cs(-0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c45_cs(0.5); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c45_cs(NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c45_cs(-1.5); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
pvd_done();
