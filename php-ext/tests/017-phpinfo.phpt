--TEST--
polyvirt: phpinfo() lists the module state and INI settings with their defaults
--EXTENSIONS--
polyvirt
--INI--
polyvirt.service=
--FILE--
<?php
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
foreach (['polyvirt support => enabled', 'Hooked => no', 'Installed kernels => 0',
          'polyvirt.max_hook_depth => 10000 => 10000', 'polyvirt.native_stack_kb => 2048 => 2048',
          'polyvirt.profile_window_ms => 3000 => 3000', 'polyvirt.hot_calls => 1000 => 1000',
          'polyvirt.queue_size => 64 => 64', 'polyvirt.shutdown_flush_ms => 200 => 200'] as $needle) {
    echo $needle, ': ', str_contains($info, $needle) ? 'yes' : 'no', "\n";
}
?>
--EXPECT--
polyvirt support => enabled: yes
Hooked => no: yes
Installed kernels => 0: yes
polyvirt.max_hook_depth => 10000 => 10000: yes
polyvirt.native_stack_kb => 2048 => 2048: yes
polyvirt.profile_window_ms => 3000 => 3000: yes
polyvirt.hot_calls => 1000 => 1000: yes
polyvirt.queue_size => 64 => 64: yes
polyvirt.shutdown_flush_ms => 200 => 200: yes
