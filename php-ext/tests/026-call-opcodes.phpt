--TEST--
polyvirt: calls compile to DO_UCALL (plain PHP's cost) only when no kernel can ever run in the process
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
--FILE--
<?php
require __DIR__ . '/local-cache.inc';
// The opcode dump of OPcache's optimizer shows which call opcode the compiler picked.
function call_ops(array $ini): string {
    $dir = lc_make_dir();
    $parent = lc_parent_flags();
    $flags = [];
    for ($i = 0; $i < count($parent); $i++) { // drop the parent's own OPcache settings (-d pairs)
        if ($parent[$i] === '-d' && str_contains($parent[$i + 1] ?? '', 'opcache')) { $i++; continue; }
        $flags[] = $parent[$i];
    }
    $flags = array_merge($flags, ['-d', 'zend_extension=opcache', '-d', 'opcache.enable_cli=1',
        '-d', 'opcache.jit=off', '-d', 'opcache.file_update_protection=0', '-d', 'opcache.opt_debug_level=0x20000']);
    $script = "$dir/child.php";
    file_put_contents($script, '<?php function step($x) { return $x + 1; } $s = 0; for ($i = 0; $i < 3; $i++) $s = step($s); echo $s;');
    $cmd = escapeshellarg(PHP_BINARY);
    foreach ($flags as $f) $cmd .= ' ' . escapeshellarg($f);
    foreach ($ini as $k => $v) $cmd .= ' -d ' . escapeshellarg("$k=$v");
    $out = shell_exec($cmd . ' ' . escapeshellarg($script) . ' 2>&1');
    lc_rmtree($dir);
    preg_match_all('/= (DO_[A-Z_]+)/', $out, $m);
    return implode(',', array_unique($m[1])) . ' / output ' . substr($out, -1);
}
echo 'no service, nothing installed: ', call_ops(['polyvirt.service' => '']), "\n";
echo 'service configured (absent):   ', call_ops(['polyvirt.service' => 'unix:/nonexistent/polyvirt.sock']), "\n";
// A listening socket (it never speaks gRPC; the child gives up within its shutdown bound).
$sockDir = lc_make_dir();
$server = stream_socket_server("unix://$sockDir/s.sock", $errno, $errstr);
echo 'service configured (listening): ', call_ops(['polyvirt.service' => "unix:$sockDir/s.sock"]), "\n";
fclose($server);
@unlink("$sockDir/s.sock");
lc_rmtree($sockDir);
echo 'no service, kernel preloaded:  ', call_ops(['polyvirt.service' => '', 'polyvirt.preload' => __DIR__ . '/kernels/add.so']), "\n";
echo 'polyvirt disabled:             ', call_ops(['polyvirt.enable' => '0']), "\n";
?>
--EXPECT--
no service, nothing installed: DO_UCALL / output 3
service configured (absent):   DO_UCALL / output 3
service configured (listening): DO_FCALL / output 3
no service, kernel preloaded:  DO_FCALL / output 3
polyvirt disabled:             DO_UCALL / output 3
