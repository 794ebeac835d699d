<?php
// §10/§11 var_export uses serialize_precision=-1: 0.1+0.2, 1e15, -0.0, INF, 2.0
// @types c22_ident(float)
require __DIR__ . '/_show.inc';

function c22_ident($a) {
    return $a + 0.0;
}

try { $v = c22_ident(0.1 + 0.2); } catch (\Throwable $e) { $v = $e; } pvd_show(1, $v);
try { $v = c22_ident(1e15); } catch (\Throwable $e) { $v = $e; } pvd_show(2, $v);
try { $v = c22_ident(-0.0); } catch (\Throwable $e) { $v = $e; } pvd_show(3, $v);
try { $v = c22_ident(INF); } catch (\Throwable $e) { $v = $e; } pvd_show(4, $v);
try { $v = c22_ident(-INF); } catch (\Throwable $e) { $v = $e; } pvd_show(5, $v);
try { $v = c22_ident(NAN); } catch (\Throwable $e) { $v = $e; } pvd_show(6, $v);
try { $v = c22_ident(2.0); } catch (\Throwable $e) { $v = $e; } pvd_show(7, $v);
try { $v = c22_ident(1e-10); } catch (\Throwable $e) { $v = $e; } pvd_show(8, $v);
try { $v = c22_ident(PHP_FLOAT_MAX); } catch (\Throwable $e) { $v = $e; } pvd_show(9, $v);
try { $v = c22_ident(PHP_FLOAT_MIN); } catch (\Throwable $e) { $v = $e; } pvd_show(10, $v);
pvd_done();
